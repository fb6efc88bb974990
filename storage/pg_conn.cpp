#include "storage/pg_conn.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace newsd::storage {
namespace {

// Server notices ("relation already exists, skipping") go to the debug log,
// not to stderr.
void OnNotice(void* /*arg*/, const char* message) {
  std::string_view m(message);
  while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
  spdlog::debug("postgres: {}", m);
}

std::string Trim(const char* s) {
  std::string m = s ? s : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// Escapes one value for COPY's text format.
void AppendCopyValue(std::string& out, const PgParam& v) {
  if (!v) {
    out += "\\N";
    return;
  }
  for (const char ch : *v) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += ch;
    }
  }
}

std::string ColumnList(const std::vector<std::string>& columns) {
  std::string s;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) s += ", ";
    s += columns[i];
  }
  return s;
}

}  // namespace

Error PgError(std::string_view what, std::string_view message, std::string_view sqlstate) {
  ErrorKind kind = ErrorKind::kInternal;
  if (sqlstate.empty() || sqlstate.starts_with("08") || sqlstate.starts_with("57P") ||
      sqlstate.starts_with("53")) {
    kind = ErrorKind::kIo;  // no server answer, connection lost, shutdown, out of resources
  } else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" ||
             sqlstate == "57014") {
    kind = ErrorKind::kTimeout;
  } else if (sqlstate.starts_with("22") || sqlstate.starts_with("23")) {
    kind = ErrorKind::kInvalidArgument;
  }
  std::string m = "postgres: " + std::string(what) + ": " + std::string(message);
  if (!sqlstate.empty()) m += " (SQLSTATE " + std::string(sqlstate) + ")";
  return Error(kind, std::move(m));
}

// ---- PgResult ----

PgResult::~PgResult() {
  if (r_) PQclear(r_);
}

PgResult& PgResult::operator=(PgResult&& o) noexcept {
  if (this != &o) {
    if (r_) PQclear(r_);
    r_ = std::exchange(o.r_, nullptr);
  }
  return *this;
}

int PgResult::rows() const { return r_ ? PQntuples(r_) : 0; }
int PgResult::cols() const { return r_ ? PQnfields(r_) : 0; }
bool PgResult::IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
std::string PgResult::Text(int row, int col) const {
  return IsNull(row, col) ? std::string()
                          : std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
}
std::optional<std::string> PgResult::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}
std::int64_t PgResult::Int(int row, int col) const {
  if (IsNull(row, col)) return 0;
  return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10);
}
std::int64_t PgResult::Affected() const {
  if (!r_) return 0;
  return std::strtoll(PQcmdTuples(r_), nullptr, 10);
}

std::string PgResult::Command() const { return r_ ? PQcmdStatus(r_) : ""; }

// ---- PgConn ----

PgConn::~PgConn() {
  if (c_) PQfinish(c_);
}

PgConn::PgConn(PgConn&& o) noexcept : c_(std::exchange(o.c_, nullptr)) {}

PgConn& PgConn::operator=(PgConn&& o) noexcept {
  if (this != &o) {
    if (c_) PQfinish(c_);
    c_ = std::exchange(o.c_, nullptr);
  }
  return *this;
}

