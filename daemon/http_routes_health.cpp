// GET /healthz, /readyz, /metrics.
#include <filesystem>
#include <mutex>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "alerts/dispatcher.h"
#include "daemon/api_context.h"
#include "daemon/engine.h"
#include "daemon/http_routes.h"
#include "daemon/http_server.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "extract/pipeline.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// The writer counts as stuck when articles have been queued and no batch has
// committed for this long.
constexpr auto kWriterStuckAfter = std::chrono::seconds(60);
// A feed poll counts as recent within this many of its intervals.
constexpr int kReadyIntervals = 3;

// Remembers when the writer last made progress, across readyz calls.
struct WriterWatch {
  std::mutex mu;
  std::int64_t batches = -1;                    // guarded by mu
  std::chrono::steady_clock::time_point since;  // guarded by mu

  // True when `m` shows queued work and no commit for kWriterStuckAfter.
  bool Stuck(const WriterMetrics& m) {
    std::lock_guard<std::mutex> lock(mu);
    const auto now = std::chrono::steady_clock::now();
    if (m.batches_committed != batches || m.queued_articles == 0) {
      batches = m.batches_committed;
      since = now;
      return false;
    }
    return now - since > kWriterStuckAfter;
  }
};

struct ReadyResult {
  Status db;
  std::int64_t feeds_in_error = 0;
  std::vector<FeedState> states;
};

asio::awaitable<HttpReply> Ready(ApiDeps& deps, std::shared_ptr<WriterWatch> watch,
                                 std::chrono::steady_clock::time_point deadline) {
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op1 = RunOnPool(*deps.workers, deadline, [&deps] {
    ReadyResult out;
    out.db = deps.readers->With([](ApiReader& r) { return r.ProbeWritable(); });
    auto reader = StoreReader::Open(deps.config->daemon.state_dir + "/newsd.db");
    if (reader) {
      if (auto s = (*reader)->FeedStates()) out.states = std::move(*s);
    }
    return out;
  });
  auto r = co_await std::move(op1);
  bool ready = true;
  json::object checks;
  if (r.db) {
    checks["database"] = "ok";
  } else {
    ready = false;
    checks["database"] = r.db.error().message;
  }
  const WriterMetrics wm = deps.engine->store().Metrics();
  if (wm.paused) {
    ready = false;
    checks["writer"] = "paused: " + wm.last_error;
  } else if (watch->Stuck(wm)) {
    ready = false;
    checks["writer"] = "no commit for 60s with " + std::to_string(wm.queued_articles) + " queued";
  } else {
    checks["writer"] = "ok";
  }
  // Feeds: at least one enabled feed polled OK within kReadyIntervals of its
  // interval, or the daemon started less than that long ago.
  const TimePoint now = SystemClock::Instance().Now();
  std::map<std::string, const FeedState*> by_id;
  for (const auto& s : r.states) by_id[s.feed] = &s;
  int enabled = 0;
  bool recent = false, young = false;
  for (const auto& f : deps.config->feeds) {
    if (!f.enabled) continue;
    ++enabled;
    const auto window =
        kReadyIntervals * f.interval.value_or(deps.config->schedule.default_interval);
    if (now - deps.started < window) young = true;
    auto it = by_id.find(f.id);
    if (it != by_id.end() && it->second->last_success && now - *it->second->last_success < window) {
      recent = true;
    }
  }
  if (enabled == 0 || recent) {
    checks["feeds"] = "ok";
  } else if (young) {
    checks["feeds"] = "starting: no feed polled successfully yet";
  } else {
    ready = false;
    checks["feeds"] = "no feed polled successfully in the last 3 intervals";
  }
  co_return JsonReply(ready ? 200 : 503, json::object{{"ready", ready}, {"checks", checks}});
}

struct MetricsData {
  std::vector<SinkOutboxCounts> sinks;
  std::int64_t feeds_in_error = 0;
  std::int64_t db_bytes = 0, wal_bytes = 0;
  std::string error;
};

// A histogram family from per-bucket counts (the last one is +Inf).
template <std::size_t N>
void RenderBuckets(PromWriter& w, const std::string& name, std::string_view help,
                   const std::array<double, N>& bounds,
                   const std::array<std::int64_t, N + 1>& counts, double sum) {
  w.Family(name, "histogram", help);
  std::int64_t cumulative = 0;
  for (std::size_t i = 0; i <= N; ++i) {
    cumulative += counts[i];
    std::string le = "+Inf";
    if (i < N) {
      std::ostringstream os;
      os << bounds[i];
      le = os.str();
    }
    w.Sample(name + "_bucket", static_cast<double>(cumulative), {{"le", le}});
  }
  w.Sample(name + "_sum", sum);
  w.Sample(name + "_count", static_cast<double>(cumulative));
}

