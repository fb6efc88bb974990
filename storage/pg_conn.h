// Move-only RAII wrappers for libpq (PostgreSQL client) handles and the
// conversion of libpq errors into newsd Errors. Used by the PostgreSQL sink
// and by cluster mode; nothing else in newsd sees PGconn/PGresult.
//
//   auto c = PgConn::Connect("host=127.0.0.1 port=5432 dbname=news", 10);
//   if (!c) return Fail(c.error());
//   auto r = c->Query("SELECT id FROM t WHERE k = $1", {key});
//   auto t = PgTxn::Begin(*c);  ... t->Commit();
//
// Every call blocks: run them on a worker thread, never on the io thread.
// Thread rules: a PgConn (and its PgTxn) is used by one thread at a time.
// Parameters and results are text (libpq's text format); NULL is nullopt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct pg_conn;
struct pg_result;

namespace newsd::storage {

// One query parameter: text, or nullopt for SQL NULL.
using PgParam = std::optional<std::string>;
using PgParams = std::vector<PgParam>;
using PgRow = std::vector<PgParam>;

// Builds an Error: "postgres: <what>: <server or libpq message> (SQLSTATE 23505)".
// Connection failures and admin shutdowns (SQLSTATE class 08, 57P0x) are kIo;
// lock/serialization timeouts (40001, 40P01, 55P03, 57014) kTimeout; data errors
// (class 22, 23) kInvalidArgument; anything else kInternal.
Error PgError(std::string_view what, std::string_view message, std::string_view sqlstate);

// A query result. Rows and columns start at 0.
class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* r) : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult& operator=(PgResult&& o) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  int cols() const;
  bool IsNull(int row, int col) const;
  std::string Text(int row, int col) const;  // "" for NULL
  std::optional<std::string> OptText(int row, int col) const;
  std::int64_t Int(int row, int col) const;  // 0 for NULL or non-numbers
  // Rows changed by INSERT/UPDATE/DELETE/COPY (PQcmdTuples), 0 otherwise.
  std::int64_t Affected() const;
  // The command tag ("INSERT 0 3", "COMMIT", "ROLLBACK").
  std::string Command() const;

 private:
  pg_result* r_ = nullptr;
};

// One connection. Closes on destruction (PQfinish).
class PgConn {
 public:
  PgConn() = default;
  ~PgConn();
  PgConn(PgConn&& o) noexcept;
  PgConn& operator=(PgConn&& o) noexcept;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;

  // Connects with `conninfo` (keyword=value or postgresql:// URI). A
  // connect_timeout inside conninfo wins over `timeout_seconds`. TCP keepalives
  // are on so a vanished server is noticed. Error (kIo) names the target.
  static Result<PgConn> Connect(const std::string& conninfo, int timeout_seconds = 10);

  // Runs SQL without parameters; several statements separated by ';' are allowed
  // (DDL, migrations). Error on the first failing statement.
  Status Exec(std::string_view sql);
  // Runs one statement with $1..$n parameters; returns its rows (SELECT/RETURNING).
  Result<PgResult> Query(std::string_view sql, const PgParams& params = {});
  // Runs one statement with parameters; returns the number of rows it changed.
  Result<std::int64_t> Run(std::string_view sql, const PgParams& params = {});

  // Inserts rows with multi-row INSERT statements of at most `rows_per_stmt`
  // rows (and never more than 65535 parameters):
  //   INSERT INTO <table> (<columns>) VALUES (...),(...) <suffix>
  // `table` and `columns` are SQL identifiers already quoted if needed; suffix is
  // e.g. "ON CONFLICT DO NOTHING". Each row must have columns.size() values.
  // Returns the rows inserted. Not a transaction by itself: wrap it in PgTxn.
  Result<std::int64_t> InsertRows(std::string_view table, const std::vector<std::string>& columns,
                                  const std::vector<PgRow>& rows, std::string_view suffix = {},
                                  int rows_per_stmt = 500);
  // COPY <table> (<columns>) FROM STDIN with text-format rows (escaping done
  // here). Faster than InsertRows but fails on any conflict: copy into a temp
  // table and INSERT ... SELECT ... ON CONFLICT from there. Returns rows copied.
  Result<std::int64_t> CopyIn(std::string_view table, const std::vector<std::string>& columns,
                              const std::vector<PgRow>& rows);

  // True while the connection is up as far as libpq knows (PQstatus OK).
  bool ok() const;
  // "host:port/dbname" for messages.
  std::string target() const;
  // `name` as a quoted SQL identifier ("my schema" -> "\"my schema\"").
  std::string QuoteIdent(std::string_view name) const;

  pg_conn* raw() const { return c_; }

 private:
  explicit PgConn(pg_conn* c) : c_(c) {}
  Error LastError(std::string_view what, pg_result* r) const;
  Result<PgResult> Check(pg_result* r, std::string_view what, bool copy_in = false);

  pg_conn* c_ = nullptr;
};

// A transaction that rolls back on destruction unless committed.
class PgTxn {
 public:
  // `begin` may add an isolation level: "BEGIN ISOLATION LEVEL SERIALIZABLE".
  static Result<PgTxn> Begin(PgConn& c, std::string_view begin = "BEGIN");
  PgTxn(PgTxn&& o) noexcept : c_(o.c_) { o.c_ = nullptr; }
  PgTxn(const PgTxn&) = delete;
  PgTxn& operator=(const PgTxn&) = delete;
  PgTxn& operator=(PgTxn&&) = delete;
  ~PgTxn();
  Status Commit();

 private:
  explicit PgTxn(PgConn* c) : c_(c) {}
  PgConn* c_;
};

}  // namespace newsd::storage
