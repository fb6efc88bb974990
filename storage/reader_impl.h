// Internals shared by the StoreReader source files (internal to storage/).
#pragma once

#include <string>

#include "storage/reader.h"
#include "storage/sqlite.h"

namespace newsd {

struct StoreReader::Impl {
  storage::Db db;
};

namespace storage {

// The column list ReadArticleColumns expects, for "SELECT <cols> FROM articles a".
extern const char* const kArticleSelectCols;

// Fills the scalar fields of `a` from a row selected with kArticleSelectCols.
void ReadArticleColumns(const Stmt& s, Article& a);

// Loads sources, extractions and alert matches of `a` (a.id set).
Status LoadArticleChildren(Db& db, Article& a);

// Reads the rows of a search statement (Search's columns, LIMIT limit + 1)
// into a page; FTS syntax errors become kInvalidArgument.
Result<SearchPage> ReadSearchHits(Stmt& s, const std::string& query, int limit, int offset);

}  // namespace storage
}  // namespace newsd