void RenderStoreAndPipeline(PromWriter& w, ApiDeps& deps) {
  const WriterMetrics m = deps.engine->store().Metrics();
  w.Family("newsd_writer_batches_total", "counter", "Write batches committed");
  w.Sample("newsd_writer_batches_total", static_cast<double>(m.batches_committed));
  w.Family("newsd_writer_transactions_total", "counter", "SQLite transactions committed");
  w.Sample("newsd_writer_transactions_total", static_cast<double>(m.transactions));
  w.Family("newsd_writer_articles_total", "counter", "Articles written by the writer");
  w.Sample("newsd_writer_articles_total", static_cast<double>(m.articles_written));
  RenderBuckets(
      w, "newsd_writer_commit_seconds", "Write transaction latency, first attempt to COMMIT done",
      WriterMetrics::kCommitSecondsBounds, m.commit_seconds_buckets, m.commit_seconds_sum);
  RenderBuckets(w, "newsd_writer_transaction_articles", "Articles written per transaction",
                WriterMetrics::kTransactionArticlesBounds, m.transaction_articles_buckets,
                static_cast<double>(m.articles_written));
  w.Family("newsd_writer_queue_articles", "gauge", "Articles waiting for the writer");
  w.Sample("newsd_writer_queue_articles", static_cast<double>(m.queued_articles));
  w.Family("newsd_writer_paused", "gauge", "1 while a transient error (disk full) stops writes");
  w.Sample("newsd_writer_paused", m.paused ? 1 : 0);
  w.Family("newsd_articles_dedup_total", "counter",
           "Stored items by deduplication layer (new, revision, duplicates by layer)");
  for (int i = 0; i < kDedupLayerCount; ++i) {
    w.Sample("newsd_articles_dedup_total", static_cast<double>(m.by_layer[i]),
             {{"layer", DedupLayerName(static_cast<DedupLayer>(i))}});
  }
  w.Family("newsd_pipeline_stage_calls_total", "counter", "Pipeline stage runs");
  const auto stages = deps.engine->PipelineStats();
  for (const auto& s : stages) {
    w.Sample("newsd_pipeline_stage_calls_total", static_cast<double>(s.calls), {{"stage", s.name}});
  }
  w.Family("newsd_pipeline_stage_seconds_total", "counter", "Time spent in each pipeline stage");
  for (const auto& s : stages) {
    w.Sample("newsd_pipeline_stage_seconds_total", static_cast<double>(s.nanos) / 1e9,
             {{"stage", s.name}});
  }
}

void RenderPoller(PromWriter& w, ApiDeps& deps) {
  if (!deps.poller) return;
  const PollerCounters& c = deps.poller->counters();
  w.Family("newsd_items_parsed_total", "counter", "Feed items parsed");
  w.Sample("newsd_items_parsed_total", static_cast<double>(c.items.load()));
  w.Family("newsd_articles_total", "counter",
           "Parsed items by what happened to them (new, duplicate, revision, unchanged)");
  w.Sample("newsd_articles_total", static_cast<double>(c.new_articles.load()), {{"result", "new"}});
  w.Sample("newsd_articles_total", static_cast<double>(c.duplicates.load()),
           {{"result", "duplicate"}});
  w.Sample("newsd_articles_total", static_cast<double>(c.revisions.load()),
           {{"result", "revision"}});
  w.Sample("newsd_articles_total", static_cast<double>(c.unchanged.load()),
           {{"result", "unchanged"}});
  w.Family("newsd_pages_total", "counter",
           "Full-text article pages by outcome (fetched, failed, refused by the address policy)");
  w.Sample("newsd_pages_total", static_cast<double>(c.pages.fetched.load()),
           {{"result", "fetched"}});
  w.Sample("newsd_pages_total", static_cast<double>(c.pages.failed.load()), {{"result", "failed"}});
  w.Sample("newsd_pages_total", static_cast<double>(c.pages.refused.load()),
           {{"result", "refused"}});
  const PollProgress p = deps.poller->progress();
  w.Family("newsd_polls_in_flight", "gauge", "Polls fetched or awaiting commit now");
  w.Sample("newsd_polls_in_flight", p.in_flight);
}

