#include <gumbo.h>

#include <utility>

#include "extract/content_hints.h"
#include "extract/dom_text.h"
#include "extract/main_content_scorer.h"

namespace newsd::main_content {
namespace {

const GumboNode* NextElement(const GumboNode* n) {
  const GumboNode* p = n->parent;
  if (p == nullptr || p->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboVector& kids = p->v.element.children;
  for (unsigned i = n->index_within_parent + 1; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_ELEMENT && !IsNonTextElement(k)) return k;
    if (k->type == GUMBO_NODE_TEXT) return nullptr;
  }
  return nullptr;
}

}  // namespace

bool Scorer::Drop(const GumboNode* n) const {
  const int id = index_.Find(n);
  if (id < 0) return false;
  const Info& i = infos_[static_cast<std::size_t>(id)];
  if (i.text * 2 > total_text_ && i.text > 200) return false;
  if (Furniture(i)) return true;
  const GumboTag tag = n->v.element.tag;
  if (tag == GUMBO_TAG_FORM && LinkDensity(i) > 0.2) return true;
  if (i.text == 0) return false;
  const double ld = LinkDensity(i);
  if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DL) return ld > 0.35;
  // Inline elements (links, ruby, spans) are judged with their paragraph.
  if (!IsBlockElement(n) && tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH) return false;
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      // Prose keeps its links; a fully linked short line or heading is a
      // teaser for another page.
      if (tag != GUMBO_TAG_P && tag != GUMBO_TAG_BLOCKQUOTE) return ld > 0.8;
      return ld > 0.6 && i.text < 200;
    default:
      return ld > 0.55;
  }
}

bool IsSubHeading(const GumboNode* n) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    case GUMBO_TAG_P:
      break;
    default:
      return false;
  }
  // A paragraph that is one bold run ("<p><strong>Read more:</strong></p>").
  const GumboVector& kids = n->v.element.children;
  const GumboNode* only = nullptr;
  for (unsigned i = 0; i < kids.length; ++i) {
    const auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_COMMENT) continue;
    if (only != nullptr || k->type != GUMBO_NODE_ELEMENT) return false;
    only = k;
  }
  return only != nullptr &&
         (only->v.element.tag == GUMBO_TAG_STRONG || only->v.element.tag == GUMBO_TAG_B);
}

// Renders the roots; a heading whose section lost all its text to the drop
// rules ("Related articles" over a dropped link list) is dropped with it.
std::string Scorer::Render(const std::vector<const GumboNode*>& roots) const {
  TextBuilder b;
  std::vector<std::pair<std::size_t, std::size_t>> headings;  // [start, end) in b
  DropFilter drop;
  bool in_heading = false;  // headings nest only through other elements; one level is handled
  drop = [this, &b, &headings, &drop, &in_heading](const GumboNode* n) {
    if (Drop(n)) return true;
    if (in_heading || !IsSubHeading(n)) return false;
    const int id = index_.Find(n);
    if (id < 0) return false;
    // The label of a block the rules dropped ("Read also:" over a link list).
    if (const GumboNode* next = NextElement(n); next != nullptr && Drop(next)) {
      const int ni = index_.Find(next);
      const GumboTag tag = next->v.element.tag;
      const bool list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DL ||
                        (ni >= 0 && LinkDensity(infos_[static_cast<std::size_t>(ni)]) > 0.5);
      if (list && infos_[static_cast<std::size_t>(id)].text < 80) return true;
    }
    b.ParagraphBreak();
    const std::size_t start = b.size();
    in_heading = true;  // bounds the recursion: a heading inside is rendered as text
    RenderText(n, b, drop);
    in_heading = false;
    b.ParagraphBreak();
    if (b.size() > start) headings.emplace_back(start, b.size());
    return true;  // rendered here
  };
  for (const GumboNode* r : roots) {
    b.ParagraphBreak();
    RenderText(r, b, drop);
  }
  std::string text = b.Take();
  // Orphans: nothing but breaks between the heading and the next heading or
  // the end. Removed back to front so earlier offsets stay valid.
  std::size_t next = text.size();
  for (auto it = headings.rbegin(); it != headings.rend(); ++it) {
    const auto [start, end] = *it;
    bool orphan = true;
    for (std::size_t i = end; i < next && orphan; ++i) orphan = text[i] == '\n' || text[i] == ' ';
    // A heading that is a sentence (a pull quote) stays.
    const char last = text[end - 1];
    if (orphan && last != '.' && last != '!' && last != '?') text.erase(start, end - start);
    next = start;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  const std::size_t first = text.find_first_not_of("\n ");
  return first == std::string::npos ? std::string() : text.substr(first);
}

// Copyright lines.
std::string FilterParagraphs(const std::string& text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view para(text.data() + pos, end - pos);
    const bool copyright =
        para.size() < 250 && (para.find("\xC2\xA9") != std::string_view::npos ||
                              para.find("Copyright") != std::string_view::npos ||
                              para.find("All rights reserved") != std::string_view::npos);
    if (!copyright) {
      if (!out.empty()) out.append("\n\n");
      out.append(para);
    }
    pos = end + 2;
  }
  return out;
}

}  // namespace newsd::main_content
