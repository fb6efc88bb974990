#include "extract/main_content.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/content_hints.h"
#include "extract/dom_text.h"

namespace newsd {
namespace {

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
  int end = 0;          // one past the last descendant (pre-order index)
  bool scored = false;
  double score = 0;
};

// Counts characters (code points) that are not whitespace, links, commas.
void CountText(std::string_view s, std::uint32_t& chars, std::uint32_t& commas) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c <= ' ' || (c & 0xC0) == 0x80) continue;
    ++chars;
    if (c == ',') ++commas;
    // U+FF0C fullwidth comma, U+3001 ideographic comma, U+060C Arabic comma.
    if (c == 0xEF && i + 2 < s.size() && s[i + 1] == '\xBC' && s[i + 2] == '\x8C') ++commas;
    if (c == 0xE3 && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\x81') ++commas;
    if (c == 0xD8 && i + 1 < s.size() && s[i + 1] == '\x8C') ++commas;
  }
}

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
  std::unordered_map<const GumboNode*, int> index_;
  std::uint32_t total_text_ = 0;
};

void Scorer::Measure(const GumboNode* body) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
    int info;
    int block;  // nearest block element (info index) at or above
    bool in_link;
  };
  std::vector<Frame> stack;
  infos_.push_back({body});
  index_.emplace(body, 0);
  stack.push_back({body, 0, 0, 0, false});
  while (!stack.empty()) {
    Frame& f = stack.back();
    const GumboVector& children = f.node->v.element.children;
    if (f.next >= children.length) {
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[f.next++]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
      std::uint32_t chars = 0;
      std::uint32_t commas = 0;
      CountText(child->v.text.text, chars, commas);
      Info& owner = infos_[static_cast<std::size_t>(f.info)];
      owner.text += chars;
      owner.commas += commas;
      if (f.in_link) owner.link += chars;
      Info& block = infos_[static_cast<std::size_t>(f.block)];
      block.own_text += chars;
      block.own_commas += commas;
      if (f.in_link) block.own_link += chars;
      continue;
    }
    if (child->type != GUMBO_NODE_ELEMENT || IsNonTextElement(child)) continue;
    const int id = static_cast<int>(infos_.size());
    Info info;
    info.node = child;
    info.parent = f.info;
    info.weight = ClassWeight(child);
    info.boiler = IsBoilerplateTag(child);
    info.lead = IsLeadElement(child);
    info.tables = child->v.element.tag == GUMBO_TAG_TABLE ? 1 : 0;
    infos_.push_back(info);
    index_.emplace(child, id);
    const bool link = f.in_link || child->v.element.tag == GUMBO_TAG_A;
    const int block = IsBlockElement(child) || child->v.element.tag == GUMBO_TAG_TD ||
                              child->v.element.tag == GUMBO_TAG_TH
                          ? id
                          : f.block;
    stack.push_back({child, 0, id, block, link});
  }
  // Subtree sums: children come after their parent in pre-order.
  for (std::size_t i = 0; i < infos_.size(); ++i) infos_[i].end = static_cast<int>(i) + 1;
  for (std::size_t i = infos_.size(); i-- > 1;) {
    Info& p = infos_[static_cast<std::size_t>(infos_[i].parent)];
    p.end = std::max(p.end, infos_[i].end);
    p.text += infos_[i].text;
    p.link += infos_[i].link;
    p.commas += infos_[i].commas;
    p.tables += infos_[i].tables;
  }
  total_text_ = infos_[0].text;
}

