#include "storage/cluster_store.h"

#include <spdlog/spdlog.h>

#include "storage/pg_conn.h"

namespace newsd {

using storage::PgConn;
using storage::PgParam;
using storage::PgParams;
using storage::PgResult;
using storage::PgTxn;

namespace {

constexpr int kSchemaVersion = 1;

// Creating the schema from several instances at once races inside the
// catalog (CREATE ... IF NOT EXISTS is not atomic): hold a transaction-level
// advisory lock. The key is arbitrary but fixed ("newsd" in ASCII).
constexpr const char* kSchema = R"sql(
SELECT pg_advisory_xact_lock(1853060979);
CREATE SCHEMA IF NOT EXISTS newsd_cluster;
CREATE TABLE IF NOT EXISTS newsd_cluster.meta (
  key text PRIMARY KEY,
  value text NOT NULL);
INSERT INTO newsd_cluster.meta VALUES ('schema_version', '1') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS newsd_cluster.feeds (
  id text PRIMARY KEY,
  config_url text NOT NULL,
  url text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  retired boolean NOT NULL DEFAULT false,
  next_poll timestamptz NOT NULL DEFAULT now(),
  leased_by text,
  lease_until timestamptz,
  etag text NOT NULL DEFAULT '',
  last_modified text NOT NULL DEFAULT '',
  last_status integer NOT NULL DEFAULT 0,
  last_error text NOT NULL DEFAULT '',
  consecutive_errors integer NOT NULL DEFAULT 0,
  last_poll timestamptz,
  last_success timestamptz,
  polled_by text,
  polls bigint NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS feeds_due ON newsd_cluster.feeds (next_poll)
  WHERE enabled AND NOT retired;
CREATE INDEX IF NOT EXISTS feeds_leased_by ON newsd_cluster.feeds (leased_by)
  WHERE leased_by IS NOT NULL;
CREATE TABLE IF NOT EXISTS newsd_cluster.stories (
  content_hash text PRIMARY KEY,
  title text NOT NULL,
  url text NOT NULL,
  canonical_url text NOT NULL,
  published timestamptz,
  first_feed text NOT NULL,
  first_instance text NOT NULL,
  stored timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS newsd_cluster.story_sources (
  content_hash text NOT NULL REFERENCES newsd_cluster.stories ON DELETE CASCADE,
  feed text NOT NULL,
  instance text NOT NULL,
  seen timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (content_hash, feed));
)sql";

std::string Epoch(TimePoint t) { return std::to_string(t.time_since_epoch().count()); }

PgParam OptEpoch(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return Epoch(*t);
}

std::optional<TimePoint> ReadEpoch(const PgResult& r, int row, int col) {
  if (r.IsNull(row, col)) return std::nullopt;
  return TimePoint(std::chrono::seconds(r.Int(row, col)));
}

}  // namespace

struct ClusterStore::Impl {
  std::string conninfo;
  PgConn conn;

