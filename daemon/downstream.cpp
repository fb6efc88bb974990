#include "daemon/downstream.h"

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "storage/downstream_outbox.h"
#include "storage/sink_nats.h"
#include "storage/sink_postgres.h"

namespace newsd {
namespace {

using Clock = std::chrono::system_clock;
using DeliverFn = std::function<Status(const std::vector<DownstreamItem>&)>;

bool IsDownstream(const SinkConfig& s) { return s.type == "postgres" || s.type == "nats"; }

Result<DeliverFn> MakeDeliver(const SinkConfig& s) {
  if (s.type == "postgres") {
    PostgresSinkOptions o;
    o.id = s.id;
    o.conninfo = s.dsn;
    o.schema = s.schema;
    o.connect_timeout_seconds = static_cast<int>(std::max<std::int64_t>(1, s.timeout.count()));
    auto sink = std::make_shared<PostgresSink>(std::move(o));
    return DeliverFn(
        [sink](const std::vector<DownstreamItem>& items) { return sink->Deliver(items); });
  }
  if (s.type == "nats") {
    NatsSinkOptions o;
    o.id = s.id;
    if (!s.url.empty()) o.url = s.url;
    if (!s.stream.empty()) o.stream = s.stream;
    o.subject_prefix = s.subject_prefix;
    o.create_stream = s.create_stream;
    o.timeout = s.timeout;
    auto sink = std::make_shared<NatsSink>(std::move(o));
    return DeliverFn(
        [sink](const std::vector<DownstreamItem>& items) { return sink->Deliver(items); });
  }
  return Fail(ErrorKind::kInvalidArgument,
              s.origin + ": sink " + s.id + ": type " + s.type + " is not a downstream sink");
}

}  // namespace

std::vector<std::string> DownstreamSinkIds(const Config& config) {
  std::vector<std::string> ids;
  for (const auto& s : config.sinks) {
    if (IsDownstream(s)) ids.push_back(s.id);
  }
  return ids;
}

struct DownstreamDelivery::Worker {
  SinkConfig cfg;
  DownstreamOptions opts;
  std::unique_ptr<DownstreamOutbox> outbox;
  DeliverFn deliver;

  mutable std::mutex mu;
  std::condition_variable cv;
  bool stop = false;      // guarded by mu
  bool woken = true;      // guarded by mu
  DownstreamStats stats;  // guarded by mu
  std::thread thread;

  void Run();
  // One fetch + deliver; returns when to try next.
  Clock::time_point Cycle(std::chrono::milliseconds& backoff);
};

Clock::time_point DownstreamDelivery::Worker::Cycle(std::chrono::milliseconds& backoff) {
  const auto now = Clock::now();
  auto fail = [&](const std::string& error, const std::vector<std::int64_t>& ids) {
    const auto next = now + backoff;
    if (!ids.empty()) {
      if (auto st = outbox->MarkRetry(ids, next, error); !st) {
        spdlog::warn("sink {}: {}", cfg.id, st.error().message);
      }
    }
    auto backlog = outbox->Backlog(cfg.id);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (backlog) stats.backlog = *backlog;
      if (!stats.retrying || stats.last_error != error) {
        spdlog::warn("sink {}: delivery failed, retrying in {} ms: {}", cfg.id, backoff.count(),
                     error);
      }
      stats.failures++;
      stats.retrying = true;
      stats.last_error = error;
    }
    backoff = std::min(backoff * 2, opts.max_backoff);
    return next;
  };
  auto items = outbox->FetchDue(cfg.id, now, cfg.batch_size);
  if (!items) return fail(items.error().message, {});
  std::vector<std::int64_t> ids;
  ids.reserve(items->size());
  for (const auto& it : *items) ids.push_back(it.row.id);
  if (!items->empty()) {
    if (auto st = deliver(*items); !st) return fail(st.error().message, ids);
    if (auto st = outbox->MarkDone(ids); !st) {
      // Delivered but not marked: they go again later (receivers dedupe).
      spdlog::warn("sink {}: {}", cfg.id, st.error().message);
    }
  }
  backoff = opts.initial_backoff;
  auto backlog = outbox->Backlog(cfg.id);
  {
    std::lock_guard<std::mutex> lock(mu);
    if (stats.retrying) spdlog::info("sink {}: delivering again", cfg.id);
    stats.retrying = false;
    stats.last_error.clear();
    if (!items->empty()) {
      stats.batches++;
      stats.delivered += static_cast<std::int64_t>(items->size());
    }
    if (backlog) stats.backlog = *backlog;
  }
  if (static_cast<int>(items->size()) >= cfg.batch_size) return now;  // more waiting
  auto next = outbox->NextDue(cfg.id);
  auto at = now + opts.idle_poll;
  if (next && *next) at = std::min(at, std::max(now, **next));
  return at;
}

void DownstreamDelivery::Worker::Run() {
  std::chrono::milliseconds backoff = opts.initial_backoff;
  auto next = Clock::now();
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_until(lock, next, [&] { return stop || (woken && !stats.retrying); });
      if (stop) return;
      woken = false;
    }
    next = Cycle(backoff);
  }
}

DownstreamDelivery::DownstreamDelivery() = default;

DownstreamDelivery::~DownstreamDelivery() {
  for (auto& w : workers_) {
    {
      std::lock_guard<std::mutex> lock(w->mu);
      w->stop = true;
    }
    w->cv.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

Result<std::unique_ptr<DownstreamDelivery>> DownstreamDelivery::Create(const Config& config,
                                                                       const std::string& db_path,
                                                                       DownstreamOptions opts) {
  std::unique_ptr<DownstreamDelivery> d(new DownstreamDelivery());
  for (const auto& s : config.sinks) {
    if (!IsDownstream(s)) continue;
    auto w = std::make_unique<Worker>();
    w->cfg = s;
    w->opts = opts;
    w->stats.sink = s.id;
    w->stats.type = s.type;
    auto outbox = DownstreamOutbox::Open(db_path);
    if (!outbox) return Fail(outbox.error().Wrap("sink " + s.id));
    w->outbox = std::move(*outbox);
    auto fn = MakeDeliver(s);
    if (!fn) return Fail(fn.error());
    w->deliver = std::move(*fn);
    d->workers_.push_back(std::move(w));
  }
  for (auto& w : d->workers_) {
    Worker* p = w.get();
    p->thread = std::thread([p] { p->Run(); });
  }
  return d;
}

void DownstreamDelivery::Wake() {
  for (auto& w : workers_) {
    {
      std::lock_guard<std::mutex> lock(w->mu);
      w->woken = true;
    }
    w->cv.notify_one();
  }
}

std::vector<DownstreamStats> DownstreamDelivery::Stats() const {
  std::vector<DownstreamStats> out;
  for (const auto& w : workers_) {
    std::lock_guard<std::mutex> lock(w->mu);
    out.push_back(w->stats);
  }
  return out;
}

}  // namespace newsd
