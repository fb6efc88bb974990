#include "alerts/matcher.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include <hs/hs.h>

#include "alerts/rule.h"
#include "core/hash.h"

namespace newsd::alerts {

struct WatchMatcher::Impl {
  std::vector<Rule> rules;
  std::vector<Pattern> patterns;
  std::vector<std::vector<std::uint32_t>> rules_of_pattern;  // while compiling
  // The same flattened (read per hit pattern): the rules anchored on pattern
  // p are anchored_rules[anchored_begin[p] .. anchored_begin[p + 1]).
  std::vector<std::uint32_t> anchored_begin, anchored_rules;
  std::vector<std::uint32_t> always_rules;
  // Per rule r, a necessary condition checked before EvaluateRule: the
  // patterns req[req_begin[r] .. req_begin[r+1]) are all hit, and the weights
  // of its weighted terms whose pattern was hit (wt[wt_begin[r] ..
  // wt_begin[r+1])) add up to at least its threshold.
  std::vector<std::uint32_t> req_begin, req;
  std::vector<std::uint32_t> wt_begin;
  std::vector<std::pair<std::uint32_t, double>> wt;
  std::vector<double> threshold;
  bool any_case = false;
  hs_database_t* db = nullptr;
  hs_scratch_t* proto_scratch = nullptr;
  mutable std::mutex mu;
  mutable std::vector<hs_scratch_t*> free_scratch;  // guarded by mu

  ~Impl() {
    for (hs_scratch_t* s : free_scratch) hs_free_scratch(s);
    if (proto_scratch != nullptr) hs_free_scratch(proto_scratch);
    if (db != nullptr) hs_free_database(db);
  }

  hs_scratch_t* AcquireScratch() const {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!free_scratch.empty()) {
        hs_scratch_t* s = free_scratch.back();
        free_scratch.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(proto_scratch, &s) != HS_SUCCESS) return nullptr;
    return s;
  }

  void ReleaseScratch(hs_scratch_t* s) const {
    std::lock_guard<std::mutex> lock(mu);
    free_scratch.push_back(s);
  }
};

namespace {

struct Compiler {
  WatchMatcher::Impl& impl;
  std::map<std::pair<int, std::string>, std::uint32_t> interned;

  std::uint32_t Intern(const std::string& text, bool prefix, bool case_sensitive) {
    const FoldMode mode = case_sensitive ? FoldMode::kCase : FoldMode::kFold;
    std::vector<std::string> words = FoldWords(text, mode);
    std::string lit = " ";
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i > 0) lit += ' ';
      lit += words[i];
    }
    if (!prefix) lit += ' ';
    auto key = std::make_pair(static_cast<int>(mode), lit);
    auto it = interned.find(key);
    if (it != interned.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(impl.patterns.size());
    impl.patterns.push_back({lit, mode, static_cast<std::uint32_t>(words.size())});
    impl.rules_of_pattern.emplace_back();
    if (case_sensitive) impl.any_case = true;
    interned.emplace(std::move(key), id);
    return id;
  }

  RuleNode Bind(const QueryNode& q, Rule& rule) {
    RuleNode n;
    n.kind = q.kind;
    n.field = q.field;
    n.meta_field = q.meta_field;
    n.meta_value = q.meta_value;
    n.distance = q.distance;
    n.ordered = q.ordered;
    if (q.kind == QueryNode::Kind::kTerm) {
      n.pattern = Intern(q.text, q.prefix, q.case_sensitive);
      n.term = q.text + (q.prefix ? "*" : "");
      rule.patterns.push_back(n.pattern);
    }
    for (const auto& c : q.children) n.children.push_back(Bind(c, rule));
    return n;
  }
};

