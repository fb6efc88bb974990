// Move-only RAII wrappers for SQLite handles and the conversion of SQLite
// errors into newsd Errors. Internal to storage/: the rest of newsd talks to
// Store, StoreReader and Outbox and never sees sqlite3 types.
//
// Thread rules: a Db (and every Stmt prepared on it) must be used by one
// thread at a time; different Db objects on the same file may be used from
// different threads (SQLite is built serialized/multi-thread on Debian).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace newsd::storage {

// Builds an Error from an SQLite result code: "<path>: <what>: <sqlite message>
// (SQLITE_FULL, 13)". SQLITE_FULL maps to kResourceExhausted, BUSY/LOCKED to
// kTimeout, CORRUPT/NOTADB to kCorruption, everything else to kIo.
Error SqliteError(int code, std::string_view what, std::string_view message, std::string_view path);

// True when an error came from a condition that may pass by itself (disk
// full, database busy: kinds kResourceExhausted and kTimeout): the writer
// retries instead of failing the batch.
bool IsTransient(const Error& e);

class Stmt;

// One connection. Closes on destruction (sqlite3_close_v2).
class Db {
 public:
  Db() = default;
  ~Db();
  Db(Db&& o) noexcept;
  Db& operator=(Db&& o) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Opens (creating if `create`) the file at `path` with a busy timeout.
  // Returns the connection or an Error naming the path.
  static Result<Db> Open(const std::string& path, bool create, int busy_timeout_ms);

  // Runs one or more SQL statements without parameters (DDL, PRAGMA, BEGIN).
  Status Exec(std::string_view sql);

  // Compiles one statement. The Stmt must not outlive this Db.
  Result<Stmt> Prepare(std::string_view sql);

  // Runs a statement that returns one integer (e.g. "PRAGMA user_version").
  Result<std::int64_t> QueryInt(std::string_view sql);

  std::int64_t LastInsertRowid() const;
  int Changes() const;
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

  // The error of the last failed call on this connection, with `what` as context.
  Error LastError(int code, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// One prepared statement. Bind indexes start at 1. Reset() before reuse.
class Stmt {
 public:
  Stmt() = default;
  Stmt(sqlite3_stmt* s, const Db* db) : s_(s), db_(db) {}
  ~Stmt();
  Stmt(Stmt&& o) noexcept;
  Stmt& operator=(Stmt&& o) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, std::int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<std::int64_t>(v)); }
  Stmt& Bind(int i, double v);
  // Text and blobs are copied (SQLITE_TRANSIENT).
  Stmt& Bind(int i, std::string_view v);
  // Not copied (SQLITE_STATIC): `v` must stay unchanged until the next
  // Reset()/Run() of this statement. For large texts on the write path.
  Stmt& BindStatic(int i, std::string_view v);
  Stmt& BindBlob(int i, const void* data, int size);
  Stmt& BindNull(int i);
  Stmt& Bind(int i, const std::optional<std::int64_t>& v);
  Stmt& Bind(int i, const std::optional<std::string>& v);

  // Advances: true = a row is ready, false = done; Error on failure.
  Result<bool> Step();
  // Steps to completion, expecting no rows; resets the statement.
  Status Run();
  // Resets and clears bindings.
  void Reset();

  std::int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string_view TextView(int col) const;  // valid until the next Step
  std::optional<std::int64_t> OptInt(int col) const;
  std::optional<std::string> OptText(int col) const;
  bool IsNull(int col) const;

  sqlite3_stmt* raw() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
  const Db* db_ = nullptr;
};

// A transaction that rolls back on destruction unless committed.
class Txn {
 public:
  // `begin` is "BEGIN", "BEGIN IMMEDIATE" or "BEGIN DEFERRED".
  static Result<Txn> Begin(Db& db, std::string_view begin = "BEGIN IMMEDIATE");
  Txn(Txn&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  Txn& operator=(Txn&&) = delete;
  ~Txn();
  Status Commit();

 private:
  explicit Txn(Db* db) : db_(db) {}
  Db* db_;
};

}  // namespace newsd::storage
