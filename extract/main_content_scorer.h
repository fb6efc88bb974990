// Internals of ExtractMainText (main_content.h), shared by
// main_content.cpp (choosing the article), main_content_measure.cpp
// (measuring and scoring elements) and main_content_render.cpp (rendering
// without boilerplate). Not a public interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/main_content.h"

struct GumboInternalNode;

namespace newsd::main_content {

using GumboNode = ::GumboInternalNode;

// What the scorer knows about one element below <body>.
struct Info {
  const GumboNode* node = nullptr;
  int parent = -1;
  std::uint32_t text = 0;      // characters of text in the subtree
  std::uint32_t link = 0;      // of which inside <a>
  std::uint32_t commas = 0;    // in the subtree
  std::uint32_t tables = 0;    // <table> elements in the subtree
  std::uint32_t own_text = 0;  // inline text of this block (not in child blocks)
  std::uint32_t own_link = 0;
  std::uint32_t own_commas = 0;
  int weight = 0;       // ClassWeight
  bool boiler = false;  // IsBoilerplateTag
  bool lead = false;    // IsLeadElement
  bool ad = false;      // ElementHints::ad
  int end = 0;          // one past the last descendant (pre-order index)
  bool scored = false;
  double score = 0;
};

// Element -> index into the scorer's table: open addressing on the node
// address (one allocation per page instead of one per element).
class NodeIndex {
 public:
  void Reserve(std::size_t n);
  void Insert(const GumboNode* node, int id);
  // -1 when `node` was not measured (non-text elements, text nodes).
  int Find(const GumboNode* node) const;

 private:
  std::size_t Slot(const GumboNode* node) const;
  std::vector<std::pair<const GumboNode*, int>> slots_;
  std::size_t used_ = 0;
};

// Counts characters (code points) that are not whitespace, links, commas.
void CountText(std::string_view s, std::uint32_t& chars, std::uint32_t& commas);

// A sub-heading (h2-h6) or a paragraph that is one bold run.
bool IsSubHeading(const GumboNode* n);

// Drops paragraphs that are furniture whatever their container (copyright lines).
std::string FilterParagraphs(const std::string& text);

// Scores the elements below <body> and renders the winner. Internal to
// ExtractMainText; split over main_content*.cpp.
class Scorer {
 public:
  explicit Scorer(const GumboNode* body) { Measure(body); }

  std::string Extract(const MainContentOptions& options);

 private:
  void Measure(const GumboNode* body);
  void ScoreBlocks();
  double LinkDensity(const Info& i) const {
    return i.text == 0 ? 0 : static_cast<double>(i.link) / i.text;
  }
  bool Drop(const GumboNode* n) const;
  bool Furniture(const Info& i) const;
  int WidenToCommonAncestor(int top, double best) const;
  std::vector<const GumboNode*> LeadsBefore(int top) const;
  std::vector<int> SameKindParts(int top, double best) const;
  std::string Render(const std::vector<const GumboNode*>& roots) const;

  std::vector<Info> infos_;
  NodeIndex index_;
  std::uint32_t total_text_ = 0;
};

}  // namespace newsd::main_content
