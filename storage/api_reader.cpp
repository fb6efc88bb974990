#include "storage/api_reader.h"

#include <algorithm>

#include "storage/codec.h"
#include "storage/fact_query.h"
#include "storage/reader_impl.h"
#include "storage/sqlite.h"

namespace newsd {

using storage::FromUnix;
using storage::Stmt;
using storage::ToUnix;

struct ApiReader::Impl {
  storage::Db db;
};

ApiReader::ApiReader() : impl_(std::make_unique<Impl>()) {}
ApiReader::~ApiReader() = default;

Result<std::unique_ptr<ApiReader>> ApiReader::Open(const std::string& path, int busy_timeout_ms) {
  auto db = storage::Db::Open(path, /*create=*/false, busy_timeout_ms);
  if (!db) return Fail(db.error());
  std::unique_ptr<ApiReader> r(new ApiReader());
  r->impl_->db = std::move(*db);
  return r;
}

namespace {

Result<bool> FtsOn(storage::Db& db) {
  auto s = db.Prepare("SELECT value FROM meta WHERE key = 'fts'");
  if (!s) return Fail(s.error());
  auto row = s->Step();
  if (!row) return Fail(row.error());
  return *row && s->TextView(0) == "on";
}

Error ClassifyQueryError(Error e, const std::string& q) {
  if (e.message.find("fts5") != std::string::npos ||
      e.message.find("syntax") != std::string::npos ||
      e.message.find("no such column") != std::string::npos) {
    e.kind = ErrorKind::kInvalidArgument;
  }
  return e.Wrap("query '" + q + "'");
}

Alert ReadAlert(const Stmt& s, int first) {
  Alert a;
  a.id = s.Text(first);
  a.watch = s.Text(first + 1);
  a.article_id = s.Int(first + 2);
  a.created = FromUnix(s.Int(first + 3));
  a.score = s.Double(first + 4);
  a.matched = storage::MatchSpansFromJson(s.TextView(first + 5));
  return a;
}

Result<std::optional<Article>> LoadArticle(storage::Db& db, std::int64_t id) {
  auto s = db.Prepare(std::string("SELECT ") + storage::kArticleSelectCols +
                      " FROM articles a WHERE a.id = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Article>();
  Article a;
  storage::ReadArticleColumns(*s, a);
  if (auto st = storage::LoadArticleChildren(db, a); !st) return Fail(st.error());
  return std::optional<Article>(std::move(a));
}

}  // namespace

Result<ArticleList> ApiReader::ListArticles(const ArticleListQuery& q) {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  auto fq = ParseFactQuery(q.q);  // entity:"…" and quote:… terms (storage/fact_query.h)
  if (!fq) return Fail(fq.error());
  if (!fq->fts.empty()) {
    auto on = FtsOn(db);
    if (!on) return Fail(on.error());
    if (!*on) {
      return Fail(ErrorKind::kUnsupported,
                  db.path() + ": full-text search is switched off ([storage] fts = false)");
    }
  }
  const int limit = std::clamp(q.limit, 1, 1000);
  std::string sql = std::string("SELECT ") + storage::kArticleSelectCols +
                    " FROM articles a WHERE (?1 = '' OR a.id IN (SELECT rowid FROM articles_fts "
                    "WHERE articles_fts MATCH ?1)) "
                    "AND (?2 IS NULL OR a.fetched >= ?2) AND (?3 IS NULL OR a.fetched < ?3) "
                    "AND (?4 = '' OR EXISTS (SELECT 1 FROM article_sources s "
                    "WHERE s.article_id = a.id AND s.feed = ?4)) "
                    "AND (?5 = '' OR a.lang = ?5) "
                    "AND (?6 = '' OR EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id "
                    "AND (e.canonical = ?6 COLLATE NOCASE OR e.text = ?6 COLLATE NOCASE))) ";
  sql += FactFilterSql(*fq, 9) + " ";
  sql += q.ascending ? "AND a.id > ?7 ORDER BY a.id LIMIT ?8"
                     : "AND (?7 = 0 OR a.id < ?7) ORDER BY a.id DESC LIMIT ?8";
  auto s = db.Prepare(sql);
  if (!s) return Fail(s.error());
  BindFactFilter(*s, *fq, 9);
  s->Bind(1, std::string_view(fq->fts))
      .Bind(2, ToUnix(q.since))
      .Bind(3, ToUnix(q.until))
      .Bind(4, std::string_view(q.feed))
      .Bind(5, std::string_view(q.lang))
      .Bind(6, std::string_view(q.entity))
      .Bind(7, q.ascending ? q.after_id : q.before_id)
      .Bind(8, limit + 1);
  ArticleList out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(ClassifyQueryError(row.error(), q.q));
    if (!*row) break;
    if (static_cast<int>(out.articles.size()) == limit) {
      out.more = true;
      break;
    }
    Article a;
    storage::ReadArticleColumns(*s, a);
    out.articles.push_back(std::move(a));
  }
  s->Reset();
  for (auto& a : out.articles) {
    if (auto st = storage::LoadArticleChildren(db, a); !st) return Fail(st.error());
  }
  return out;
}

Result<AlertList> ApiReader::ListAlerts(const AlertListQuery& q) {
  auto& db = impl_->db;
  auto txn = storage::Txn::Begin(db, "BEGIN");
  if (!txn) return Fail(txn.error());
  const int limit = std::clamp(q.limit, 1, 1000);
  auto s = db.Prepare(
      "SELECT id, watch, article_id, created, score, matched FROM alerts "
      "WHERE (?1 IS NULL OR created >= ?1) AND (?2 = '' OR watch = ?2) "
      "AND (?3 = 0 OR article_id = ?3) "
      "AND (?4 IS NULL OR created > ?4 OR (created = ?4 AND id > ?5)) "
      "ORDER BY created, id LIMIT ?6");
  if (!s) return Fail(s.error());
  s->Bind(1, ToUnix(q.since))
      .Bind(2, std::string_view(q.watch))
      .Bind(3, q.article_id)
      .Bind(4, ToUnix(q.after_created))
      .Bind(5, std::string_view(q.after_id))
      .Bind(6, limit + 1);
  AlertList out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    if (static_cast<int>(out.alerts.size()) == limit) {
      out.more = true;
      break;
    }
    out.alerts.push_back(AlertWithArticle{ReadAlert(*s, 0), std::nullopt});
  }
  s->Reset();
  for (auto& a : out.alerts) {
    auto art = LoadArticle(db, a.alert.article_id);
    if (!art) return Fail(art.error());
    a.article = std::move(*art);
  }
  return out;
}

