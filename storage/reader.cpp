#include "storage/reader.h"

#include "storage/codec.h"
#include "storage/fact_query.h"
#include "storage/reader_impl.h"
#include "storage/schema.h"

namespace newsd {

using storage::Stmt;

StoreReader::StoreReader() : impl_(std::make_unique<Impl>()) {}
StoreReader::~StoreReader() = default;

Result<std::unique_ptr<StoreReader>> StoreReader::Open(const std::string& path,
                                                       int busy_timeout_ms) {
  storage::ConnectionOptions co;
  co.path = path;
  co.busy_timeout_ms = busy_timeout_ms;
  auto db = storage::OpenConnection(co);
  if (!db) {
    Error e = db.error();
    if (e.message.find("unable to open") != std::string::npos) e.kind = ErrorKind::kNotFound;
    return Fail(e);
  }
  auto v = db->QueryInt("PRAGMA user_version");
  if (!v) return Fail(v.error());
  if (*v > storage::kSchemaVersion) {
    return Fail(ErrorKind::kUnsupported, path + ": database schema version " + std::to_string(*v) +
                                             " is newer than this newsd supports (" +
                                             std::to_string(storage::kSchemaVersion) + ")");
  }
  if (*v < storage::kSchemaVersion) {
    return Fail(ErrorKind::kUnsupported, path + ": database schema version " + std::to_string(*v) +
                                             " is older than " +
                                             std::to_string(storage::kSchemaVersion) +
                                             "; start `newsd run` once to migrate it");
  }
  std::unique_ptr<StoreReader> r(new StoreReader());
  r->impl_->db = std::move(*db);
  return r;
}

Result<bool> StoreReader::IsUnchanged(const std::string& feed, const std::string& guid,
                                      const std::string& raw_hash) {
  auto r = AreUnchanged({RawItemKey{feed, guid, raw_hash}});
  if (!r) return Fail(r.error());
  return (*r)[0];
}

Result<std::vector<bool>> StoreReader::AreUnchanged(const std::vector<RawItemKey>& keys) {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  auto s = db.Prepare("SELECT raw_hash FROM article_sources WHERE feed = ? AND guid = ?");
  if (!s) return Fail(s.error());
  std::vector<bool> out;
  out.reserve(keys.size());
  for (const auto& k : keys) {
    s->Bind(1, std::string_view(k.feed)).Bind(2, std::string_view(k.guid));
    auto row = s->Step();
    if (!row) return Fail(row.error());
    out.push_back(*row && !k.raw_hash.empty() && s->TextView(0) == k.raw_hash);
    s->Reset();
  }
  return out;
}

Result<SearchPage> StoreReader::Search(const SearchQuery& q) {
  if (HasFactTerms(q.query)) return SearchWithFacts(impl_->db, q);  // reader_search.cpp
  auto& db = impl_->db;
  auto fts = db.Prepare("SELECT value FROM meta WHERE key = 'fts'");
  if (!fts) return Fail(fts.error());
  auto frow = fts->Step();
  if (!frow) return Fail(frow.error());
  if (!*frow || fts->TextView(0) != "on") {
    return Fail(ErrorKind::kUnsupported,
                db.path() + ": full-text search is switched off ([storage] fts = false)");
  }
  const int limit = std::clamp(q.limit, 1, 1000);
  std::int64_t offset = 0;
  if (!q.cursor.empty()) {
    try {
      offset = std::stoll(q.cursor);
    } catch (...) {
      return Fail(ErrorKind::kInvalidArgument, "bad search cursor '" + q.cursor + "'");
    }
  }
  std::string sql =
      "SELECT a.id, a.feed, a.title, a.url, a.lang, a.published, a.fetched, a.duplicate_of, "
      "snippet(articles_fts, 1, '[', ']', '…', 16), bm25(articles_fts, 3.0, 1.0) AS r "
      "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
      "WHERE articles_fts MATCH ?1 AND (?2 IS NULL OR a.fetched >= ?2) "
      "AND (?3 = '' OR a.lang = ?3) "
      "AND (?4 = '' OR EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id "
      "AND s.feed = ?4)) ORDER BY r, a.id LIMIT ?5 OFFSET ?6";
  auto s = db.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(q.query))
      .Bind(2, storage::ToUnix(q.since))
      .Bind(3, std::string_view(q.lang))
      .Bind(4, std::string_view(q.feed))
      .Bind(5, limit + 1)
      .Bind(6, offset);
  return storage::ReadSearchHits(*s, q.query, limit, offset);
}

Status StoreReader::Export(const ExportFilter& f,
                           const std::function<Status(const Article&)>& sink) {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  std::string sql = std::string("SELECT ") + storage::kArticleSelectCols +
                    " FROM articles a WHERE (?1 IS NULL OR a.fetched >= ?1) "
                    "AND (?2 IS NULL OR a.fetched < ?2) "
                    "AND (?3 = '' OR EXISTS (SELECT 1 FROM article_sources s "
                    "WHERE s.article_id = a.id AND s.feed = ?3)) ORDER BY a.fetched, a.id";
  auto s = db.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, storage::ToUnix(f.since))
      .Bind(2, storage::ToUnix(f.until))
      .Bind(3, std::string_view(f.feed));
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    Article a;
    storage::ReadArticleColumns(*s, a);
    if (auto st = storage::LoadArticleChildren(db, a); !st) return st;
    if (auto st = sink(a); !st) return st;
  }
  return OkStatus();
}

Status StoreReader::CheckIntegrity() {
  auto& db = impl_->db;
  auto s = db.Prepare("PRAGMA integrity_check");
  if (!s) return Fail(s.error());
  std::string report;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    if (s->TextView(0) != "ok") report += s->Text(0) + "\n";
  }
  if (!report.empty()) return Fail(ErrorKind::kCorruption, db.path() + ": " + report);
  auto on = db.Prepare("SELECT value FROM meta WHERE key = 'fts'");
  if (!on) return Fail(on.error());
  auto row = on->Step();
  if (!row) return Fail(row.error());
  if (*row && on->TextView(0) == "on") {
    auto st = db.Exec("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)");
    if (!st) return Fail(Error(ErrorKind::kCorruption, st.error().message));
  }
  return OkStatus();
}

}  // namespace newsd