  // The connection, reconnected if libpq says it is broken.
  Result<PgConn*> Conn() {
    if (!conn.ok()) {
      auto c = PgConn::Connect(conninfo);
      if (!c) return Fail(c.error());
      conn = std::move(*c);
      spdlog::info("cluster: reconnected to PostgreSQL {}", conn.target());
    }
    return &conn;
  }
};

ClusterStore::ClusterStore() : impl_(std::make_unique<Impl>()) {}
ClusterStore::~ClusterStore() = default;

Result<std::unique_ptr<ClusterStore>> ClusterStore::Open(const std::string& conninfo) {
  auto c = PgConn::Connect(conninfo);
  if (!c) return Fail(c.error());
  std::unique_ptr<ClusterStore> s(new ClusterStore());
  s->impl_->conninfo = conninfo;
  s->impl_->conn = std::move(*c);
  PgConn& conn = s->impl_->conn;
  {
    auto txn = PgTxn::Begin(conn);
    if (!txn) return Fail(txn.error());
    if (auto st = conn.Exec(kSchema); !st) return Fail(st.error());
    if (auto st = txn->Commit(); !st) return Fail(st.error());
  }
  auto v = conn.Query("SELECT value FROM newsd_cluster.meta WHERE key = 'schema_version'");
  if (!v) return Fail(v.error());
  const int version = v->rows() > 0 ? static_cast<int>(v->Int(0, 0)) : 0;
  if (version > kSchemaVersion) {
    return Fail(ErrorKind::kUnsupported,
                "postgres " + conn.target() + ": newsd_cluster schema version " +
                    std::to_string(version) + " is newer than this newsd (" +
                    std::to_string(kSchemaVersion) + ")");
  }
  return s;
}

std::string ClusterStore::target() const { return impl_->conn.target(); }

Status ClusterStore::UpsertFeeds(const std::vector<ClusterFeed>& feeds) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  PgConn& conn = **c;
  std::vector<storage::PgRow> rows;
  rows.reserve(feeds.size());
  for (const auto& f : feeds) {
    rows.push_back({f.id, f.url, f.url, std::string(f.enabled ? "true" : "false")});
  }
  auto txn = PgTxn::Begin(conn);
  if (!txn) return Fail(txn.error());
  // A changed URL in the config restarts the feed from that URL (the stored
  // one may be an old 301 target) with no validators.
  auto n = conn.InsertRows("newsd_cluster.feeds AS f", {"id", "config_url", "url", "enabled"}, rows,
                           "ON CONFLICT (id) DO UPDATE SET enabled = EXCLUDED.enabled, "
                           "url = CASE WHEN f.config_url = EXCLUDED.config_url THEN f.url "
                           "ELSE EXCLUDED.url END, "
                           "etag = CASE WHEN f.config_url = EXCLUDED.config_url THEN f.etag "
                           "ELSE '' END, "
                           "last_modified = CASE WHEN f.config_url = EXCLUDED.config_url "
                           "THEN f.last_modified ELSE '' END, "
                           "config_url = EXCLUDED.config_url");
  if (!n) return Fail(n.error());
  return txn->Commit();
}

Result<std::vector<LeasedFeed>> ClusterStore::Lease(const std::string& instance,
                                                    std::chrono::seconds lease, int limit) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  // SKIP LOCKED: instances leasing at the same moment each get other rows
  // instead of queueing behind one another's row locks.
  auto r = (*c)->Query(
      "WITH due AS ("
      " SELECT id, leased_by AS prev FROM newsd_cluster.feeds"
      " WHERE enabled AND NOT retired AND next_poll <= now()"
      "   AND (leased_by IS NULL OR lease_until <= now())"
      " ORDER BY next_poll LIMIT $3::int FOR UPDATE SKIP LOCKED)"
      " UPDATE newsd_cluster.feeds f SET leased_by = $1,"
      "   lease_until = now() + make_interval(secs => $2::int)"
      " FROM due WHERE f.id = due.id"
      " RETURNING f.id, f.url, f.etag, f.last_modified, f.last_status, f.last_error,"
      "   f.consecutive_errors, extract(epoch FROM f.last_poll)::bigint,"
      "   extract(epoch FROM f.last_success)::bigint, extract(epoch FROM f.next_poll)::bigint,"
      "   coalesce(due.prev, '')",
      {instance, std::to_string(lease.count()), std::to_string(limit)});
  if (!r) return Fail(r.error());
  std::vector<LeasedFeed> out;
  out.reserve(static_cast<std::size_t>(r->rows()));
  for (int i = 0; i < r->rows(); ++i) {
    LeasedFeed l;
    l.state.feed = r->Text(i, 0);
    l.state.url = r->Text(i, 1);
    l.state.etag = r->Text(i, 2);
    l.state.last_modified = r->Text(i, 3);
    l.state.last_status = static_cast<int>(r->Int(i, 4));
    l.state.last_error = r->Text(i, 5);
    l.state.consecutive_errors = static_cast<int>(r->Int(i, 6));
    l.state.last_poll = ReadEpoch(*r, i, 7);
    l.state.last_success = ReadEpoch(*r, i, 8);
    l.state.next_poll = ReadEpoch(*r, i, 9);
    l.taken_from = r->Text(i, 10);
    if (l.taken_from == instance) l.taken_from.clear();
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::int64_t> ClusterStore::Renew(const std::string& instance, std::chrono::seconds lease) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  return (*c)->Run(
      "UPDATE newsd_cluster.feeds SET lease_until = now() + make_interval(secs => $2::int)"
      " WHERE leased_by = $1",
      {instance, std::to_string(lease.count())});
}

Result<bool> ClusterStore::Complete(const std::string& instance, const FeedState& s) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  auto n = (*c)->Run(
      "UPDATE newsd_cluster.feeds SET url = $3, etag = $4, last_modified = $5,"
      " last_status = $6::int, last_error = $7, consecutive_errors = $8::int,"
      " last_poll = to_timestamp($9::bigint), last_success = to_timestamp($10::bigint),"
      " next_poll = coalesce(to_timestamp($11::bigint), now()), retired = $12::boolean,"
      " leased_by = NULL, lease_until = NULL, polled_by = $2, polls = polls + 1"
      " WHERE id = $1 AND leased_by = $2",
      {s.feed, instance, s.url, s.etag, s.last_modified, std::to_string(s.last_status),
       s.last_error, std::to_string(s.consecutive_errors), OptEpoch(s.last_poll),
       OptEpoch(s.last_success), OptEpoch(s.next_poll), std::string(s.retired ? "true" : "false")});
  if (!n) return Fail(n.error());
  return *n > 0;
}

