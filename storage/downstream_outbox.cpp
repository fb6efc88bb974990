#include "storage/downstream_outbox.h"

#include <map>

#include "storage/reader.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace newsd {
namespace {

std::int64_t Ms(SysTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

struct DownstreamOutbox::Impl {
  storage::Db db;
  std::unique_ptr<StoreReader> reader;

  // Runs `sql` (?1 = id, then `bind` for the rest) for every id in one transaction.
  template <typename BindFn>
  Status ForIds(const std::vector<std::int64_t>& ids, const char* sql, BindFn bind) {
    if (ids.empty()) return OkStatus();
    auto txn = storage::Txn::Begin(db);
    if (!txn) return Fail(txn.error());
    auto s = db.Prepare(sql);
    if (!s) return Fail(s.error());
    for (const std::int64_t id : ids) {
      s->Bind(1, id);
      bind(*s);
      if (auto st = s->Run(); !st) return st;
    }
    return txn->Commit();
  }
};

DownstreamOutbox::DownstreamOutbox() : impl_(std::make_unique<Impl>()) {}
DownstreamOutbox::~DownstreamOutbox() = default;

Result<std::unique_ptr<DownstreamOutbox>> DownstreamOutbox::Open(const std::string& path,
                                                                 int busy_timeout_ms) {
  storage::ConnectionOptions co;
  co.path = path;
  co.busy_timeout_ms = busy_timeout_ms;
  auto db = storage::OpenConnection(co);
  if (!db) return Fail(db.error());
  auto reader = StoreReader::Open(path, busy_timeout_ms);
  if (!reader) return Fail(reader.error());
  std::unique_ptr<DownstreamOutbox> o(new DownstreamOutbox());
  o->impl_->db = std::move(*db);
  o->impl_->reader = std::move(*reader);
  return o;
}

Result<std::vector<DownstreamItem>> DownstreamOutbox::FetchDue(const std::string& sink, SysTime now,
                                                               int limit) {
  auto s = impl_->db.Prepare(
      "SELECT id, kind, article_id, revision, alert_id, attempts, last_error "
      "FROM downstream_outbox WHERE sink = ? AND next_attempt <= ? ORDER BY next_attempt, id "
      "LIMIT ?");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(sink)).Bind(2, Ms(now)).Bind(3, limit);
  std::vector<DownstreamItem> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    DownstreamItem it;
    it.row.id = s->Int(0);
    it.row.sink = sink;
    it.row.kind = s->TextView(1) == "alert" ? DownstreamKind::kAlert : DownstreamKind::kArticle;
    it.row.article_id = s->Int(2);
    it.row.revision = static_cast<int>(s->Int(3));
    it.row.alert_id = s->Text(4);
    it.row.attempts = static_cast<int>(s->Int(5));
    it.row.last_error = s->Text(6);
    out.push_back(std::move(it));
  }
  s->Reset();
  // Load each article once even when several rows (article + alerts) point at it.
  std::map<std::int64_t, std::optional<StoredArticle>> cache;
  for (auto& it : out) {
    auto c = cache.find(it.row.article_id);
    if (c == cache.end()) {
      auto a = impl_->reader->GetArticle(it.row.article_id);
      if (!a) return Fail(a.error());
      c = cache.emplace(it.row.article_id, std::move(*a)).first;
    }
    if (!c->second) continue;  // deleted by retention: found stays false
    const StoredArticle& sa = *c->second;
    it.found = true;
    it.article = sa.article;
    it.article.html.clear();
    for (const auto& al : sa.alerts) {
      it.watches.push_back(al.watch);
      if (it.row.kind == DownstreamKind::kAlert && al.id == it.row.alert_id) it.alert = al;
    }
    if (it.row.kind == DownstreamKind::kAlert && !it.alert) it.found = false;
  }
  return out;
}

Status DownstreamOutbox::MarkDone(const std::vector<std::int64_t>& ids) {
  return impl_->ForIds(ids, "DELETE FROM downstream_outbox WHERE id = ?1", [](storage::Stmt&) {});
}

Status DownstreamOutbox::MarkRetry(const std::vector<std::int64_t>& ids, SysTime next,
                                   const std::string& error) {
  const std::int64_t next_ms = Ms(next);
  return impl_->ForIds(
      ids,
      "UPDATE downstream_outbox SET attempts = attempts + 1, next_attempt = ?2, "
      "last_error = ?3 WHERE id = ?1",
      [&](storage::Stmt& s) { s.Bind(2, next_ms).Bind(3, std::string_view(error)); });
}

Result<std::int64_t> DownstreamOutbox::Backlog(const std::string& sink) {
  auto s = impl_->db.Prepare("SELECT count(*) FROM downstream_outbox WHERE sink = ?");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(sink));
  auto row = s->Step();
  if (!row) return Fail(row.error());
  const std::int64_t n = *row ? s->Int(0) : 0;
  s->Reset();
  return n;
}

Result<std::optional<SysTime>> DownstreamOutbox::NextDue(const std::string& sink) {
  auto s = impl_->db.Prepare("SELECT min(next_attempt) FROM downstream_outbox WHERE sink = ?");
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(sink));
  auto row = s->Step();
  if (!row) return Fail(row.error());
  std::optional<SysTime> t;
  if (*row && !s->IsNull(0)) t = SysTime(std::chrono::milliseconds(s->Int(0)));
  s->Reset();
  return t;
}

}  // namespace newsd
