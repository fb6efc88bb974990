#include "daemon/service.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "core/log.h"
#include "core/time.h"
#include "daemon/alert_delivery.h"
#include "daemon/downstream.h"
#include "daemon/engine.h"
#include "daemon/http_api.h"
#include "daemon/notify.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "daemon/status_line.h"
#include "storage/outbox.h"
#include "storage/store.h"

namespace newsd {

namespace asio = boost::asio;

namespace {

// Comparable keys of the [[watch]] and [[sink]] tables (SIGHUP: what changed).
std::string Join(const std::vector<std::string>& v) {
  std::string k;
  for (const auto& x : v) k += x + '\x1d';
  return k;
}

std::string WatchesKey(const Config& c) {
  std::string k;
  for (const auto& w : c.watches) {
    k += w.id + '\x1f' + w.query + '\x1f' + w.realert + '\x1f' + Join(w.feeds) + '\x1f' +
         Join(w.tags) + '\x1f' + Join(w.languages) + '\x1f' + Join(w.notify) + '\x1f' +
         std::to_string(w.threshold.value_or(-1)) + '\x1f' +
         std::to_string(w.digest ? w.digest->count() : -1);
    for (const auto& [t, weight] : w.terms) k += '\x1f' + t + '=' + std::to_string(weight);
    k += '\x1e';
  }
  return k;
}

std::string SinkKey(const SinkConfig& x) {
  return x.id + '\x1f' + x.type + '\x1f' + x.url + '\x1f' + x.secret + '\x1f' + x.secret_file +
         '\x1f' + x.body_template + '\x1f' + x.path + '\x1f' + Join(x.command) + '\x1f' + x.from +
         '\x1f' + Join(x.to) + '\x1f' + x.username + '\x1f' + x.password_file + '\x1f' + x.dsn +
         '\x1f' + x.subject_prefix + '\x1f' + x.stream + '\x1f' + (x.create_stream ? "1" : "0") +
         '\x1f' + x.schema + '\x1f' + std::to_string(x.batch_size) + '\x1f' +
         (x.brief ? "1" : "0") + '\x1f' + std::to_string(x.timeout.count()) + '\x1f' +
         std::to_string(x.max_age.count()) + '\x1f' + std::to_string(x.rate_limit_per_minute) +
         '\x1e';
}

bool IsDownstream(const SinkConfig& x) { return x.type == "postgres" || x.type == "nats"; }

// Alert sinks (the dispatcher's).
std::string SinksKey(const Config& c) {
  std::string k;
  for (const auto& x : c.sinks) {
    if (!IsDownstream(x)) k += SinkKey(x);
  }
  return k;
}

// Downstream sinks (postgres, nats): fixed until restart.
std::string DownstreamKey(const Config& c) {
  std::string k;
  for (const auto& x : c.sinks) {
    if (IsDownstream(x)) k += SinkKey(x);
  }
  return k;
}

}  // namespace

struct Service::Impl {
  explicit Impl(Config c) : config(std::move(c)), workers(WorkerCount(config)) {}

  static std::size_t WorkerCount(const Config& c) {
    if (c.daemon.workers > 0) return static_cast<std::size_t>(c.daemon.workers);
    return std::max(1u, std::thread::hardware_concurrency());
  }

  asio::awaitable<void> HandleSignals();
  asio::awaitable<void> Heartbeat();
  asio::awaitable<void> Retention();
  asio::awaitable<void> StatusUpdates();
  std::string StatusText() const { return status ? status->Line() : "starting"; }
  void Reload();
  void ApplyFeeds();
  void ApplyWatchesAndSinks(std::optional<WatchSet> watches,
                            std::optional<std::vector<std::unique_ptr<alerts::Sink>>> sinks);