Status ClusterStore::Release(const std::string& instance, const std::string& feed,
                             std::chrono::seconds retry_in) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  auto n = (*c)->Run(
      "UPDATE newsd_cluster.feeds SET leased_by = NULL, lease_until = NULL,"
      " next_poll = now() + make_interval(secs => $3::int)"
      " WHERE id = $1 AND leased_by = $2",
      {feed, instance, std::to_string(retry_in.count())});
  if (!n) return Fail(n.error());
  return OkStatus();
}

Result<std::int64_t> ClusterStore::ReleaseAll(const std::string& instance) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  return (*c)->Run(
      "UPDATE newsd_cluster.feeds SET leased_by = NULL, lease_until = NULL WHERE leased_by = $1",
      {instance});
}

Result<PushOutcome> ClusterStore::PushStories(const std::string& instance,
                                              const std::vector<Article>& articles) {
  auto c = impl_->Conn();
  if (!c) return Fail(c.error());
  PgConn& conn = **c;
  auto txn = PgTxn::Begin(conn);
  if (!txn) return Fail(txn.error());
  PushOutcome out;
  for (const Article& a : articles) {
    if (a.content_hash.empty()) continue;
    const std::string first_feed = a.sources.empty() ? a.feed : a.sources.front();
    // ON CONFLICT DO NOTHING: the loser of a race between two instances
    // inserting the same story sees 0 rows and records only its source.
    auto n = conn.Run(
        "INSERT INTO newsd_cluster.stories (content_hash, title, url, canonical_url, published,"
        " first_feed, first_instance) VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), $6, $7)"
        " ON CONFLICT (content_hash) DO NOTHING",
        {a.content_hash, a.title, a.url, a.canonical_url, OptEpoch(a.published), first_feed,
         instance});
    if (!n) return Fail(n.error());
    if (*n > 0) {
      ++out.new_stories;
    } else {
      ++out.duplicates;
    }
    std::vector<std::string> feeds = a.sources;
    if (feeds.empty() && !a.feed.empty()) feeds.push_back(a.feed);
    for (const auto& f : feeds) {
      auto s = conn.Run(
          "INSERT INTO newsd_cluster.story_sources (content_hash, feed, instance)"
          " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
          {a.content_hash, f, instance});
      if (!s) return Fail(s.error());
    }
  }
  if (auto st = txn->Commit(); !st) return Fail(st.error());
  return out;
}

}  // namespace newsd