Status CompileRule(const WatchSpec& spec, Compiler& c, Rule& rule) {
  const std::string who = "watch \"" + spec.id + "\"";
  rule.spec = spec;
  if (spec.query.empty() && spec.terms.empty()) {
    return Fail(ErrorKind::kInvalidArgument, who + ": needs a query or weighted terms");
  }
  if (!spec.query.empty()) {
    auto q = ParseQuery(spec.query, spec.id);
    if (!q) return Fail(q.error());
    rule.has_query = true;
    rule.query = c.Bind(*q, rule);
  }
  if (!spec.terms.empty() && !spec.threshold) {
    return Fail(ErrorKind::kInvalidArgument, who + ": weighted terms need a threshold");
  }
  for (std::size_t i = 0; i < spec.terms.size(); ++i) {
    std::string text = spec.terms[i].first;
    const std::string where = who + ": terms[" + std::to_string(i) + "] '" + text + "'";
    QueryNode t;
    t.kind = QueryNode::Kind::kTerm;
    t.prefix = !text.empty() && text.back() == '*';
    if (t.prefix) text.pop_back();
    if (text.find('*') != std::string::npos) {
      return Fail(ErrorKind::kInvalidArgument,
                  where + ": '*' is only allowed at the end of a term");
    }
    if (FoldWords(text, FoldMode::kFold).empty()) {
      return Fail(ErrorKind::kInvalidArgument, where + ": has no words to match");
    }
    if (!(spec.terms[i].second > 0)) {
      return Fail(ErrorKind::kInvalidArgument, where + ": weight must be greater than 0");
    }
    t.text = text;
    rule.weighted.push_back(c.Bind(t, rule));
    rule.weights.push_back(spec.terms[i].second);
  }
  std::sort(rule.patterns.begin(), rule.patterns.end());
  rule.patterns.erase(std::unique(rule.patterns.begin(), rule.patterns.end()), rule.patterns.end());
  FinalizeRule(rule);
  rule.always_candidate = MatchesWithoutHits(rule);
  return OkStatus();
}

using RawHits = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // pattern, end offset

int OnMatch(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  static_cast<RawHits*>(ctx)->emplace_back(id, static_cast<std::uint32_t>(to));
  return 0;
}

}  // namespace

Result<std::unique_ptr<WatchMatcher>> WatchMatcher::Compile(const std::vector<WatchSpec>& specs) {
  auto impl = std::make_unique<Impl>();
  Compiler c{*impl, {}};
  std::set<std::string> ids;
  for (const auto& spec : specs) {
    if (spec.id.empty()) return Fail(ErrorKind::kInvalidArgument, "watch without an id");
    if (!ids.insert(spec.id).second) {
      return Fail(ErrorKind::kInvalidArgument, "watch \"" + spec.id + "\": duplicate id");
    }
    Rule rule;
    if (auto s = CompileRule(spec, c, rule); !s) return Fail(s.error());
    const auto r = static_cast<std::uint32_t>(impl->rules.size());
    // A rule is evaluated only when one of its anchor patterns is hit.
    auto anchors = AnchorPatterns(rule, impl->patterns);
    if (rule.always_candidate || !anchors) {
      impl->always_rules.push_back(r);
    } else {
      std::sort(anchors->begin(), anchors->end());
      anchors->erase(std::unique(anchors->begin(), anchors->end()), anchors->end());
      for (std::uint32_t p : *anchors) impl->rules_of_pattern[p].push_back(r);
    }
    impl->req_begin.push_back(static_cast<std::uint32_t>(impl->req.size()));
    for (std::uint32_t p : RequiredPatterns(rule)) impl->req.push_back(p);
    impl->wt_begin.push_back(static_cast<std::uint32_t>(impl->wt.size()));
    for (std::size_t i = 0; i < rule.weighted.size(); ++i) {
      impl->wt.emplace_back(rule.weighted[i].pattern, rule.weights[i]);
    }
    impl->threshold.push_back(rule.weighted.empty() ? 0.0 : rule.spec.threshold.value_or(0));
    impl->rules.push_back(std::move(rule));
  }
  impl->req_begin.push_back(static_cast<std::uint32_t>(impl->req.size()));
  impl->wt_begin.push_back(static_cast<std::uint32_t>(impl->wt.size()));
  for (const auto& rs : impl->rules_of_pattern) {
    impl->anchored_begin.push_back(static_cast<std::uint32_t>(impl->anchored_rules.size()));
    impl->anchored_rules.insert(impl->anchored_rules.end(), rs.begin(), rs.end());
  }
  impl->anchored_begin.push_back(static_cast<std::uint32_t>(impl->anchored_rules.size()));
  impl->rules_of_pattern.clear();
  impl->rules_of_pattern.shrink_to_fit();
  if (!impl->patterns.empty()) {
    std::vector<const char*> exprs;
    std::vector<std::size_t> lens;
    std::vector<unsigned> flags, hs_ids;
    for (std::size_t i = 0; i < impl->patterns.size(); ++i) {
      exprs.push_back(impl->patterns[i].literal.data());
      lens.push_back(impl->patterns[i].literal.size());
      flags.push_back(0);
      hs_ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), hs_ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &impl->db,
                             &err) != HS_SUCCESS) {
      std::string msg = err != nullptr ? err->message : "unknown error";
      if (err != nullptr) hs_free_compile_error(err);
      return Fail(ErrorKind::kInternal, "watch rules: hyperscan compile failed: " + msg);
    }
    if (hs_alloc_scratch(impl->db, &impl->proto_scratch) != HS_SUCCESS) {
      return Fail(ErrorKind::kInternal, "watch rules: hyperscan scratch allocation failed");
    }
  }
  return std::unique_ptr<WatchMatcher>(new WatchMatcher(std::move(impl)));
}

