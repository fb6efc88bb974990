// Turning a Gumbo DOM (sub)tree into readable plain text.
//
// Block elements (p, div, li, h1..h6, tr, ...) become paragraph breaks, <br>
// a line break, table cells are separated by a space; whitespace inside a
// paragraph is collapsed (kept inside <pre>). Elements that never carry
// readable text (script, style, noscript, template, iframe, svg, form
// controls) and hidden elements (hidden, aria-hidden, display:none) are
// dropped. All functions are pure and thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>

struct GumboInternalNode;

namespace newsd {

// Accumulates text: collapses whitespace runs to one space, merges breaks.
class TextBuilder {
 public:
  // Appends `raw`; runs of ASCII whitespace become one space unless
  // `preformatted`, where newlines are kept as line breaks.
  void AddText(std::string_view raw, bool preformatted = false);
  // Ends the current line ("\n"); no-op at the start of the text.
  void LineBreak();
  // Ends the current paragraph ("\n\n"); no-op at the start of the text.
  void ParagraphBreak();
  // The text so far, without trailing breaks. Leaves the builder empty.
  std::string Take();
  std::size_t size() const { return out_.size(); }

 private:
  enum Pending { kNone = 0, kSpace = 1, kLine = 2, kParagraph = 3 };
  void Flush();
  std::string out_;
  Pending pending_ = kNone;
};

// Returns the value of attribute `name` of element `node`, or "" when absent.
std::string_view Attribute(const GumboInternalNode* node, const char* name);

// True for elements rendered as their own paragraph.
bool IsBlockElement(const GumboInternalNode* node);

// True for elements whose content is never readable text (script, style,
// noscript, template, iframe, svg, canvas, select, button, textarea, ...),
// and for hidden elements.
bool IsNonTextElement(const GumboInternalNode* node);

// Called for every element below the start node; return true to drop it
// with everything inside it.
using DropFilter = std::function<bool(const GumboInternalNode*)>;

// Appends the text of `root` and its descendants to `out`. Iterative: safe
// on arbitrarily deep trees. Non-text elements are always dropped; `drop`
// (may be empty) drops more.
void RenderText(const GumboInternalNode* root, TextBuilder& out, const DropFilter& drop = {});

// The text content of `root` on one line (whitespace collapsed), e.g. for a
// title or a <time> element.
std::string InlineText(const GumboInternalNode* root);

}  // namespace newsd
