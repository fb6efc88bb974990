// The watch-rule query language (docs/WATCH.md): parses a query string into
// a tree. Terms, "exact phrases", prefix*, AND / OR / NOT / parentheses,
// implicit AND, NEAR/n (either order), ONEAR/n (in order), field scopes
// (title: text: entity: quote: feed: lang:) and the case: modifier.
//
// Precedence, loosest first: OR, AND (also implicit), NOT, NEAR/ONEAR.
// NEAR chains left to right: `a NEAR/2 b NEAR/2 c` is `(a NEAR/2 b) NEAR/2 c`.
//
// Thread-safe: ParseQuery is a pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace newsd::alerts {

// Where a term may match. kAny is title or text.
enum class QueryField { kAny, kTitle, kText, kEntity, kQuote };

// "any", "title", "text", "entity", "quote".
const char* QueryFieldName(QueryField f);

struct QueryNode {
  enum class Kind {
    kTerm,  // a word, phrase or prefix
    kMeta,  // feed:x or lang:x (compared with the article's feed id / language)
    kAnd,
    kOr,
    kNot,   // one child
    kNear,  // two children; `distance`, `ordered`
  };
  Kind kind = Kind::kTerm;
  std::size_t column = 1;  // 1-based column where the node starts

  // kTerm: the text as written (without quotes or '*'); a phrase when it has
  // several words; `prefix` for a trailing '*'.
  std::string text;
  bool prefix = false;
  bool case_sensitive = false;
  QueryField field = QueryField::kAny;

  // kMeta: "feed" or "lang", and the value.
  std::string meta_field;
  std::string meta_value;

  // kNear: at most `distance` words between the operands.
  int distance = 0;
  bool ordered = false;

  std::vector<QueryNode> children;
};

// Parses `query` for the watch `watch_id`. On failure the error (kind
// kInvalidArgument) reads
//   watch "<id>": column <n>: <what is wrong> (at '<token>')
// where the column counts Unicode code points from 1.
Result<QueryNode> ParseQuery(std::string_view query, const std::string& watch_id);

// A readable, fully parenthesised form of a tree (for tests and `watch test`).
std::string DebugString(const QueryNode& node);

}  // namespace newsd::alerts