WatchMatcher::WatchMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WatchMatcher::~WatchMatcher() = default;

std::size_t WatchMatcher::pattern_count() const { return impl_->patterns.size(); }
std::size_t WatchMatcher::rule_count() const { return impl_->rules.size(); }

namespace {

// Buffers of one Match() call, reused by the calls of a thread (no
// allocation per article once they have grown). Stamps: pattern p was hit in
// this call iff pat_stamp[p] == gen; rule r is a candidate iff
// rule_stamp[r] == gen.
struct MatchScratch {
  RawHits raw;
  std::vector<Hit> hits;
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> pat_stamp, rule_stamp;
  std::uint32_t gen = 0;

  void Begin(std::size_t patterns, std::size_t rules) {
    if (++gen == 0) {  // wrapped: forget every old stamp
      std::fill(pat_stamp.begin(), pat_stamp.end(), 0);
      std::fill(rule_stamp.begin(), rule_stamp.end(), 0);
      gen = 1;
    }
    if (pat_stamp.size() < patterns) pat_stamp.resize(patterns, 0);
    if (rule_stamp.size() < rules) rule_stamp.resize(rules, 0);
    hits.clear();
    candidates.clear();
  }
};

MatchScratch& ThreadScratch() {
  thread_local MatchScratch s;
  return s;
}

// Scans one folded field and appends its hits (and stamps their patterns).
void ScanField(const WatchMatcher::Impl& impl, hs_scratch_t* scratch, const FoldedText& ft,
               FoldMode mode, HitField field, const Article& a, MatchScratch& ms) {
  ms.raw.clear();
  if (hs_scan(impl.db, ft.stream.data(), static_cast<unsigned>(ft.stream.size()), 0, scratch,
              OnMatch, &ms.raw) != HS_SUCCESS) {
    return;
  }
  long last = 0;  // the last word of the previous hit (hits come mostly in order)
  for (const auto& [id, to] : ms.raw) {
    const Pattern& p = impl.patterns[id];
    if (p.mode != mode || p.words == 0) continue;
    // The literal " w1 .. wn " (or " w1 .. wn-prefix") ends in or just after
    // its last word, which is the last word starting before `to`; it must
    // start one byte before word n - words + 1.
    last = ft.WordBefore(to - 1, last);
    if (last < 0) continue;
    const long w = last - static_cast<long>(p.words) + 1;
    if (w < 0 || ft.word[w].pos != to - p.literal.size() + 1) continue;
    Hit h;
    h.pattern = id;
    h.field = field;
    h.ws = static_cast<std::uint32_t>(w);
    h.we = h.ws + p.words;
    if (field == HitField::kTitle || field == HitField::kText) {
      h.byte_start = ft.word[h.ws].src_start;
      h.byte_end = ft.word[h.we - 1].src_end;
    } else if (field == HitField::kEntity) {
      const Entity& e = a.entities[ft.word[h.ws].piece / 2];
      h.byte_start = static_cast<std::uint32_t>(e.start);
      h.byte_end = static_cast<std::uint32_t>(e.end);
    } else {
      const Quote& q = a.quotes[ft.word[h.ws].piece];
      h.byte_start = static_cast<std::uint32_t>(q.start);
      h.byte_end = static_cast<std::uint32_t>(q.end);
    }
    ms.hits.push_back(h);
    ms.pat_stamp[id] = ms.gen;
  }
}

// The cheap necessary conditions of rule r (see Impl::req, Impl::wt).
bool MayMatch(const WatchMatcher::Impl& impl, const MatchScratch& ms, std::uint32_t r) {
  for (std::uint32_t i = impl.req_begin[r]; i < impl.req_begin[r + 1]; ++i) {
    if (ms.pat_stamp[impl.req[i]] != ms.gen) return false;
  }
  const std::uint32_t wb = impl.wt_begin[r], we = impl.wt_begin[r + 1];
  if (wb == we) return true;
  double bound = 0;
  for (std::uint32_t i = wb; i < we; ++i) {
    if (ms.pat_stamp[impl.wt[i].first] == ms.gen) bound += impl.wt[i].second;
  }
  return bound >= impl.threshold[r];
}

FoldedArticle::Fields FoldFields(const Article& a, FoldMode mode) {
  FoldedArticle::Fields f;
  f.title = FoldText(a.title, mode);
  f.text = FoldText(a.text, mode);
  if (!a.entities.empty()) {
    FoldedTextBuilder b(mode);
    for (std::uint32_t i = 0; i < a.entities.size(); ++i) {
      b.AddPiece(a.entities[i].text, 2 * i);
      b.AddPiece(a.entities[i].canonical, 2 * i + 1);
    }
    f.entity = b.Finish();
  }
  if (!a.quotes.empty()) {
    FoldedTextBuilder b(mode);
    for (std::uint32_t i = 0; i < a.quotes.size(); ++i) b.AddPiece(a.quotes[i].text, i);
    f.quote = b.Finish();
  }
  return f;
}

void ScanFields(const WatchMatcher::Impl& impl, hs_scratch_t* scratch,
                const FoldedArticle::Fields& f, FoldMode mode, const Article& a, MatchScratch& ms) {
  ScanField(impl, scratch, f.title, mode, HitField::kTitle, a, ms);
  ScanField(impl, scratch, f.text, mode, HitField::kText, a, ms);
  if (!a.entities.empty()) ScanField(impl, scratch, f.entity, mode, HitField::kEntity, a, ms);
  if (!a.quotes.empty()) ScanField(impl, scratch, f.quote, mode, HitField::kQuote, a, ms);
}

}  // namespace

