#include "storage/sqlite.h"

#include "storage/deadline.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <utility>

namespace newsd::storage {
namespace {

// The symbolic name of a primary result code, for messages and grepping.
const char* CodeName(int code) {
  switch (code & 0xff) {
    case SQLITE_ERROR:
      return "SQLITE_ERROR";
    case SQLITE_PERM:
      return "SQLITE_PERM";
    case SQLITE_ABORT:
      return "SQLITE_ABORT";
    case SQLITE_BUSY:
      return "SQLITE_BUSY";
    case SQLITE_LOCKED:
      return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
      return "SQLITE_NOMEM";
    case SQLITE_READONLY:
      return "SQLITE_READONLY";
    case SQLITE_IOERR:
      return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
      return "SQLITE_CORRUPT";
    case SQLITE_FULL:
      return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
      return "SQLITE_CANTOPEN";
    case SQLITE_CONSTRAINT:
      return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
      return "SQLITE_MISMATCH";
    case SQLITE_NOTADB:
      return "SQLITE_NOTADB";
    case SQLITE_INTERRUPT:
      return "SQLITE_INTERRUPT";
    default:
      return "SQLITE";
  }
}

}  // namespace

Error SqliteError(int code, std::string_view what, std::string_view message,
                  std::string_view path) {
  ErrorKind kind = ErrorKind::kIo;
  switch (code & 0xff) {
    case SQLITE_FULL:
      kind = ErrorKind::kResourceExhausted;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_INTERRUPT:  // a QueryDeadline passed
      kind = ErrorKind::kTimeout;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      kind = ErrorKind::kCorruption;
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      kind = ErrorKind::kInternal;
      break;
    case SQLITE_ERROR:
      kind = ErrorKind::kInvalidArgument;
      break;
    default:
      break;
  }
  std::string msg(path);
  msg += ": ";
  msg += what;
  msg += ": ";
  msg += message;
  msg += " (";
  msg += CodeName(code);
  msg += ", code ";
  msg += std::to_string(code);
  msg += ")";
  return Error(kind, std::move(msg));
}

bool IsTransient(const Error& e) {
  return e.kind == ErrorKind::kResourceExhausted || e.kind == ErrorKind::kTimeout;
}

Db::~Db() {
  if (db_) sqlite3_close_v2(db_);
}

Db::Db(Db&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    if (db_) sqlite3_close_v2(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
  }
  return *this;
}

namespace {

thread_local std::optional<std::chrono::steady_clock::time_point> tl_deadline;

bool PastDeadline(std::chrono::steady_clock::time_point now) {
  return tl_deadline && now >= *tl_deadline;
}

// Progress handler: interrupts the statement once this thread's
// QueryDeadline has passed.
int CheckDeadline(void*) {
  return tl_deadline && PastDeadline(std::chrono::steady_clock::now()) ? 1 : 0;
}

// Busy handler: waits in 250 µs steps up to the timeout (passed as the
// handler's argument). SQLite's own busy_timeout sleeps 1, 2, 5, 10 … 100 ms
// between tries, so a connection that meets the writer's lock (the alert
// dispatcher marking a row while a batch commits) waited tens of ms after
// the lock was free; this shows up directly in alert latency.
int BusyWait(void* arg, int count) {
  using Clock = std::chrono::steady_clock;
  // count is 0 at the start of each wait; a connection is used by one thread
  // at a time, so the start can live in the thread.
  thread_local Clock::time_point start;
  const auto now = Clock::now();
  if (count == 0) start = now;
  const auto timeout = std::chrono::milliseconds(reinterpret_cast<std::intptr_t>(arg));
  if (now - start >= timeout || PastDeadline(now)) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(250));
  return 1;
}

}  // namespace

Result<Db> Db::Open(const std::string& path, bool create, int busy_timeout_ms) {
  Db db;
  db.path_ = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = db.db_ ? sqlite3_errmsg(db.db_) : "cannot open";
    return Fail(SqliteError(rc, "open", m, path));
  }
  sqlite3_extended_result_codes(db.db_, 1);
  sqlite3_busy_handler(db.db_, BusyWait,
                       reinterpret_cast<void*>(static_cast<std::intptr_t>(busy_timeout_ms)));
  // About every 0.1 ms of VM work: cheap, and fine-grained enough for deadlines.
  sqlite3_progress_handler(db.db_, 4000, CheckDeadline, nullptr);
  return db;
}

Error Db::LastError(int code, std::string_view what) const {
  return SqliteError(code, what, db_ ? sqlite3_errmsg(db_) : "no connection", path_);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string m = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    std::string what = s.size() > 60 ? s.substr(0, 60) + "..." : s;
    return Fail(SqliteError(rc, what, m, path_));
  }
  return OkStatus();
}

Result<Stmt> Db::Prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) {
    std::string what = "prepare '" + std::string(sql.substr(0, 60)) + "'";
    return Fail(LastError(rc, what));
  }
  return Stmt(s, this);
}

Result<std::int64_t> Db::QueryInt(std::string_view sql) {
  auto st = Prepare(sql);
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorKind::kInternal, path_ + ": no row from " + std::string(sql));
  return st->Int(0);
}

std::int64_t Db::LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
int Db::Changes() const { return sqlite3_changes(db_); }

Stmt::~Stmt() {
  if (s_) sqlite3_finalize(s_);
}

Stmt::Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)), db_(o.db_) {}

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    if (s_) sqlite3_finalize(s_);
    s_ = std::exchange(o.s_, nullptr);
    db_ = o.db_;
  }
  return *this;
}

Stmt& Stmt::Bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
Stmt& Stmt::BindStatic(int i, std::string_view v) {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}
Stmt& Stmt::BindBlob(int i, const void* data, int size) {
  sqlite3_bind_blob(s_, i, data, size, SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}
Stmt& Stmt::Bind(int i, const std::optional<std::int64_t>& v) {
  return v ? Bind(i, *v) : BindNull(i);
}
Stmt& Stmt::Bind(int i, const std::optional<std::string>& v) {
  return v ? Bind(i, std::string_view(*v)) : BindNull(i);
}

Result<bool> Stmt::Step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* sql = sqlite3_sql(s_);
  std::string what = "step '" + std::string(sql ? sql : "").substr(0, 60) + "'";
  Error e = db_->LastError(rc, what);
  sqlite3_reset(s_);
  return Fail(std::move(e));
}

Status Stmt::Run() {
  auto r = Step();
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  if (!r) return Fail(r.error());
  return OkStatus();
}

void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

std::int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(s_, col); }
std::string_view Stmt::TextView(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  if (!p) return {};
  return std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col)));
}
std::string Stmt::Text(int col) const { return std::string(TextView(col)); }
bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
std::optional<std::int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
std::optional<std::string> Stmt::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

Result<Txn> Txn::Begin(Db& db, std::string_view begin) {
  if (auto st = db.Exec(begin); !st) return Fail(st.error());
  return Txn(&db);
}

Txn::~Txn() {
  if (db_) (void)db_->Exec("ROLLBACK");
}

Status Txn::Commit() {
  auto st = db_->Exec("COMMIT");
  if (st) db_ = nullptr;
  return st;
}

}  // namespace newsd::storage

namespace newsd {

QueryDeadline::QueryDeadline(std::chrono::steady_clock::time_point deadline)
    : previous_(storage::tl_deadline) {
  storage::tl_deadline = deadline;
}

QueryDeadline::~QueryDeadline() { storage::tl_deadline = previous_; }

std::optional<std::chrono::steady_clock::time_point> QueryDeadline::Current() {
  return storage::tl_deadline;
}

}  // namespace newsd