Result<std::vector<Alert>> ApiReader::AlertsOf(std::int64_t article_id) {
  auto s = impl_->db.Prepare(
      "SELECT id, watch, article_id, created, score, matched FROM alerts "
      "WHERE article_id = ?1 ORDER BY created, id");
  if (!s) return Fail(s.error());
  s->Bind(1, article_id);
  std::vector<Alert> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(ReadAlert(*s, 0));
  }
}

Result<std::vector<Alert>> ApiReader::AlertsSince(TimePoint since, std::int64_t max_article_id,
                                                  int limit) {
  auto s = impl_->db.Prepare(
      "SELECT id, watch, article_id, created, score, matched FROM alerts "
      "WHERE created >= ?1 AND article_id <= ?2 ORDER BY created, id LIMIT ?3");
  if (!s) return Fail(s.error());
  s->Bind(1, ToUnix(since)).Bind(2, max_article_id).Bind(3, limit);
  std::vector<Alert> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(ReadAlert(*s, 0));
  }
}

Result<std::optional<TimePoint>> ApiReader::ArticleStoredAt(std::int64_t id) {
  auto s = impl_->db.Prepare("SELECT stored_at FROM articles WHERE id = ?1");
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<TimePoint>();
  return std::optional<TimePoint>(FromUnix(s->Int(0)));
}

Result<std::int64_t> ApiReader::MaxArticleId() {
  return impl_->db.QueryInt("SELECT coalesce(max(id), 0) FROM articles");
}

Result<std::vector<SinkOutboxCounts>> ApiReader::OutboxBySink() {
  auto s = impl_->db.Prepare(
      "SELECT sink, sum(state = 'pending' AND attempts = 0), sum(state = 'pending' AND attempts > "
      "0), sum(state = 'done'), sum(state = 'dead') FROM alert_outbox GROUP BY sink ORDER BY sink");
  if (!s) return Fail(s.error());
  std::vector<SinkOutboxCounts> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(SinkOutboxCounts{s->Text(0), s->Int(1), s->Int(2), s->Int(3), s->Int(4)});
  }
}

Result<std::int64_t> ApiReader::FeedsInError() {
  return impl_->db.QueryInt("SELECT count(*) FROM feeds WHERE consecutive_errors > 0");
}

Status ApiReader::ProbeWritable() {
  auto txn = storage::Txn::Begin(impl_->db, "BEGIN IMMEDIATE");
  if (!txn) return Fail(txn.error());
  return OkStatus();  // rolled back by ~Txn
}

}  // namespace newsd
