#include "alerts/rule.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <tuple>

namespace newsd::alerts {
namespace {

struct PosSpan {
  HitField field;
  std::uint32_t ws, we;
};

bool FieldAllowed(QueryField q, HitField h) {
  switch (q) {
    case QueryField::kAny:
      return h == HitField::kTitle || h == HitField::kText;
    case QueryField::kTitle:
      return h == HitField::kTitle;
    case QueryField::kText:
      return h == HitField::kText;
    case QueryField::kEntity:
      return h == HitField::kEntity;
    case QueryField::kQuote:
      return h == HitField::kQuote;
  }
  return false;
}

std::pair<std::vector<Hit>::const_iterator, std::vector<Hit>::const_iterator> HitsOf(
    const EvalContext& ctx, std::uint32_t pattern) {
  if (ctx.hits == nullptr) return {};
  return std::equal_range(ctx.hits->begin(), ctx.hits->end(), Hit{pattern},
                          [](const Hit& a, const Hit& b) { return a.pattern < b.pattern; });
}

bool EqualsIgnoreAsciiCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool MetaTrue(const RuleNode& n, const EvalContext& ctx) {
  if (ctx.article == nullptr) return true;  // compile-time probe: assume it can hold
  const Article& a = *ctx.article;
  if (n.meta_field == "lang") return EqualsIgnoreAsciiCase(a.lang, n.meta_value);
  if (a.feed == n.meta_value) return true;
  return std::find(a.sources.begin(), a.sources.end(), n.meta_value) != a.sources.end();
}

void Spans(const RuleNode& n, const EvalContext& ctx, std::vector<PosSpan>& out) {
  switch (n.kind) {
    case QueryNode::Kind::kTerm: {
      auto [b, e] = HitsOf(ctx, n.pattern);
      for (auto it = b; it != e; ++it) {
        if (FieldAllowed(n.field, it->field)) out.push_back({it->field, it->ws, it->we});
      }
      return;
    }
    case QueryNode::Kind::kOr:
      for (const auto& c : n.children) Spans(c, ctx, out);
      return;
    case QueryNode::Kind::kNear: {
      std::vector<PosSpan> l, r;
      Spans(n.children[0], ctx, l);
      if (l.empty()) return;
      Spans(n.children[1], ctx, r);
      const auto d = static_cast<std::uint32_t>(n.distance);
      for (const auto& a : l) {
        for (const auto& b : r) {
          if (a.field != b.field) continue;
          const bool ab = a.we <= b.ws && b.ws - a.we <= d;
          const bool ba = !n.ordered && b.we <= a.ws && a.ws - b.we <= d;
          if (ab || ba) out.push_back({a.field, std::min(a.ws, b.ws), std::max(a.we, b.we)});
        }
      }
      return;
    }
    default:
      return;
  }
}

bool Bool(const RuleNode& n, const EvalContext& ctx) {
  switch (n.kind) {
    case QueryNode::Kind::kTerm: {
      auto [b, e] = HitsOf(ctx, n.pattern);
      for (auto it = b; it != e; ++it) {
        if (FieldAllowed(n.field, it->field)) return true;
      }
      return false;
    }
    case QueryNode::Kind::kMeta:
      return MetaTrue(n, ctx);
    case QueryNode::Kind::kAnd:
      for (const auto& c : n.children) {
        if (!Bool(c, ctx)) return false;
      }
      return true;
    case QueryNode::Kind::kOr:
      for (const auto& c : n.children) {
        if (Bool(c, ctx)) return true;
      }
      return false;
    case QueryNode::Kind::kNot:
      // At compile time (no article) a NOT can always be true.
      return ctx.article == nullptr || !Bool(n.children[0], ctx);
    case QueryNode::Kind::kNear: {
      std::vector<PosSpan> s;
      Spans(n, ctx, s);
      return !s.empty();
    }
  }
  return false;
}

// Terms outside any NOT: their hits are the evidence reported.
void PositiveTerms(const RuleNode& n, std::vector<const RuleNode*>& out) {
  if (n.kind == QueryNode::Kind::kNot) return;
  if (n.kind == QueryNode::Kind::kTerm) out.push_back(&n);
  for (const auto& c : n.children) PositiveTerms(c, out);
}

// At most this many spans per term are reported (the evidence, not an index).
constexpr int kMaxSpansPerTerm = 8;

void AddSpans(std::uint32_t pattern, QueryField field, const std::string& term,
              const EvalContext& ctx, std::vector<MatchSpan>& out) {
  auto [b, e] = HitsOf(ctx, pattern);
  int n = 0;
  for (auto it = b; it != e && n < kMaxSpansPerTerm; ++it) {
    if (!FieldAllowed(field, it->field)) continue;
    ++n;
    out.push_back({HitFieldName(it->field), it->byte_start, it->byte_end, term});
  }
}

bool PassesFilters(const WatchSpec& s, const Article& a) {
  if (!s.feeds.empty()) {
    bool ok = std::find(s.feeds.begin(), s.feeds.end(), a.feed) != s.feeds.end();
    for (const auto& src : a.sources) {
      ok = ok || std::find(s.feeds.begin(), s.feeds.end(), src) != s.feeds.end();
    }
    if (!ok) return false;
  }
  if (!s.tags.empty()) {
    bool ok = false;
    for (const auto& t : a.feed_tags) {
      ok = ok || std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end();
    }
    if (!ok) return false;
  }
  if (!s.languages.empty()) {
    bool ok = false;
    for (const auto& l : s.languages) ok = ok || EqualsIgnoreAsciiCase(l, a.lang);
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const char* HitFieldName(HitField f) {
  switch (f) {
    case HitField::kTitle:
      return "title";
    case HitField::kText:
      return "text";
    case HitField::kEntity:
      return "entity";
    case HitField::kQuote:
      return "quote";
  }
  return "text";
}

std::optional<WatchMatch> EvaluateRule(const Rule& rule, const EvalContext& ctx) {
  if (rule.has_filters && ctx.article != nullptr && !PassesFilters(rule.spec, *ctx.article)) {
    return std::nullopt;
  }
  if (rule.has_query && !Bool(rule.query, ctx)) return std::nullopt;
  WatchMatch m;
  m.watch = rule.spec.id;
  m.score = 1.0;
  if (!rule.weighted.empty()) {
    double score = 0;
    for (std::size_t i = 0; i < rule.weighted.size(); ++i) {
      if (ctx.article == nullptr || Bool(rule.weighted[i], ctx)) {
        score += rule.weights[i];
        const RuleNode& t = rule.weighted[i];
        if (ctx.article != nullptr) AddSpans(t.pattern, t.field, t.term, ctx, m.spans);
      }
    }
    // At compile time every weighted term counts as absent.
    if (ctx.article == nullptr) score = 0;
    if (score < rule.spec.threshold.value_or(0)) return std::nullopt;
    m.score = score;
  }
  if (rule.has_query && ctx.article != nullptr) {
    for (const EvidenceTerm& t : rule.evidence) AddSpans(t.pattern, t.field, t.term, ctx, m.spans);
  }
  std::sort(m.spans.begin(), m.spans.end(), [](const MatchSpan& a, const MatchSpan& b) {
    return std::tie(a.field, a.start, a.end, a.term) < std::tie(b.field, b.start, b.end, b.term);
  });
  m.spans.erase(std::unique(m.spans.begin(), m.spans.end(),
                            [](const MatchSpan& a, const MatchSpan& b) {
                              return a.field == b.field && a.start == b.start && a.end == b.end &&
                                     a.term == b.term;
                            }),
                m.spans.end());
  return m;
}

namespace {

using Anchors = std::optional<std::vector<std::uint32_t>>;

// The better of two anchor sets: the one whose shortest literal is longest
// (longer literals are rarer words), then the smaller one.
Anchors Better(Anchors a, Anchors b, const std::vector<Pattern>& pats) {
  if (!a) return b;
  if (!b) return a;
  auto shortest = [&](const std::vector<std::uint32_t>& v) {
    std::size_t m = SIZE_MAX;
    for (auto p : v) m = std::min(m, pats[p].literal.size());
    return m;
  };
  const std::size_t sa = shortest(*a), sb = shortest(*b);
  if (sa != sb) return sa > sb ? a : b;
  return a->size() <= b->size() ? a : b;
}

Anchors NodeAnchors(const RuleNode& n, const std::vector<Pattern>& pats) {
  switch (n.kind) {
    case QueryNode::Kind::kTerm:
      return std::vector<std::uint32_t>{n.pattern};
    case QueryNode::Kind::kOr: {
      std::vector<std::uint32_t> all;
      for (const auto& c : n.children) {
        Anchors a = NodeAnchors(c, pats);
        if (!a) return std::nullopt;
        all.insert(all.end(), a->begin(), a->end());
      }
      return all;
    }
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kNear: {
      Anchors best;
      for (const auto& c : n.children) best = Better(best, NodeAnchors(c, pats), pats);
      return best;
    }
    default:  // NOT, feed:, lang:
      return std::nullopt;
  }
}

}  // namespace

Anchors AnchorPatterns(const Rule& rule, const std::vector<Pattern>& pats) {
  Anchors q = rule.has_query ? NodeAnchors(rule.query, pats) : std::nullopt;
  Anchors w;
  if (!rule.weighted.empty() && rule.spec.threshold.value_or(0) > 0) {
    std::vector<std::uint32_t> all;
    for (const auto& t : rule.weighted) all.push_back(t.pattern);
    w = all;
  }
  return Better(q, w, pats);
}

void FinalizeRule(Rule& rule) {
  rule.has_filters =
      !rule.spec.feeds.empty() || !rule.spec.tags.empty() || !rule.spec.languages.empty();
  rule.evidence.clear();
  if (rule.has_query) {
    std::vector<const RuleNode*> terms;
    PositiveTerms(rule.query, terms);
    for (const RuleNode* t : terms) rule.evidence.push_back({t->pattern, t->field, t->term});
  }
}

namespace {

// Sorted, distinct patterns every match of `n` hits.
std::vector<std::uint32_t> Required(const RuleNode& n) {
  std::vector<std::uint32_t> out;
  switch (n.kind) {
    case QueryNode::Kind::kTerm:
      out.push_back(n.pattern);
      break;
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kNear:
      for (const auto& c : n.children) {
        auto r = Required(c);
        out.insert(out.end(), r.begin(), r.end());
      }
      std::sort(out.begin(), out.end());
      out.erase(std::unique(out.begin(), out.end()), out.end());
      break;
    case QueryNode::Kind::kOr:
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        auto r = Required(n.children[i]);
        if (i == 0) {
          out = std::move(r);
          continue;
        }
        std::vector<std::uint32_t> both;
        std::set_intersection(out.begin(), out.end(), r.begin(), r.end(), std::back_inserter(both));
        out = std::move(both);
      }
      break;
    default:  // NOT, feed:, lang: need no hit
      break;
  }
  return out;
}

}  // namespace

std::vector<std::uint32_t> RequiredPatterns(const Rule& rule) {
  return rule.has_query ? Required(rule.query) : std::vector<std::uint32_t>{};
}

bool MatchesWithoutHits(const Rule& rule) {
  EvalContext probe;  // no article, no hits
  return EvaluateRule(rule, probe).has_value();
}

}  // namespace newsd::alerts
