// Test stand-in for the storage room's outbox table: a real SQLite file that
// implements alerts::OutboxStore, so the dispatcher tests can prove
// at-least-once delivery across a restart (a new store object and a new
// dispatcher over the same file). Thread rules: one call at a time.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>

#include "alerts/outbox.h"

namespace newsd::testing {

class SqliteOutbox final : public alerts::OutboxStore {
 public:
  explicit SqliteOutbox(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("open " + path);
    db_.reset(db);
    Exec("PRAGMA journal_mode=WAL");
    Exec(
        "CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY, sink TEXT NOT NULL,"
        " alert_id TEXT NOT NULL, watch TEXT NOT NULL, payload TEXT NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL,"
        " next_attempt INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
        " last_error TEXT)");
  }

  // Adds a pending row (what the storage writer does in the article's transaction).
  std::int64_t Add(const std::string& sink, const std::string& alert_id, const std::string& watch,
                   const std::string& payload, TimePoint created) {
    Stmt s(db_.get(),
           "INSERT INTO outbox(sink, alert_id, watch, payload, created, next_attempt)"
           " VALUES(?,?,?,?,?,?)");
    s.Text(1, sink).Text(2, alert_id).Text(3, watch).Text(4, payload);
    s.Int(5, created.time_since_epoch().count()).Int(6, created.time_since_epoch().count());
    s.Step();
    return sqlite3_last_insert_rowid(db_.get());
  }

  Result<std::vector<alerts::OutboxRow>> Due(TimePoint now, int limit) override {
    Stmt s(db_.get(),
           "SELECT id, sink, alert_id, watch, payload, attempts, created FROM outbox"
           " WHERE state='pending' AND next_attempt <= ? ORDER BY id LIMIT ?");
    s.Int(1, now.time_since_epoch().count()).Int(2, limit);
    std::vector<alerts::OutboxRow> rows;
    while (s.Step() == SQLITE_ROW) {
      alerts::OutboxRow r;
      r.id = sqlite3_column_int64(s.get(), 0);
      r.sink = s.Col(1);
      r.alert_id = s.Col(2);
      r.watch = s.Col(3);
      r.payload = s.Col(4);
      r.attempts = sqlite3_column_int(s.get(), 5);
      r.created = TimePoint(std::chrono::seconds(sqlite3_column_int64(s.get(), 6)));
      rows.push_back(std::move(r));
    }
    return rows;
  }

  Status MarkDone(std::int64_t id) override {
    Stmt s(db_.get(), "UPDATE outbox SET state='done' WHERE id=?");
    s.Int(1, id).Step();
    return OkStatus();
  }

  Status MarkRetry(std::int64_t id, TimePoint next, const std::string& error) override {
    Stmt s(db_.get(),
           "UPDATE outbox SET attempts=attempts+1, next_attempt=?, last_error=? WHERE id=?");
    s.Int(1, next.time_since_epoch().count()).Text(2, error).Int(3, id).Step();
    return OkStatus();
  }

  Status MarkDead(std::int64_t id, const std::string& error) override {
    Stmt s(db_.get(), "UPDATE outbox SET state='dead', last_error=? WHERE id=?");
    s.Text(1, error).Int(2, id).Step();
    return OkStatus();
  }

  // Rows in `state` ("pending", "done", "dead").
  int Count(const std::string& state) {
    Stmt s(db_.get(), "SELECT count(*) FROM outbox WHERE state=?");
    s.Text(1, state).Step();
    return sqlite3_column_int(s.get(), 0);
  }

  std::string LastError(std::int64_t id) {
    Stmt s(db_.get(), "SELECT coalesce(last_error, '') FROM outbox WHERE id=?");
    s.Int(1, id).Step();
    return s.Col(0);
  }

 private:
  struct DbCloser {
    void operator()(sqlite3* d) const { sqlite3_close(d); }
  };
  class Stmt {
   public:
    Stmt(sqlite3* db, const char* sql) {
      if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) {
        throw std::runtime_error(sqlite3_errmsg(db));
      }
    }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    sqlite3_stmt* get() const { return st_; }
    Stmt& Text(int i, const std::string& v) {
      sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      return *this;
    }
    Stmt& Int(int i, std::int64_t v) {
      sqlite3_bind_int64(st_, i, v);
      return *this;
    }
    int Step() { return sqlite3_step(st_); }
    std::string Col(int i) const {
      const auto* t = sqlite3_column_text(st_, i);
      return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
    }

   private:
    sqlite3_stmt* st_ = nullptr;
  };

  void Exec(const char* sql) { sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr); }

  std::unique_ptr<sqlite3, DbCloser> db_;
};

}  // namespace newsd::testing
