// A compiled watch rule (internal to alerts/): the query tree with every term
// bound to a literal pattern of the matcher's Hyperscan database, and the
// evaluation of the rule over the hits of one article.
//
// Thread-safe: a Rule is immutable after compilation; Evaluate is const.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alerts/matcher.h"
#include "alerts/query.h"
#include "alerts/text_fold.h"

namespace newsd::alerts {

// The field a hit was found in.
enum class HitField : std::uint8_t { kTitle, kText, kEntity, kQuote };

const char* HitFieldName(HitField f);

// One occurrence of a pattern: words [ws, we) of a field, and the bytes it
// maps to (Article::title for kTitle, Article::text otherwise).
struct Hit {
  std::uint32_t pattern = 0;
  HitField field = HitField::kText;
  std::uint32_t ws = 0, we = 0;
  std::uint32_t byte_start = 0, byte_end = 0;
};

// A literal in the database: " w1 w2 " (or " w1 w2" for a prefix).
struct Pattern {
  std::string literal;
  FoldMode mode = FoldMode::kFold;
  std::uint32_t words = 0;
};

// A query node with its term bound to a pattern.
struct RuleNode {
  QueryNode::Kind kind = QueryNode::Kind::kTerm;
  std::uint32_t pattern = 0;  // kTerm
  QueryField field = QueryField::kAny;
  std::string term;  // kTerm: as written (reported in spans)
  std::string meta_field, meta_value;
  int distance = 0;
  bool ordered = false;
  std::vector<RuleNode> children;
};

// A term whose hits are reported as evidence (outside any NOT).
struct EvidenceTerm {
  std::uint32_t pattern = 0;
  QueryField field = QueryField::kAny;
  std::string term;
};

struct Rule {
  WatchSpec spec;
  bool has_query = false;
  RuleNode query;
  std::vector<RuleNode> weighted;  // kTerm nodes
  std::vector<double> weights;
  std::vector<std::uint32_t> patterns;  // every pattern the rule uses
  bool always_candidate = false;        // may match with no hits at all
  bool has_filters = false;             // spec has feeds, tags or languages
  std::vector<EvidenceTerm> evidence;   // the query's terms outside NOT (see Finalize)
};

// Fills the fields of `rule` derived from its tree (evidence, has_filters);
// call once after the query and weighted terms are bound.
void FinalizeRule(Rule& rule);

// Patterns that are all hit (in some field) whenever the rule matches: the
// terms the query needs in every case (AND and NEAR operands; for OR, those
// every branch needs). A necessary condition, checked before EvaluateRule.
std::vector<std::uint32_t> RequiredPatterns(const Rule& rule);

// Article data the evaluation needs besides the hits.
struct EvalContext {
  const Article* article = nullptr;
  const std::vector<Hit>* hits = nullptr;  // sorted by pattern
};

// Returns the match if `rule` matches (filters included), else nullopt.
std::optional<WatchMatch> EvaluateRule(const Rule& rule, const EvalContext& ctx);

// Patterns of which at least one must be hit for the rule to match, chosen
// to be selective (long literals); nullopt when the rule can match with no
// hit at all (NOT-only, feed:/lang:-only, threshold <= 0).
std::optional<std::vector<std::uint32_t>> AnchorPatterns(const Rule& rule,
                                                         const std::vector<Pattern>& patterns);

// True if the rule could match an article with no hits (NOT-only, meta-only,
// threshold <= 0); such rules are evaluated for every article.
bool MatchesWithoutHits(const Rule& rule);

}  // namespace newsd::alerts
