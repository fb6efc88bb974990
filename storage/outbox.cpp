#include "storage/outbox.h"

#include "storage/codec.h"
#include "storage/schema.h"
#include "storage/sqlite.h"

namespace newsd {

struct Outbox::Impl {
  storage::Db db;
  Status Mark(std::int64_t id, const char* sql, const std::optional<std::int64_t>& when,
              const std::string& error) {
    auto s = db.Prepare(sql);
    if (!s) return Fail(s.error());
    s->Bind(1, id).Bind(2, std::string_view(error)).Bind(3, when);
    if (auto st = s->Run(); !st) return st;
    if (db.Changes() == 0) {
      return Fail(ErrorKind::kNotFound, db.path() + ": no outbox row " + std::to_string(id));
    }
    return OkStatus();
  }
};

Outbox::Outbox() : impl_(std::make_unique<Impl>()) {}
Outbox::~Outbox() = default;

Result<std::unique_ptr<Outbox>> Outbox::Open(const std::string& path, int busy_timeout_ms) {
  storage::ConnectionOptions co;
  co.path = path;
  co.busy_timeout_ms = busy_timeout_ms;
  auto db = storage::OpenConnection(co);
  if (!db) return Fail(db.error());
  std::unique_ptr<Outbox> o(new Outbox());
  o->impl_->db = std::move(*db);
  return o;
}

Status Outbox::Begin() { return impl_->db.Exec("BEGIN IMMEDIATE"); }

Status Outbox::Commit() {
  auto st = impl_->db.Exec("COMMIT");
  if (!st) (void)impl_->db.Exec("ROLLBACK");
  return st;
}

Result<std::vector<OutboxRow>> Outbox::FetchDue(TimePoint now, int limit) {
  auto s = impl_->db.Prepare(
      "SELECT id, alert_id, sink, payload, attempts, next_attempt, created, last_error "
      "FROM alert_outbox WHERE state = 'pending' AND next_attempt <= ? "
      "ORDER BY next_attempt, id LIMIT ?");
  if (!s) return Fail(s.error());
  s->Bind(1, storage::ToUnix(now)).Bind(2, limit);
  std::vector<OutboxRow> out;
  while (true) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) return out;
    out.push_back(OutboxRow{s->Int(0), s->Text(1), s->Text(2), s->Text(3),
                            static_cast<int>(s->Int(4)), storage::FromUnix(s->Int(5)),
                            storage::FromUnix(s->Int(6)), s->Text(7)});
  }
}

Status Outbox::MarkDone(std::int64_t id) {
  return impl_->Mark(id,
                     "UPDATE alert_outbox SET state = 'done', last_error = ?2 "
                     "WHERE id = ?1 AND coalesce(?3, 0) = coalesce(?3, 0)",
                     std::nullopt, "");
}

Status Outbox::MarkRetry(std::int64_t id, TimePoint next_attempt, const std::string& error) {
  return impl_->Mark(id,
                     "UPDATE alert_outbox SET attempts = attempts + 1, last_error = ?2, "
                     "next_attempt = ?3 WHERE id = ?1 AND state = 'pending'",
                     storage::ToUnix(next_attempt), error);
}

Status Outbox::MarkDead(std::int64_t id, const std::string& error) {
  return impl_->Mark(id,
                     "UPDATE alert_outbox SET state = 'dead', attempts = attempts + 1, "
                     "last_error = ?2 WHERE id = ?1 AND coalesce(?3, 0) = coalesce(?3, 0)",
                     std::nullopt, error);
}

Result<std::int64_t> Outbox::PendingCount() {
  return impl_->db.QueryInt("SELECT count(*) FROM alert_outbox WHERE state = 'pending'");
}

}  // namespace newsd
