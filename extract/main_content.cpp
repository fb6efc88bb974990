#include "extract/main_content.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "extract/content_hints.h"
#include "extract/dom_text.h"
#include "extract/main_content_scorer.h"

namespace newsd {
namespace main_content {

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
    if (c.node->v.element.tag != t.node->v.element.tag || Attribute(c.node, "class") != cls)
      continue;
    if (c.score * (1.0 - LinkDensity(c)) >= 0.3 * best) parts.push_back(ci);
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
      auto sc = [&](int x) {
        const Info& c = infos_[x];
        return c.score * (1.0 - LinkDensity(c));
      };
      return sc(a) > sc(b);
    });
    for (std::size_t k = 0; k < order.size() && k < 8; ++k) {
      const Info& c = infos_[order[k]];
      std::fprintf(stderr, "#%d %s.%s#%s score=%.1f ld=%.2f text=%u own=%u w=%d\n", order[k],
                   gumbo_normalized_tagname(c.node->v.element.tag),
                   std::string(Attribute(c.node, "class")).c_str(),
                   std::string(Attribute(c.node, "id")).c_str(), c.score, LinkDensity(c), c.text,
                   c.own_text, c.weight);
    }
  }
  if (top >= 0) top = WidenToCommonAncestor(top, best);
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
        const int sid = index_.Find(s);
        if (sid < 0) continue;
        const Info& si = infos_[static_cast<std::size_t>(sid)];
        bool keep = sid == top;
        if (!keep && !Furniture(si)) {
          const double ld = LinkDensity(si);
          keep = (si.scored && si.score * (1.0 - ld) >= threshold) ||
                 (s->v.element.tag == GUMBO_TAG_P && si.text > 80 && ld < 0.25) ||
                 (si.text > 400 && ld < 0.15);
        }
        if (keep) roots.push_back(s);
      }
    }
    for (int part : SameKindParts(top, best))
      roots.push_back(infos_[static_cast<std::size_t>(part)].node);
    // A lead may also be (inside) a joined sibling: render each node once,
    // in document order.
    std::sort(roots.begin(), roots.end(), [this](const GumboNode* x, const GumboNode* y) {
      return index_.Find(x) < index_.Find(y);
    });
    std::vector<const GumboNode*> unique;
    for (const GumboNode* r : roots) {
      const int ri = index_.Find(r);
      bool covered = false;
      for (const GumboNode* q : roots) {
        const int qi = index_.Find(q);
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
      if (std::getenv("XQ_DEBUG") != nullptr)
        std::fprintf(stderr, "FALLBACK %zu -> %zu\n", main.size(), fallback.size());
      main = std::move(fallback);
    }
  }
  return main;
}

}  // namespace main_content

std::string ExtractMainText(const GumboNode* body, const MainContentOptions& options) {
  if (body == nullptr || body->type != GUMBO_NODE_ELEMENT) return {};
  main_content::Scorer scorer(body);
  return scorer.Extract(options);
}

}  // namespace newsd