Result<PgConn> PgConn::Connect(const std::string& conninfo, int timeout_seconds) {
  // Keywords before "dbname" are defaults: the expanded conninfo overrides them.
  const std::string timeout = std::to_string(std::max(1, timeout_seconds));
  const char* keys[] = {
      "connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "application_name", "dbname",          nullptr};
  const char* vals[] = {timeout.c_str(), "1", "30", "10", "3", "newsd", conninfo.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keys, vals, 1);
  if (!c) return Fail(ErrorKind::kResourceExhausted, "postgres: out of memory connecting");
  PgConn conn(c);
  if (PQstatus(c) != CONNECTION_OK) {
    return Fail(ErrorKind::kIo,
                "postgres: cannot connect to " + conn.target() + ": " + Trim(PQerrorMessage(c)));
  }
  PQsetNoticeProcessor(c, OnNotice, nullptr);
  return conn;
}

bool PgConn::ok() const { return c_ && PQstatus(c_) == CONNECTION_OK; }

std::string PgConn::target() const {
  if (!c_) return "(no connection)";
  const char* host = PQhost(c_);
  const char* port = PQport(c_);
  const char* db = PQdb(c_);
  return std::string(host ? host : "") + ":" + (port ? port : "") + "/" + (db ? db : "");
}

std::string PgConn::QuoteIdent(std::string_view name) const {
  // Done by hand so it works without a live connection: double the quotes.
  std::string s = "\"";
  for (const char ch : name) {
    if (ch == '"') s += '"';
    s += ch;
  }
  s += '"';
  return s;
}

Error PgConn::LastError(std::string_view what, pg_result* r) const {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = r ? Trim(PQresultErrorMessage(r)) : std::string();
  if (msg.empty()) msg = Trim(c_ ? PQerrorMessage(c_) : "no connection");
  // A dropped connection has no SQLSTATE: PgError maps the empty state to kIo.
  return PgError(what, msg, state ? state : "");
}

Result<PgResult> PgConn::Check(pg_result* r, std::string_view what, bool copy_in) {
  PgResult owned(r);
  if (!r) return Fail(LastError(what, nullptr));
  const ExecStatusType st = PQresultStatus(r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY ||
      (copy_in && st == PGRES_COPY_IN)) {
    return owned;
  }
  return Fail(LastError(what, r));
}

Status PgConn::Exec(std::string_view sql) {
  if (!c_) return Fail(ErrorKind::kIo, "postgres: not connected");
  const std::string q(sql);
  // PQexec returns only the last result; an earlier failure aborts the rest
  // and is what it returns, so checking the one result is enough.
  auto r = Check(PQexec(c_, q.c_str()), q.substr(0, 60));
  if (!r) return Fail(r.error());
  return OkStatus();
}

Result<PgResult> PgConn::Query(std::string_view sql, const PgParams& params) {
  if (!c_) return Fail(ErrorKind::kIo, "postgres: not connected");
  const std::string q(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return Check(PQexecParams(c_, q.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                            nullptr, nullptr, 0),
               q.substr(0, 60));
}

Result<std::int64_t> PgConn::Run(std::string_view sql, const PgParams& params) {
  auto r = Query(sql, params);
  if (!r) return Fail(r.error());
  return r->Affected();
}

Result<std::int64_t> PgConn::InsertRows(std::string_view table,
                                        const std::vector<std::string>& columns,
                                        const std::vector<PgRow>& rows, std::string_view suffix,
                                        int rows_per_stmt) {
  if (columns.empty()) return Fail(ErrorKind::kInternal, "InsertRows: no columns");
  const size_t ncol = columns.size();
  const size_t max_rows = std::max<size_t>(
      1, std::min<size_t>(static_cast<size_t>(std::max(1, rows_per_stmt)), 65535 / ncol));
  const std::string head =
      "INSERT INTO " + std::string(table) + " (" + ColumnList(columns) + ") VALUES ";
  std::int64_t inserted = 0;
  for (size_t begin = 0; begin < rows.size(); begin += max_rows) {
    const size_t end = std::min(rows.size(), begin + max_rows);
    std::string sql = head;
    PgParams params;
    params.reserve((end - begin) * ncol);
    int n = 0;
    for (size_t i = begin; i < end; ++i) {
      if (rows[i].size() != ncol) {
        return Fail(ErrorKind::kInternal, "InsertRows " + std::string(table) + ": row has " +
                                              std::to_string(rows[i].size()) + " values, not " +
                                              std::to_string(ncol));
      }
      sql += i == begin ? "(" : ",(";
      for (size_t c = 0; c < ncol; ++c) {
        if (c) sql += ',';
        sql += '$' + std::to_string(++n);
        params.push_back(rows[i][c]);
      }
      sql += ')';
    }
    if (!suffix.empty()) sql += " " + std::string(suffix);
    auto r = Run(sql, params);
    if (!r) return Fail(r.error().Wrap(std::string(table)));
    inserted += *r;
  }
  return inserted;
}

Result<std::int64_t> PgConn::CopyIn(std::string_view table, const std::vector<std::string>& columns,
                                    const std::vector<PgRow>& rows) {
  if (!c_) return Fail(ErrorKind::kIo, "postgres: not connected");
  const std::string q = "COPY " + std::string(table) + " (" + ColumnList(columns) + ") FROM STDIN";
  auto start = Check(PQexec(c_, q.c_str()), q, /*copy_in=*/true);
  if (!start) return Fail(start.error());
  std::string buf;
  auto flush = [&]() -> bool {
    if (buf.empty()) return true;
    const bool ok = PQputCopyData(c_, buf.data(), static_cast<int>(buf.size())) == 1;
    buf.clear();
    return ok;
  };
  bool ok = true;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) buf += '\t';
      AppendCopyValue(buf, row[c]);
    }
    buf += '\n';
    if (buf.size() > (1 << 16) && !(ok = flush())) break;
  }
  if (ok) ok = flush();
  if (PQputCopyEnd(c_, ok ? nullptr : "newsd: copy aborted") != 1) {
    return Fail(LastError(q, nullptr));
  }
  // Drain every result of the COPY; the first failure is the answer.
  std::optional<Error> err;
  std::int64_t copied = 0;
  while (PGresult* r = PQgetResult(c_)) {
    PgResult owned(r);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      if (!err) err = LastError(q, r);
    } else {
      copied += owned.Affected();
    }
  }
  if (err) return Fail(*err);
  if (!ok) return Fail(LastError(q, nullptr));
  return copied;
}

// ---- PgTxn ----

Result<PgTxn> PgTxn::Begin(PgConn& c, std::string_view begin) {
  if (auto s = c.Exec(begin); !s) return Fail(s.error());
  return PgTxn(&c);
}

PgTxn::~PgTxn() {
  if (c_ && c_->ok()) {
    if (auto s = c_->Exec("ROLLBACK"); !s) spdlog::debug("{}", s.error().message);
  }
}

Status PgTxn::Commit() {
  PgConn* c = std::exchange(c_, nullptr);
  if (!c) return Fail(ErrorKind::kInternal, "postgres: commit of a finished transaction");
  auto r = c->Query("COMMIT");
  if (!r) return Fail(r.error());
  // COMMIT of a transaction that already failed "succeeds" as a ROLLBACK.
  if (r->Command() == "ROLLBACK") {
    return Fail(ErrorKind::kInternal,
                "postgres: transaction was rolled back (an earlier "
                "statement failed)");
  }
  return OkStatus();
}

}  // namespace newsd::storage
