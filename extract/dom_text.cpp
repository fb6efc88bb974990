#include "extract/dom_text.h"

#include <gumbo.h>
#include <strings.h>

#include <utility>
#include <vector>

namespace newsd {
namespace {

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool ContainsNoCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (strncasecmp(hay.data() + i, needle.data(), needle.size()) == 0) return true;
  }
  return false;
}

// "display: none" with any spacing.
bool StyleHides(std::string_view style) {
  std::string compact;
  compact.reserve(style.size());
  for (char c : style) {
    if (!IsAsciiSpace(c)) compact.push_back(c);
  }
  return ContainsNoCase(compact, "display:none") || ContainsNoCase(compact, "visibility:hidden");
}

}  // namespace

void TextBuilder::Flush() {
  if (out_.empty()) {
    pending_ = kNone;
    return;
  }
  switch (pending_) {
    case kNone:
      break;
    case kSpace:
      out_.push_back(' ');
      break;
    case kLine:
      out_.push_back('\n');
      break;
    case kParagraph:
      out_.append("\n\n");
      break;
  }
  pending_ = kNone;
}

void TextBuilder::AddText(std::string_view raw, bool preformatted) {
  for (char c : raw) {
    if (IsAsciiSpace(c)) {
      if (preformatted && c == '\n') {
        if (pending_ < kLine) pending_ = kLine;
      } else if (pending_ < kSpace) {
        pending_ = kSpace;
      }
      continue;
    }
    if (pending_ != kNone) Flush();
    out_.push_back(c);
  }
}

void TextBuilder::LineBreak() {
  if (pending_ < kLine) pending_ = kLine;
}

void TextBuilder::ParagraphBreak() { pending_ = kParagraph; }

std::string TextBuilder::Take() {
  pending_ = kNone;
  return std::exchange(out_, {});
}

std::string_view Attribute(const GumboNode* node, const char* name) {
  if (node == nullptr || node->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a != nullptr && a->value != nullptr ? std::string_view(a->value) : std::string_view();
}

bool IsBlockElement(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_HTML:
      return true;
    default:
      return false;
  }
}

bool IsNonTextElement(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_NOSCRIPT: {
      // Markup inside <noscript> is what readers without JavaScript see
      // (some sites put the whole article there); bare text is a "please
      // enable JavaScript" notice.
      const GumboVector& kids = node->v.element.children;
      for (unsigned i = 0; i < kids.length; ++i) {
        const auto* k = static_cast<const GumboNode*>(kids.data[i]);
        if (k->type == GUMBO_NODE_ELEMENT && k->v.element.tag != GUMBO_TAG_IMG) return false;
      }
      return true;
    }
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_METER:
    case GUMBO_TAG_PROGRESS:
    case GUMBO_TAG_RT:  // ruby annotations (furigana): the base text is the text
    case GUMBO_TAG_RP:
      return true;
    case GUMBO_TAG_UNKNOWN:
      break;
    default:
      break;
  }
  const GumboVector& attrs = node->v.element.attributes;
  if (attrs.length == 0) return false;
  if (gumbo_get_attribute(&attrs, "hidden") != nullptr) return true;
  const GumboAttribute* aria = gumbo_get_attribute(&attrs, "aria-hidden");
  if (aria != nullptr && aria->value != nullptr && strcasecmp(aria->value, "true") == 0)
    return true;
  const std::string_view style = Attribute(node, "style");
  return !style.empty() && StyleHides(style);
}

void RenderText(const GumboNode* root, TextBuilder& out, const DropFilter& drop) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack;
  int pre_depth = 0;
  auto enter = [&](const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        out.AddText(n->v.text.text, pre_depth > 0);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return;  // comments, document
    }
    if (n != root && (IsNonTextElement(n) || (drop && drop(n)))) return;
    const GumboTag tag = n->v.element.tag;
    if (tag == GUMBO_TAG_BR) {
      out.LineBreak();
      return;
    }
    if (IsBlockElement(n)) out.ParagraphBreak();
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) out.AddText(" ");
    if (tag == GUMBO_TAG_PRE) ++pre_depth;
    stack.push_back({n, 0});
  };
  enter(root);
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& children = f.node->v.element.children;
    if (f.next < children.length) {
      enter(static_cast<const GumboNode*>(children.data[f.next++]));
      continue;
    }
    const GumboNode* n = f.node;
    stack.pop_back();
    if (n->v.element.tag == GUMBO_TAG_PRE) --pre_depth;
    if (IsBlockElement(n)) out.ParagraphBreak();
    if (n->v.element.tag == GUMBO_TAG_TD || n->v.element.tag == GUMBO_TAG_TH) out.AddText(" ");
  }
}

std::string InlineText(const GumboNode* root) {
  TextBuilder b;
  RenderText(root, b, [](const GumboNode*) { return false; });
  std::string s = b.Take();
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  // Collapse the double spaces left by paragraph breaks.
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace newsd