void Scorer::ScoreBlocks() {
  auto init = [](Info& c) {
    if (c.scored) return;
    c.scored = true;
    c.score = c.weight;
    switch (c.node->v.element.tag) {
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_ARTICLE:
      case GUMBO_TAG_MAIN:
      case GUMBO_TAG_SECTION:
        c.score += 5;
        break;
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_BLOCKQUOTE:
        c.score += 3;
        break;
      case GUMBO_TAG_FORM:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_UL:
      case GUMBO_TAG_LI:
      case GUMBO_TAG_DL:
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
        c.score -= 3;
        break;
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
      case GUMBO_TAG_TH:
        c.score -= 5;
        break;
      default:
        break;
    }
    if (IsArticleTag(c.node)) c.score += 10;
  };
  // Elements that look like furniture (and do not hold most of the text)
  // neither score nor pass scores up.
  std::vector<char> unlikely(infos_.size(), 0);
  for (std::size_t i = 1; i < infos_.size(); ++i) {
    // An element named like article text starts afresh below a furniture
    // wrapper ("sidebar-layout" > "article__content").
    const Info& n = infos_[i];
    const bool fresh = n.weight > 0 || IsArticleTag(n.node);
    unlikely[i] = (unlikely[static_cast<std::size_t>(n.parent)] && !fresh) || Furniture(n);
  }
  for (std::size_t i = 1; i < infos_.size(); ++i) {
    const Info& b = infos_[i];
    if (unlikely[i] || b.own_text < 25) continue;
    const GumboTag tag = b.node->v.element.tag;
    if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_A || tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 ||
        tag == GUMBO_TAG_H3) {
      continue;
    }
    const double own_ld = static_cast<double>(b.own_link) / b.own_text;
    if (own_ld > 0.5) continue;
    const double commas = std::min<double>(b.own_commas, b.own_text / 100.0);
    const double s = (1.0 + commas + std::min(b.own_text / 100.0, 3.0)) * (1.0 - own_ld);
    int level = 0;
    for (int a = b.parent; a >= 0 && level < 3; a = infos_[static_cast<std::size_t>(a)].parent) {
      Info& anc = infos_[static_cast<std::size_t>(a)];
      init(anc);
      anc.score += s / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
      ++level;
    }
    // The block itself also counts as a candidate (a lone long <p>-less div).
    Info& self = infos_[i];
    init(self);
    self.score += s;
  }
}

// Page furniture by tag or name; weak names only count for link-heavy or
// short elements, and nothing holding most of the page's text counts.
bool Scorer::Furniture(const Info& i) const {
  if (i.text * 2 > total_text_ && i.text > 200) return false;
  // A figure holding a table is a data table, not an image caption.
  if (i.boiler && !(i.tables > 0 && i.node->v.element.tag == GUMBO_TAG_FIGURE)) return true;
  if (i.weight <= kStrongNegativeWeight) return true;
  if (i.weight < 0) return LinkDensity(i) > 0.25 || i.text < 300;
  return false;
}

