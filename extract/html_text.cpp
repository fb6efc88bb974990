#include "extract/html_text.h"

#include <gumbo.h>

#include "extract/charset.h"
#include "extract/dom_text.h"
#include "extract/html_document.h"
#include "extract/text_runs.h"

namespace newsd {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Removes every occurrence of `what` from `s`.
void EraseAll(std::string& s, std::string_view what) {
  std::size_t pos = 0;
  while ((pos = s.find(what, pos)) != std::string::npos) s.erase(pos, what.size());
}

// Cleans one line (no '\n' inside).
std::string CleanLine(std::string line) {
  EraseAll(line, "<![CDATA[");
  EraseAll(line, "]]>");
  // Literal comments, with or without their "<": "!-- ... -->".
  for (;;) {
    std::size_t open = line.find("!--");
    if (open == std::string::npos) break;
    if (open > 0 && line[open - 1] == '<') --open;
    const std::size_t close = line.find("-->", open);
    if (close == std::string::npos) {
      line.erase(open);  // unclosed: the rest of the line is the comment
      break;
    }
    line.erase(open, close + 3 - open);
  }
  // A "-->" left alone closes a comment whose start was lost.
  const std::size_t tail = line.find("-->");
  if (tail != std::string::npos) line.erase(0, tail + 3);
  // Removals can leave double spaces behind.
  std::string collapsed;
  collapsed.reserve(line.size());
  for (char c : line) {
    if (c == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
    collapsed.push_back(c);
  }
  line.swap(collapsed);
  std::size_t b = 0;
  std::size_t e = line.size();
  while (b < e && IsSpace(line[b])) ++b;
  while (e > b && IsSpace(line[e - 1])) --e;
  return line.substr(b, e - b);
}

}  // namespace

std::string CleanMarkupLeftovers(std::string_view text) {
  if (text.find("--") == std::string_view::npos && text.find("]]>") == std::string_view::npos &&
      text.find("<![") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  bool blank_pending = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view raw = text.substr(pos, nl - pos);
    std::string line = CleanLine(std::string(raw));
    if (line.empty()) {
      blank_pending = blank_pending || raw.empty() || !out.empty();
    } else {
      if (!out.empty()) out.append(blank_pending ? "\n\n" : "\n");
      out.append(line);
      blank_pending = false;
    }
    pos = nl + 1;
  }
  return out;
}

namespace {

// Gumbo parse and render of `utf8`; with `squeeze`, long text runs are
// swapped out for the parse (extract/text_runs.h) and put back after.
std::string RenderFragment(const std::string& utf8, bool squeeze) {
  SqueezedHtml squeezed;
  squeeze = squeeze && SqueezeTextRuns(utf8, squeezed);
  HtmlDocument doc(squeeze ? squeezed.html : utf8);
  TextBuilder b;
  RenderText(doc.Body(), b, [](const GumboNode* n) {
    return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_FORM;
  });
  if (!squeeze) return CleanMarkupLeftovers(b.Take());
  return CleanMarkupLeftovers(ExpandTextRuns(b.Take(), squeezed.runs));
}

}  // namespace

std::string HtmlFragmentToText(std::string_view html) {
  const std::string utf8 = ScrubUtf8(html);
  // No tag, no entity, no character Gumbo rewrites: the document is one
  // text node in <body>, so render it directly.
  if (utf8.find_first_of("<&") == std::string::npos && !HasCharGumboRewrites(utf8)) {
    TextBuilder b;
    b.AddText(utf8);
    return CleanMarkupLeftovers(b.Take());
  }
  return RenderFragment(utf8, true);
}

std::string HtmlFragmentToTextReference(std::string_view html) {
  return RenderFragment(ScrubUtf8(html), false);
}

}  // namespace newsd