FoldedArticle WatchMatcher::Prepare(const Article& article) const {
  FoldedArticle f;
  if (impl_->db == nullptr) return f;
  f.fold = FoldFields(article, FoldMode::kFold);
  if (impl_->any_case) f.exact = FoldFields(article, FoldMode::kCase);
  return f;
}

std::vector<WatchMatch> WatchMatcher::Match(const Article& article) const {
  return Match(article, Prepare(article));
}

std::vector<WatchMatch> WatchMatcher::Match(const Article& article,
                                            const FoldedArticle& prepared) const {
  MatchScratch& ms = ThreadScratch();
  ms.Begin(impl_->patterns.size(), impl_->rules.size());
  if (impl_->db != nullptr) {
    hs_scratch_t* scratch = impl_->AcquireScratch();
    if (scratch != nullptr) {
      ScanFields(*impl_, scratch, prepared.fold, FoldMode::kFold, article, ms);
      if (prepared.exact) {
        ScanFields(*impl_, scratch, *prepared.exact, FoldMode::kCase, article, ms);
      }
      impl_->ReleaseScratch(scratch);
    }
  }
  std::vector<Hit>& hits = ms.hits;
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::tie(a.pattern, a.field, a.ws) < std::tie(b.pattern, b.field, b.ws);
  });
  // Candidates: the rules anchored on a pattern that was hit, and the rules
  // that can match without hits; each once, in the order of the specs.
  for (std::uint32_t r : impl_->always_rules) {
    ms.rule_stamp[r] = ms.gen;
    ms.candidates.push_back(r);
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (i > 0 && hits[i].pattern == hits[i - 1].pattern) continue;
    const std::uint32_t p = hits[i].pattern;
    for (std::uint32_t k = impl_->anchored_begin[p]; k < impl_->anchored_begin[p + 1]; ++k) {
      const std::uint32_t r = impl_->anchored_rules[k];
      if (ms.rule_stamp[r] == ms.gen) continue;
      ms.rule_stamp[r] = ms.gen;
      if (MayMatch(*impl_, ms, r)) ms.candidates.push_back(r);
    }
  }
  std::sort(ms.candidates.begin(), ms.candidates.end());
  std::vector<WatchMatch> out;
  EvalContext ctx{&article, &hits};
  for (std::uint32_t r : ms.candidates) {
    if (auto m = EvaluateRule(impl_->rules[r], ctx)) out.push_back(std::move(*m));
  }
  return out;
}

std::string AlertId(const std::string& watch, const std::string& article_key) {
  return Sha256Hex(watch + "\n" + article_key);
}

std::string AlertArticleKey(const Article& article) {
  return article.canonical_url.empty() ? article.content_hash : article.canonical_url;
}

Alert MakeAlert(const WatchMatch& m, const Article& article, TimePoint now) {
  Alert a;
  a.id = AlertId(m.watch, AlertArticleKey(article));
  a.watch = m.watch;
  a.article_id = article.id;
  a.created = now;
  a.matched = m.spans;
  a.score = m.score;
  return a;
}

}  // namespace newsd::alerts
