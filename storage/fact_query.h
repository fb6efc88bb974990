// Fact terms in a search query: `entity:"Ilham Aliyev"` (an entity whose
// canonical name or surface text is that, case-insensitive) and
// `quote:surprised` / `quote:"not extreme at all"` (a quotation whose text
// contains that, case-insensitive). They mix with ordinary FTS5 text
// (`drills entity:Karabakh`), which is what is left after taking them out.
// Shared by `newsd search` (StoreReader::Search) and `GET /v1/articles?q=`.
//
// Thread rules: pure functions; SQL helpers touch only the given statement.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "storage/reader.h"

namespace newsd {
namespace storage {
class Db;
class Stmt;
}  // namespace storage

struct FactQuery {
  std::string fts;                    // the rest, FTS5 syntax; "" = no text condition
  std::vector<std::string> entities;  // every one must match (AND)
  std::vector<std::string> quotes;    // every one must match (AND)
  bool HasFacts() const { return !entities.empty() || !quotes.empty(); }
};

// Splits `q`. kInvalidArgument for an empty value (`entity:`, `quote:""`) or
// an unclosed double quote after `entity:`/`quote:`.
Result<FactQuery> ParseFactQuery(std::string_view q);

// Whether `q` names a fact term at all (cheap; no allocation).
bool HasFactTerms(std::string_view q);

// " AND EXISTS (...)" conditions over the articles alias `a`, one bound
// parameter per term, numbered from `first_param` (entities, then quotes).
std::string FactFilterSql(const FactQuery& fq, int first_param);
void BindFactFilter(storage::Stmt& s, const FactQuery& fq, int first_param);

// `newsd search` for a query with fact terms: the FTS rest ranked by bm25 as
// usual, or, without text, the newest matching articles first with the first
// matching fact as the snippet. Same filters and cursor as StoreReader::Search.
Result<SearchPage> SearchWithFacts(storage::Db& db, const SearchQuery& q);

}  // namespace newsd