asio::awaitable<HttpReply> Metrics(ApiDeps& deps, std::chrono::steady_clock::time_point deadline) {
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op2 = RunOnPool(*deps.workers, deadline, [&deps] {
    MetricsData d;
    auto st = deps.readers->With([&](ApiReader& r) -> Status {
      auto sinks = r.OutboxBySink();
      if (!sinks) return Fail(sinks.error());
      d.sinks = std::move(*sinks);
      auto fe = r.FeedsInError();
      if (!fe) return Fail(fe.error());
      d.feeds_in_error = *fe;
      return OkStatus();
    });
    if (!st) d.error = st.error().message;
    const std::string db = deps.config->daemon.state_dir + "/newsd.db";
    std::error_code ec;
    d.db_bytes = static_cast<std::int64_t>(std::filesystem::file_size(db, ec));
    if (ec) d.db_bytes = 0;
    d.wal_bytes = static_cast<std::int64_t>(std::filesystem::file_size(db + "-wal", ec));
    if (ec) d.wal_bytes = 0;
    return d;
  });
  auto data = co_await std::move(op2);
  if (!data.error.empty()) co_return ErrorReply(500, data.error);
  PromWriter w;
  deps.metrics->Render(w);
  RenderPoller(w, deps);
  RenderStoreAndPipeline(w, deps);
  w.Family("newsd_feeds_in_error", "gauge", "Feeds whose last poll failed");
  w.Sample("newsd_feeds_in_error", static_cast<double>(data.feeds_in_error));
  w.Family("newsd_feeds", "gauge", "Configured feeds");
  w.Sample("newsd_feeds", static_cast<double>(deps.config->feeds.size()));
  w.Family("newsd_db_bytes", "gauge", "Size of the database file and its WAL");
  w.Sample("newsd_db_bytes", static_cast<double>(data.db_bytes), {{"file", "main"}});
  w.Sample("newsd_db_bytes", static_cast<double>(data.wal_bytes), {{"file", "wal"}});
  w.Family("newsd_alert_outbox", "gauge",
           "Alert deliveries per sink by state (pending, retrying, delivered, dead)");
  for (const auto& s : data.sinks) {
    w.Sample("newsd_alert_outbox", static_cast<double>(s.pending),
             {{"sink", s.sink}, {"state", "pending"}});
    w.Sample("newsd_alert_outbox", static_cast<double>(s.retrying),
             {{"sink", s.sink}, {"state", "retrying"}});
    w.Sample("newsd_alert_outbox", static_cast<double>(s.done),
             {{"sink", s.sink}, {"state", "delivered"}});
    w.Sample("newsd_alert_outbox", static_cast<double>(s.dead),
             {{"sink", s.sink}, {"state", "dead"}});
  }
  if (deps.dispatcher) {
    const auto st = deps.dispatcher->Stats();
    w.Family("newsd_alerts_delivered_total", "counter", "Outbox rows delivered (this process)");
    w.Sample("newsd_alerts_delivered_total", static_cast<double>(st.delivered));
    w.Family("newsd_alerts_retried_total", "counter", "Delivery attempts that will be retried");
    w.Sample("newsd_alerts_retried_total", static_cast<double>(st.retried));
    w.Family("newsd_alerts_dead_total", "counter", "Outbox rows given up on (this process)");
    w.Sample("newsd_alerts_dead_total", static_cast<double>(st.dead));
  }
  w.Family("newsd_uptime_seconds", "gauge", "Seconds since the API started");
  w.Sample("newsd_uptime_seconds",
           static_cast<double>((SystemClock::Instance().Now() - deps.started).count()));
  HttpReply r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = w.text();
  co_return r;
}

}  // namespace

void AddHealthRoutes(HttpServer& server, ApiDeps& deps) {
  server.Route(
      "GET", "/healthz", "healthz",
      [](const HttpRequest&, Target) -> asio::awaitable<HttpReply> {
        co_return JsonReply(200, json::object{{"status", "ok"}});
      },
      /*is_public=*/true);
  auto watch = std::make_shared<WriterWatch>();
  server.Route("GET", "/readyz", "readyz", [&deps, watch](const HttpRequest&, Target t) {
    return Ready(deps, watch, t.deadline);
  });
  server.Route("GET", "/metrics", "metrics",
               [&deps](const HttpRequest&, Target t) { return Metrics(deps, t.deadline); });
}

}  // namespace newsd