  Config config;
  asio::io_context ioc{1};
  asio::thread_pool workers;
  Notifier notifier;
  // Registered at construction, so a signal that arrives before the loop runs
  // is queued rather than killing the process.
  asio::signal_set signals{ioc, SIGINT, SIGTERM, SIGHUP};
  asio::steady_timer heartbeat{ioc};
  asio::steady_timer shutdown_deadline{ioc};
  asio::steady_timer retention_timer{ioc};
  // STATUS= refreshes: every 10 s, sooner after a commit (see StatusUpdates).
  asio::steady_timer status_timer{ioc};
  std::atomic<bool> status_busy{false};
  bool stopping = false;
  // The configuration the activities were started with (SIGHUP validates and
  // keeps the new file in `config`; see Reload).
  Config running;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Poller> poller;
  std::unique_ptr<OutboxAdapter> outbox;
  std::unique_ptr<alerts::Dispatcher> dispatcher;
  std::unique_ptr<StatusLine> status;
  std::unique_ptr<DownstreamDelivery> downstream;  // postgres / nats sinks
  std::unique_ptr<HttpApi> http;
};

void Service::Impl::Reload() {
  notifier.Reloading();
  spdlog::info("SIGHUP: reloading {}", config.path);
  auto next = LoadConfig(config.path);
  // Everything that can fail is built before anything is applied, so an
  // invalid new config (a watch rule that does not compile, an unreadable
  // sink secret) is rejected whole.
  std::optional<WatchSet> watches;
  std::optional<std::vector<std::unique_ptr<alerts::Sink>>> sinks;
  if (next && WatchesKey(*next) != WatchesKey(running)) {
    auto w = Engine::CompileWatches(*next);
    if (w) {
      watches = std::move(*w);
    } else {
      next = Fail(w.error().Wrap(config.path + ": [[watch]]"));
    }
  }
  if (next && SinksKey(*next) != SinksKey(running)) {
    auto s = MakeSinks(*next);
    if (s) {
      sinks = std::move(*s);
    } else {
      next = Fail(s.error().Wrap(config.path + ": [[sink]]"));
    }
  }
  if (!next) {
    spdlog::error("reload rejected, keeping the running configuration:\n{}", next.error().message);
  } else {
    if (auto st = SetLogLevel(next->daemon.log_level); !st) spdlog::warn("{}", st.error().message);
    config = std::move(*next);
    if (dispatcher) dispatcher->Reopen();
    ApplyFeeds();
    ApplyWatchesAndSinks(std::move(watches), std::move(sinks));
    spdlog::info(
        "configuration reloaded: {} feeds, {} watches, {} sinks (log level, sink files, the "
        "feed list, watches and alert sinks now; other section changes take effect at restart)",
        config.feeds.size(), config.watches.size(), config.sinks.size());
  }
  notifier.Ready(StatusText());
}

// SIGHUP: the feed list of the new config goes to the poller (added feeds are
// polled per their schedule, removed ones dropped after any poll in flight).
void Service::Impl::ApplyFeeds() {
  if (!poller || !engine || stopping) return;
  engine->SetFeedTags(config.feeds);
  auto ch = poller->ApplyFeeds(config.feeds);
  if (!ch) {
    spdlog::error("reload: feed list not fully applied: {}", ch.error().message);
    return;
  }
  running.feeds = config.feeds;
  spdlog::info("reload: feeds {} added, {} removed, {} changed", ch->added, ch->removed,
               ch->changed);
}

// SIGHUP: new watch rules go to the engine (articles processed from now on);
// new alert sinks replace the dispatcher. Outbox rows of a removed sink stay
// in the outbox (logged, looked at hourly) and are delivered if the sink
// comes back. Postgres/NATS (downstream) sink changes need a restart.
void Service::Impl::ApplyWatchesAndSinks(
    std::optional<WatchSet> watches,
    std::optional<std::vector<std::unique_ptr<alerts::Sink>>> sinks) {
  if (!engine || stopping) return;
  if (watches) {
    engine->SetWatches(std::move(*watches));
    running.watches = config.watches;
    spdlog::info("reload: {} watches compiled and applied", config.watches.size());
  }
  if (DownstreamKey(config) != DownstreamKey(running)) {
    spdlog::warn("reload: postgres/nats [[sink]] changes take effect only at restart");
  }
  if (!sinks && !watches) return;
  // Digest periods and routing belong to the watches, sinks to the
  // dispatcher: a new dispatcher over a new outbox connection gets both.
  auto ob = engine->store().NewOutbox();
  if (!ob) {
    spdlog::error("reload: alert sinks not replaced: {}", ob.error().message);
    return;
  }
  if (!sinks) {
    auto again = MakeSinks(config);
    if (!again) {
      spdlog::error("reload: alert sinks not replaced: {}", again.error().message);
      return;
    }
    sinks = std::move(*again);
  }
  const std::size_t n = sinks->size();
  auto next_outbox = std::make_unique<OutboxAdapter>(std::move(*ob));
  auto next = std::make_unique<alerts::Dispatcher>(ioc, *next_outbox, std::move(*sinks),
                                                   MakeDispatcherOptions(config));
  std::shared_ptr<alerts::Dispatcher> old_dispatcher(std::move(dispatcher));
  std::shared_ptr<OutboxAdapter> old_outbox(std::move(outbox));
  dispatcher = std::move(next);
  outbox = std::move(next_outbox);
  if (http) http->SetDispatcher(dispatcher.get());
  if (old_dispatcher) old_dispatcher->Stop();
  // The old dispatcher waits for its deliveries in flight when destroyed:
  // not on the io thread.
  asio::post(workers, [d = std::move(old_dispatcher), o = std::move(old_outbox)]() mutable {
    d.reset();
    o.reset();
  });
  dispatcher->Start();
  running.sinks = config.sinks;
  spdlog::info("reload: alert delivery restarted with {} sinks", n);
}

asio::awaitable<void> Service::Impl::HandleSignals() {
  for (;;) {
    auto [ec, sig] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (sig == SIGHUP) {
      Reload();
      continue;
    }
    spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    notifier.Stopping();
    stopping = true;
    if (status) status->Stop();
    heartbeat.cancel();
    status_timer.cancel();
    retention_timer.cancel();
    if (poller) poller->Stop();
    if (dispatcher) dispatcher->Stop();
    if (http) http->Stop();
    // In-flight transfers finish or are dropped when the deadline passes.
    shutdown_deadline.expires_after(config.daemon.shutdown_timeout);
    shutdown_deadline.async_wait([this](boost::system::error_code ec) {
      if (!ec) {
        spdlog::warn("shutdown: work still in flight after {}s, stopping anyway",
                     config.daemon.shutdown_timeout.count());
        ioc.stop();
      }
    });
    // Drain: once no poll is in flight and the writer has committed, stop the
    // loop (the fetcher's idle connections would otherwise keep it alive).
    asio::steady_timer drain(ioc);
    while (poller && poller->progress().in_flight > 0) {
      drain.expires_after(std::chrono::milliseconds(20));
      auto [dec] = co_await drain.async_wait(asio::as_tuple(asio::use_awaitable));
      (void)dec;
    }
    if (engine) {
      if (auto st = engine->Flush(); !st) spdlog::error("{}", st.error().message);
    }
    ioc.stop();
    co_return;
  }
}

// Deletes articles older than [storage] retention: retention_first_run (a
// minute) after start, then hourly, on the worker pool (the store batches the
// deletes itself).
asio::awaitable<void> Service::Impl::Retention() {
  if (!running.storage.retention || !engine) co_return;
  std::chrono::seconds delay = running.storage.retention_first_run;
  while (!stopping) {
    retention_timer.expires_after(delay);
    auto [ec] = co_await retention_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec || stopping) co_return;
    delay = std::chrono::hours(1);
    const TimePoint cutoff = SystemClock::Instance().Now() - *running.storage.retention;
    asio::post(workers, [this, cutoff] {
      auto r = engine->store().RunRetention(cutoff);
      if (!r) {
        spdlog::warn("retention: {}", r.error().message);
      } else if (r->articles_deleted > 0) {
        spdlog::info("retention: deleted {} articles older than {}, freed {} pages",
                     r->articles_deleted, FormatRfc3339(cutoff), r->pages_freed);
      }
    });
  }
}

