#include <gumbo.h>

#include <algorithm>
#include <functional>

#include "extract/content_hints.h"
#include "extract/dom_text.h"
#include "extract/main_content_scorer.h"

namespace newsd::main_content {

void NodeIndex::Reserve(std::size_t n) {
  std::size_t cap = 64;
  while (cap < n * 2) cap *= 2;
  slots_.assign(cap, {nullptr, -1});
  used_ = 0;
}

std::size_t NodeIndex::Slot(const GumboNode* node) const {
  const auto h = std::hash<const GumboNode*>{}(node)*0x9E3779B97F4A7C15ull;
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = (h >> 20) & mask;
  while (slots_[i].first != nullptr && slots_[i].first != node) i = (i + 1) & mask;
  return i;
}

void NodeIndex::Insert(const GumboNode* node, int id) {
  if ((used_ + 1) * 2 > slots_.size()) {
    std::vector<std::pair<const GumboNode*, int>> old;
    old.swap(slots_);
    Reserve(std::max<std::size_t>(old.size(), 32));
    for (const auto& [n, i] : old) {
      if (n != nullptr) Insert(n, i);
    }
  }
  auto& slot = slots_[Slot(node)];
  if (slot.first == nullptr) ++used_;
  slot = {node, id};
}

int NodeIndex::Find(const GumboNode* node) const {
  if (slots_.empty()) return -1;
  return slots_[Slot(node)].second;
}

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

void Scorer::Measure(const GumboNode* body) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
    int info;
    int block;  // nearest block element (info index) at or above
    bool in_link;
  };
  std::vector<Frame> stack;
  infos_.reserve(1024);
  index_.Reserve(1024);
  infos_.push_back({body});
  index_.Insert(body, 0);
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
    const ElementHints hints = ClassHints(child);
    info.weight = hints.weight;
    info.boiler = IsBoilerplateTag(child);
    info.lead = hints.lead;
    info.ad = hints.ad;
    info.tables = child->v.element.tag == GUMBO_TAG_TABLE ? 1 : 0;
    infos_.push_back(info);
    index_.Insert(child, id);
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
  // "ad" names slots that CMSs also wrap around body text: prose with
  // commas and hardly a link is not an advert.
  if (i.ad && i.text >= 800 && LinkDensity(i) < 0.1 && i.commas * 200 >= i.text) return false;
  if (i.weight <= kStrongNegativeWeight) return true;
  if (i.weight < 0) return LinkDensity(i) > 0.25 || i.text < 300;
  return false;
}

}  // namespace newsd::main_content