bool Scorer::Drop(const GumboNode* n) const {
  const auto it = index_.find(n);
  if (it == index_.end()) return false;
  const Info& i = infos_[static_cast<std::size_t>(it->second)];
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

// Renders the roots; a heading whose section lost all its text to the drop
// rules ("Related articles" over a dropped link list) is dropped with it.
std::string Scorer::Render(const std::vector<const GumboNode*>& roots) const {
  TextBuilder b;
  std::vector<std::pair<std::size_t, std::size_t>> headings;  // [start, end) in b
  DropFilter drop;
  drop = [this, &b, &headings, &drop](const GumboNode* n) {
    if (Drop(n)) return true;
    if (!IsSubHeading(n)) return false;
    // The label of a block the rules dropped ("Read also:" over a link list).
    if (const GumboNode* next = NextElement(n); next != nullptr && Drop(next)) {
      const auto it = index_.find(next);
      const GumboTag tag = next->v.element.tag;
      const bool list = tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DL ||
                        (it != index_.end() && LinkDensity(infos_[static_cast<std::size_t>(it->second)]) > 0.5);
      if (list && infos_[static_cast<std::size_t>(index_.at(n))].text < 80) return true;
    }
    b.ParagraphBreak();
    const std::size_t start = b.size();
    RenderText(n, b, drop);
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

// Drops paragraphs that are furniture whatever their container: copyright
// lines and very short call-to-action lines ("Share", "Print").
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

// Articles split into several wrappers (text, ad, text) give several strong
// candidates: when three of the best nearly match the winner, their lowest
// common ancestor with it is the article.
int Scorer::WidenToCommonAncestor(int top, double best) const {
  std::vector<int> alts;
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const Info& c = infos_[i];
    if (!c.scored || static_cast<int>(i) == top) continue;
    if (c.score * (1.0 - LinkDensity(c)) >= 0.75 * best) alts.push_back(static_cast<int>(i));
  }
  if (alts.size() < 3) return top;
  auto is_below = [this](int node, int ancestor) {
    for (int a = node; a >= 0; a = infos_[static_cast<std::size_t>(a)].parent) {
      if (a == ancestor) return true;
    }
    return false;
  };
  for (int a = infos_[static_cast<std::size_t>(top)].parent; a > 0;
       a = infos_[static_cast<std::size_t>(a)].parent) {
    int count = 0;
    for (int alt : alts) count += is_below(alt, a) && alt != a ? 1 : 0;
    if (count >= 3) return a;
  }
  return top;
}

// The standfirst/intro often sits in the article header, outside the body
// container: lead-named blocks of prose just before the winner (within its
// parent or grandparent) are put in front of it.
std::vector<const GumboNode*> Scorer::LeadsBefore(int top) const {
  std::vector<const GumboNode*> leads;
  // Up through wrappers that hold little besides the winner (the article's
  // header, intro and body), at most five levels.
  const std::uint32_t limit = infos_[static_cast<std::size_t>(top)].text * 2 + 400;
  int a = infos_[static_cast<std::size_t>(top)].parent;
  for (int level = 0; level < 5 && a >= 0 && infos_[static_cast<std::size_t>(a)].text <= limit;
       ++level, a = infos_[static_cast<std::size_t>(a)].parent) {
    for (int j = a + 1; j < top; ++j) {
      const Info& c = infos_[static_cast<std::size_t>(j)];
      if (c.end > top) continue;  // an ancestor of the winner
      if (c.lead && c.text >= 40 && LinkDensity(c) < 0.3 && !c.boiler) {
        leads.push_back(c.node);
        j = c.end - 1;  // skip its descendants
      }
    }
    if (!leads.empty()) break;
  }
  return leads;
}

// Articles cut into sections by the CMS ("article-section-0", "-1", ...)
// beyond the reach of sibling joining: other strong candidates of the same
// tag and class as the winner, outside it, are parts of the same text.
std::vector<int> Scorer::SameKindParts(int top, double best) const {
  std::vector<int> parts;
  const Info& t = infos_[static_cast<std::size_t>(top)];
  const std::string_view cls = Attribute(t.node, "class");
  if (cls.empty()) return parts;
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const Info& c = infos_[i];
    const int ci = static_cast<int>(i);
    if (!c.scored || ci == top || (ci < top && c.end > top) || (ci > top && ci < t.end)) continue;
    if (c.node->v.element.tag != t.node->v.element.tag || Attribute(c.node, "class") != cls) continue;
    if (c.score * (1.0 - LinkDensity(c)) >= 0.5 * best) parts.push_back(ci);
  }
  return parts;
}

std::string Scorer::Extract(const MainContentOptions& options) {
  if (total_text_ == 0) return {};
  ScoreBlocks();
  int top = -1;
  double best = 0;
  for (std::size_t i = 0; i < infos_.size(); ++i) {
    const Info& c = infos_[i];
    if (!c.scored) continue;
    const double s = c.score * (1.0 - LinkDensity(c));
    if (top < 0 || s > best) {
      top = static_cast<int>(i);
      best = s;
    }
  }
  if (std::getenv("XQ_DEBUG") != nullptr) {
    std::vector<int> order;
    for (std::size_t i = 0; i < infos_.size(); ++i)
      if (infos_[i].scored) order.push_back(static_cast<int>(i));
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      auto sc = [&](int x) { const Info& c = infos_[x]; return c.score * (1.0 - LinkDensity(c)); };
      return sc(a) > sc(b);
    });
    for (std::size_t k = 0; k < order.size() && k < 12; ++k) {
      const Info& c = infos_[order[k]];
      std::fprintf(stderr, "#%d %s.%s#%s score=%.1f ld=%.2f text=%u own=%u w=%d\n", order[k],
                   gumbo_normalized_tagname(c.node->v.element.tag),
                   std::string(Attribute(c.node, "class")).c_str(),
                   std::string(Attribute(c.node, "id")).c_str(), c.score, LinkDensity(c), c.text,
                   c.own_text, c.weight);
    }
  }
  if (top >= 0) top = WidenToCommonAncestor(top, best);
  if (std::getenv("XQ_DEBUG") != nullptr) std::fprintf(stderr, "chosen #%d\n", top);
  std::string main;
  if (top >= 0) {
    const Info& t = infos_[static_cast<std::size_t>(top)];
    std::vector<const GumboNode*> roots = LeadsBefore(top);
    if (t.parent < 0) {
      roots.push_back(t.node);
    } else {
      // Siblings that look like more of the article join the winner.
      const double threshold = std::max(10.0, best * 0.2);
      const GumboNode* parent = infos_[static_cast<std::size_t>(t.parent)].node;
      const GumboVector& kids = parent->v.element.children;
      for (unsigned k = 0; k < kids.length; ++k) {
        const auto* s = static_cast<const GumboNode*>(kids.data[k]);
        const auto it = index_.find(s);
        if (it == index_.end()) continue;
        const Info& si = infos_[static_cast<std::size_t>(it->second)];
        bool keep = it->second == top;
        if (!keep && !Furniture(si)) {
          const double ld = LinkDensity(si);
          keep = (si.scored && si.score * (1.0 - ld) >= threshold) ||
                 (s->v.element.tag == GUMBO_TAG_P && si.text > 80 && ld < 0.25) ||
                 (si.text > 400 && ld < 0.15);
        }
        if (keep) roots.push_back(s);
      }
    }
    for (int part : SameKindParts(top, best)) roots.push_back(infos_[static_cast<std::size_t>(part)].node);
    // A lead may also be (inside) a joined sibling: render each node once,
    // in document order.
    std::sort(roots.begin(), roots.end(),
              [this](const GumboNode* x, const GumboNode* y) { return index_.at(x) < index_.at(y); });
    std::vector<const GumboNode*> unique;
    for (const GumboNode* r : roots) {
      const int ri = index_.at(r);
      bool covered = false;
      for (const GumboNode* q : roots) {
        const int qi = index_.at(q);
        covered =
            covered || (qi != ri && qi <= ri && ri < infos_[static_cast<std::size_t>(qi)].end);
      }
      if (!covered && std::find(unique.begin(), unique.end(), r) == unique.end()) {
        unique.push_back(r);
      }
    }
    main = FilterParagraphs(Render(unique));
  }
  // Trafilatura's safeguard: a short container result is compared with a
  // cleaned rendering of the whole body, which wins when it holds much more.
  if (main.size() < options.compare_below_chars) {
    std::string fallback = FilterParagraphs(Render({infos_[0].node}));
    const bool much_more = static_cast<double>(fallback.size()) >
                           static_cast<double>(main.size()) * options.fallback_ratio;
    if (much_more || (main.size() < options.min_chars && fallback.size() > main.size())) {
      main = std::move(fallback);
    }
  }
  return main;
}

}  // namespace

std::string ExtractMainText(const GumboNode* body, const MainContentOptions& options) {
  if (body == nullptr || body->type != GUMBO_NODE_ELEMENT) return {};
  Scorer scorer(body);
  return scorer.Extract(options);
}

}  // namespace newsd
