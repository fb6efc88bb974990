#include "storage/sink_postgres.h"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"
#include "storage/pg_conn.h"

namespace newsd {
namespace {

using storage::PgConn;
using storage::PgParam;
using storage::PgRow;

// Version 1 of the mirror. {s} is the quoted schema name.
constexpr const char* kPgV1 = R"sql(
CREATE TABLE IF NOT EXISTS {s}.articles(
  content_hash text PRIMARY KEY,
  newsd_id bigint NOT NULL,
  revision integer NOT NULL,
  feed text NOT NULL,
  url text NOT NULL,
  canonical_url text NOT NULL,
  guid text NOT NULL,
  title text NOT NULL,
  author text,
  published timestamptz,
  fetched timestamptz NOT NULL,
  lang text NOT NULL,
  text text NOT NULL,
  simhash text NOT NULL,
  duplicate_of bigint,
  loaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS articles_canonical_url ON {s}.articles(canonical_url);
CREATE INDEX IF NOT EXISTS articles_fetched ON {s}.articles(fetched);
CREATE TABLE IF NOT EXISTS {s}.sources(
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  feed text NOT NULL,
  PRIMARY KEY(content_hash, feed)
);
CREATE TABLE IF NOT EXISTS {s}.entities(
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  idx integer NOT NULL,
  text text NOT NULL, type text NOT NULL, canonical text NOT NULL,
  start_offset integer NOT NULL, end_offset integer NOT NULL,
  PRIMARY KEY(content_hash, idx)
);
CREATE TABLE IF NOT EXISTS {s}.quotes(
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  idx integer NOT NULL,
  text text NOT NULL, speaker text,
  start_offset integer NOT NULL, end_offset integer NOT NULL,
  PRIMARY KEY(content_hash, idx)
);
CREATE TABLE IF NOT EXISTS {s}.quantities(
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  idx integer NOT NULL,
  text text NOT NULL, value double precision NOT NULL, unit text NOT NULL,
  approx boolean NOT NULL,
  start_offset integer NOT NULL, end_offset integer NOT NULL,
  PRIMARY KEY(content_hash, idx)
);
CREATE TABLE IF NOT EXISTS {s}.dates(
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  idx integer NOT NULL,
  text text NOT NULL, start_date text NOT NULL, end_date text NOT NULL,
  start_offset integer NOT NULL, end_offset integer NOT NULL,
  PRIMARY KEY(content_hash, idx)
);
CREATE TABLE IF NOT EXISTS {s}.alerts(
  id text PRIMARY KEY,
  watch text NOT NULL,
  content_hash text NOT NULL REFERENCES {s}.articles(content_hash) ON DELETE CASCADE,
  newsd_article_id bigint NOT NULL,
  created timestamptz NOT NULL,
  score double precision NOT NULL,
  matched jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_watch ON {s}.alerts(watch, created);
)sql";

std::string Replace(std::string sql, const std::string& schema) {
  for (size_t p = sql.find("{s}"); p != std::string::npos; p = sql.find("{s}", p)) {
    sql.replace(p, 3, schema);
    p += schema.size();
  }
  return sql;
}

PgParam Int(std::int64_t v) { return std::to_string(v); }
PgParam Time(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339(*t);
}

// Rows for every table of one delivery, deduplicated by the ON CONFLICT keys.
struct Rows {
  std::vector<PgRow> articles, sources, entities, quotes, quantities, dates, alerts;

  void AddArticle(const Article& a) {
    const std::string& h = a.content_hash;
    articles.push_back({h, Int(a.id), Int(a.revision), a.feed, a.url, a.canonical_url, a.guid,
                        a.title, a.author, Time(a.published), Time(a.fetched), a.lang, a.text,
                        fmt::format("{:016x}", a.simhash),
                        a.duplicate_of ? Int(*a.duplicate_of) : std::nullopt});
    if (a.sources.empty()) sources.push_back({h, a.feed});
    for (const auto& f : a.sources) sources.push_back({h, f});
    for (size_t i = 0; i < a.entities.size(); ++i) {
      const auto& e = a.entities[i];
      entities.push_back({h, Int(static_cast<std::int64_t>(i)), e.text, EntityTypeName(e.type),
                          e.canonical, Int(static_cast<std::int64_t>(e.start)),
                          Int(static_cast<std::int64_t>(e.end))});
    }
    for (size_t i = 0; i < a.quotes.size(); ++i) {
      const auto& q = a.quotes[i];
      quotes.push_back({h, Int(static_cast<std::int64_t>(i)), q.text, q.speaker,
                        Int(static_cast<std::int64_t>(q.start)),
                        Int(static_cast<std::int64_t>(q.end))});
    }
    for (size_t i = 0; i < a.quantities.size(); ++i) {
      const auto& q = a.quantities[i];
      quantities.push_back({h, Int(static_cast<std::int64_t>(i)), q.text,
                            fmt::format("{:.17g}", q.value), q.unit, q.approx ? "t" : "f",
                            Int(static_cast<std::int64_t>(q.start)),
                            Int(static_cast<std::int64_t>(q.end))});
    }
    for (size_t i = 0; i < a.dates.size(); ++i) {
      const auto& d = a.dates[i];
      dates.push_back({h, Int(static_cast<std::int64_t>(i)), d.text, d.start_date, d.end_date,
                       Int(static_cast<std::int64_t>(d.start)),
                       Int(static_cast<std::int64_t>(d.end))});
    }
  }

  void AddAlert(const Alert& al, const Article& a) {
    const boost::json::object o = AlertToJson(al, nullptr);
    alerts.push_back({al.id, al.watch, a.content_hash, Int(al.article_id), Time(al.created),
                      fmt::format("{:.17g}", al.score), ToJsonLine(o.at("matched"))});
  }
};

}  // namespace

struct PostgresSink::Impl {
  std::optional<PgConn> conn;
  std::string schema;  // quoted
};

PostgresSink::PostgresSink(PostgresSinkOptions opts)
    : opts_(std::move(opts)), impl_(std::make_unique<Impl>()) {
  impl_->schema = PgConn().QuoteIdent(opts_.schema);
}

PostgresSink::~PostgresSink() = default;

Status PostgresSink::Connect() {
  if (impl_->conn && impl_->conn->ok()) return OkStatus();
  impl_->conn.reset();
  auto c = PgConn::Connect(opts_.conninfo, opts_.connect_timeout_seconds);
  if (!c) return Fail(c.error().Wrap("sink " + opts_.id));
  impl_->conn.emplace(std::move(*c));
  if (auto st = Migrate(); !st) {
    impl_->conn.reset();
    return st;
  }
  return OkStatus();
}

Status PostgresSink::Migrate() {
  if (!impl_->conn) return Connect();
  PgConn& c = *impl_->conn;
  const std::string& s = impl_->schema;
  auto fail = [this](const Error& e) { return Fail(e.Wrap("sink " + opts_.id + ": migrate")); };
  auto txn = storage::PgTxn::Begin(c);
  if (!txn) return fail(txn.error());
  // One migrating instance at a time; the key is derived from the schema name.
  if (auto r = c.Run("SELECT pg_advisory_xact_lock(hashtext($1))", {"newsd-migrate:" + s}); !r) {
    return fail(r.error());
  }
  if (auto st = c.Exec("CREATE SCHEMA IF NOT EXISTS " + s + ";CREATE TABLE IF NOT EXISTS " + s +
                       ".schema_version(version integer PRIMARY KEY, "
                       "applied timestamptz NOT NULL DEFAULT now())");
      !st) {
    return fail(st.error());
  }
  auto v = c.Query("SELECT coalesce(max(version), 0) FROM " + s + ".schema_version");
  if (!v) return fail(v.error());
  const std::int64_t have = v->Int(0, 0);
  if (have > kPgSinkSchemaVersion) {
    return Fail(ErrorKind::kUnsupported, "sink " + opts_.id + ": PostgreSQL schema " +
                                             opts_.schema + " has version " + std::to_string(have) +
                                             ", newer than this newsd writes (" +
                                             std::to_string(kPgSinkSchemaVersion) + ")");
  }
  if (have < 1) {
    if (auto st = c.Exec(Replace(kPgV1, s)); !st) return fail(st.error());
    if (auto r = c.Run("INSERT INTO " + s + ".schema_version(version) VALUES (1)"); !r) {
      return fail(r.error());
    }
  }
  if (auto st = txn->Commit(); !st) return fail(st.error());
  return OkStatus();
}

Status PostgresSink::Deliver(const std::vector<DownstreamItem>& items) {
  Rows rows;
  for (const auto& it : items) {
    if (!it.found || it.article.content_hash.empty()) continue;
    // An alert's article is inserted too (DO NOTHING if there), so the
    // reference always resolves.
    rows.AddArticle(it.article);
    if (it.row.kind == DownstreamKind::kAlert && it.alert) rows.AddAlert(*it.alert, it.article);
  }
  if (rows.articles.empty()) return OkStatus();
  if (auto st = Connect(); !st) return st;
  PgConn& c = *impl_->conn;
  const std::string& s = impl_->schema;
  auto status = [&]() -> Status {
    auto txn = storage::PgTxn::Begin(c);
    if (!txn) return Fail(txn.error());
    struct Table {
      const char* name;
      std::vector<std::string> cols;
      const std::vector<PgRow>* rows;
    };
    const Table tables[] = {
        {"articles",
         {"content_hash", "newsd_id", "revision", "feed", "url", "canonical_url", "guid", "title",
          "author", "published", "fetched", "lang", "text", "simhash", "duplicate_of"},
         &rows.articles},
        {"sources", {"content_hash", "feed"}, &rows.sources},
        {"entities",
         {"content_hash", "idx", "text", "type", "canonical", "start_offset", "end_offset"},
         &rows.entities},
        {"quotes",
         {"content_hash", "idx", "text", "speaker", "start_offset", "end_offset"},
         &rows.quotes},
        {"quantities",
         {"content_hash", "idx", "text", "value", "unit", "approx", "start_offset", "end_offset"},
         &rows.quantities},
        {"dates",
         {"content_hash", "idx", "text", "start_date", "end_date", "start_offset", "end_offset"},
         &rows.dates},
        {"alerts",
         {"id", "watch", "content_hash", "newsd_article_id", "created", "score", "matched"},
         &rows.alerts},
    };
    for (const auto& t : tables) {
      if (t.rows->empty()) continue;
      auto r = c.InsertRows(s + "." + t.name, t.cols, *t.rows, "ON CONFLICT DO NOTHING");
      if (!r) return Fail(r.error());
    }
    return txn->Commit();
  }();
  if (!status) {
    if (!c.ok()) impl_->conn.reset();
    return Fail(status.error().Wrap("sink " + opts_.id));
  }
  return OkStatus();
}

}  // namespace newsd