// Keeps STATUS= current: a refresh on the worker pool every kStatusInterval,
// and shortly after a commit that stored articles (the commit listener
// cancels the timer), at most one refresh at a time.
asio::awaitable<void> Service::Impl::StatusUpdates() {
  constexpr auto kStatusInterval = std::chrono::seconds(10);
  constexpr auto kMinGap = std::chrono::milliseconds(500);
  asio::steady_timer gap(ioc);
  while (!stopping && status) {
    if (!status_busy.exchange(true)) {
      asio::post(workers, [this] {
        if (auto r = status->Refresh(); !r) spdlog::warn("status: {}", r.error().message);
        status_busy = false;
      });
    }
    status_timer.expires_after(kStatusInterval);
    auto [ec] = co_await status_timer.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
    if (stopping) co_return;
    gap.expires_after(kMinGap);
    auto [gec] = co_await gap.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)gec;
  }
}

asio::awaitable<void> Service::Impl::Heartbeat() {
  const auto interval = notifier.WatchdogInterval();
  if (!interval) co_return;
  while (!stopping) {
    notifier.Watchdog();
    heartbeat.expires_after(*interval);
    auto [ec] = co_await heartbeat.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }
}

Service::Service(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Service::~Service() { impl_->workers.join(); }

int Service::Run() {
  Impl& s = *impl_;
  std::error_code ec;
  std::filesystem::create_directories(s.config.daemon.state_dir, ec);
  if (ec) {
    spdlog::error("state_dir {}: {}", s.config.daemon.state_dir, ec.message());
    return 1;
  }
  int rc = 0;
  auto on_done = [&rc](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::critical("unexpected error: {}", ex.what());
      rc = 1;
    }
  };
  s.running = s.config;
  auto engine = Engine::Create(s.running);
  if (!engine) {
    spdlog::error("{}", engine.error().message);
    return 1;
  }
  s.engine = std::move(*engine);
  s.poller = std::make_unique<Poller>(s.ioc, s.workers, *s.engine, s.running);
  if (auto st = s.poller->AddFeeds(); !st) {
    spdlog::error("{}", st.error().message);
    return 1;
  }
  auto outbox = s.engine->store().NewOutbox();
  if (!outbox) {
    spdlog::error("{}", outbox.error().message);
    return 1;
  }
  s.outbox = std::make_unique<OutboxAdapter>(std::move(*outbox));
  auto sinks = MakeSinks(s.running);
  if (!sinks) {
    spdlog::error("{}", sinks.error().message);
    return 1;
  }
  s.dispatcher = std::make_unique<alerts::Dispatcher>(s.ioc, *s.outbox, std::move(*sinks),
                                                      MakeDispatcherOptions(s.running));
  s.status =
      std::make_unique<StatusLine>(s.engine->store(), s.notifier, s.poller->counters(), s.running);
  // A batch with articles refreshes STATUS= soon; one that created alerts
  // wakes the dispatcher at once (the commit runs on the writer thread; the
  // timer and Poke belong to the io thread).
  s.engine->AddCommitListener([&s](const std::vector<ArticleOutcome>& outcomes) {
    if (!outcomes.empty()) asio::post(s.ioc, [&s] { s.status_timer.cancel(); });
    for (const auto& o : outcomes) {
      if (o.alert_ids.empty()) continue;
      asio::post(s.ioc, [&s] {
        if (s.dispatcher) s.dispatcher->Poke();
      });
      return;
    }
  });
  auto downstream = DownstreamDelivery::Create(s.running, s.engine->store().options().path);
  if (!downstream) {
    spdlog::error("{}", downstream.error().message);
    return 1;
  }
  s.downstream = std::move(*downstream);
  s.engine->AddCommitListener(
      [d = s.downstream.get()](const std::vector<ArticleOutcome>&) { d->Wake(); });
  if (s.running.http.enabled) {
    s.http = std::make_unique<HttpApi>(s.ioc, s.workers, s.running, *s.engine, s.poller.get(),
                                       s.dispatcher.get());
    if (auto st = s.http->Start(); !st) {
      spdlog::error("{}", st.error().message);
      return 1;
    }
  }
  asio::co_spawn(s.ioc, s.HandleSignals(), on_done);
  s.poller->Start();
  s.dispatcher->Start();
  asio::co_spawn(s.ioc, s.Heartbeat(), on_done);
  asio::co_spawn(s.ioc, s.Retention(), on_done);
  asio::co_spawn(s.ioc, s.StatusUpdates(), on_done);
  spdlog::info("newsd {} running: {} feeds, state in {}", NEWSD_VERSION, s.config.feeds.size(),
               s.config.daemon.state_dir);
  // The config is valid and the database open and migrated: tell systemd.
  s.notifier.Ready("started, " + std::to_string(s.running.feeds.size()) + " feeds configured");
  s.ioc.run();
  s.shutdown_deadline.cancel();
  s.workers.join();
  if (auto st = s.engine->Flush(); !st) spdlog::error("{}", st.error().message);
  s.downstream.reset();  // after the last commit's Wake; undelivered rows wait in the outbox
  spdlog::info("stopped");
  return rc;
}

}  // namespace newsd
