#include "alerts/dispatcher.h"

#include <atomic>
#include <deque>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

namespace newsd::alerts {

struct Dispatcher::Core : std::enable_shared_from_this<Core> {
  Core(boost::asio::io_context& io, OutboxStore& st, std::vector<std::unique_ptr<Sink>> s,
       DispatcherOptions o, const Clock& c)
      : ioc(io),
        store(st),
        opt(std::move(o)),
        clock(c),
        timer(io),
        pool(static_cast<std::size_t>(std::max(1, opt.threads))) {
    for (auto& sink : s) {
      const std::string id = sink->spec().id;
      windows[id];
      sinks.emplace(id, std::move(sink));
    }
  }

  boost::asio::io_context& ioc;
  OutboxStore& store;
  DispatcherOptions opt;
  const Clock& clock;
  std::map<std::string, std::unique_ptr<Sink>> sinks;
  // Send times of the last minute per sink; only touched by that sink's task
  // (one per cycle, one cycle at a time). Keys are fixed at construction.
  std::map<std::string, std::deque<TimePoint>> windows;

  // io_context thread only.
  boost::asio::steady_timer timer;
  bool started = false, running = false, poked = false;
  std::atomic<bool> stopped{false};

  boost::asio::thread_pool pool;
  std::mutex store_mu;  // serialises OutboxStore calls
  mutable std::mutex stats_mu;
  DispatcherStats stats;  // guarded by stats_mu

  // --- io_context thread ---------------------------------------------------
  void Schedule(std::chrono::milliseconds delay) {
    timer.expires_after(delay);
    std::weak_ptr<Core> w = shared_from_this();
    timer.async_wait([w](const boost::system::error_code&) {
      if (auto c = w.lock()) c->StartCycle();
    });
  }

  void StartCycle() {
    if (stopped || running) return;
    running = true;
    poked = false;
    boost::asio::post(pool, [self = shared_from_this()] { self->RunCycle(); });
  }

  void CycleDone(bool progress) {
    running = false;
    if (stopped) return;
    if (progress || poked) {
      StartCycle();
    } else {
      Schedule(opt.poll_interval);
    }
  }

  // --- worker threads ------------------------------------------------------
  void Finish(bool progress) {
    std::weak_ptr<Core> w = shared_from_this();
    boost::asio::post(ioc, [w, progress] {
      if (auto c = w.lock()) c->CycleDone(progress);
    });
  }

  void RunCycle() {
    {
      std::lock_guard<std::mutex> l(stats_mu);
      ++stats.cycles;
    }
    Result<std::vector<OutboxRow>> due;
    {
      std::lock_guard<std::mutex> l(store_mu);
      due = store.Due(clock.Now(), opt.batch_limit);
    }
    if (!due) {
      spdlog::error("alerts: reading the outbox failed: {}", due.error().message);
      return Finish(false);
    }
    if (due->empty() || stopped) return Finish(false);
    auto groups = std::make_shared<std::map<std::string, std::vector<OutboxRow>>>();
    std::set<std::string> unknown;
    for (auto& r : *due) {
      if (sinks.count(r.sink) == 0) {
        // A sink removed from the config (SIGHUP): keep its rows, look again
        // hourly, so restoring the sink delivers them.
        if (unknown.insert(r.sink).second) {
          spdlog::warn("alerts: outbox rows for sink '{}', which is not configured, are kept",
                       r.sink);
        }
        Hold(r, clock.Now() + std::chrono::hours(1),
             "sink '" + r.sink + "' is not configured; kept");
        continue;
      }
      (*groups)[r.sink].push_back(std::move(r));
    }
    if (groups->empty()) return Finish(true);
    auto left = std::make_shared<std::atomic<std::size_t>>(groups->size());
    for (auto& [id, rows] : *groups) {
      boost::asio::post(pool, [self = shared_from_this(), groups, left, &id = id, &rows = rows] {
        self->RunSink(*self->sinks.at(id), rows);
        if (left->fetch_sub(1) == 1) self->Finish(true);
      });
    }
  }

  // Delivers one sink's due rows (oldest first): digest watches, rate limit.
  void RunSink(Sink& sink, std::vector<OutboxRow>& rows) {
    const TimePoint now = clock.Now();
    std::vector<const OutboxRow*> normal;
    std::map<std::string, std::vector<const OutboxRow*>> digests;
    for (const auto& r : rows) {
      if (opt.digest.count(r.watch) != 0) {
        digests[r.watch].push_back(&r);
      } else {
        normal.push_back(&r);
      }
    }
    std::vector<std::vector<const OutboxRow*>> messages;
    for (auto& [watch, list] : digests) {
      const TimePoint ready = list.front()->created + opt.digest.at(watch);
      if (now >= ready) {
        messages.push_back(list);
      } else {
        for (const OutboxRow* r : list) Hold(*r, ready, "held for the digest of " + watch);
      }
    }
    const int limit = sink.spec().rate_limit_per_minute;
    auto& window = windows.at(sink.spec().id);
    while (!window.empty() && window.front() + std::chrono::minutes(1) <= now) window.pop_front();
    if (limit > 0) {
      const long room =
          limit - static_cast<long>(window.size()) - static_cast<long>(messages.size());
      if (room <= 0) {
        const TimePoint free_at = window.empty() ? now + std::chrono::minutes(1)
                                                 : window.front() + std::chrono::minutes(1);
        for (const OutboxRow* r : normal) Hold(*r, free_at, "rate limited");
        normal.clear();
      } else if (static_cast<long>(normal.size()) > room) {
        // Room for `room` messages: room-1 alerts alone, the rest as one digest.
        std::vector<const OutboxRow*> rest(normal.begin() + (room - 1), normal.end());
        normal.resize(static_cast<std::size_t>(room - 1));
        for (const OutboxRow* r : normal) messages.push_back({r});
        messages.push_back(std::move(rest));
        normal.clear();
      }
    }
    for (const OutboxRow* r : normal) messages.push_back({r});
    // Outcomes are written to the outbox after the sink has had every
    // message of this cycle: a write may wait for the store's writer (a batch
    // commit), and that wait must not hold back the next message. A crash in
    // between only repeats deliveries (at-least-once).
    struct Outcome {
      const OutboxRow* row;
      DeliveryResult res;
      TimePoint at;
    };
    std::vector<Outcome> outcomes;
    std::optional<DeliveryResult> failed;
    for (const auto& msg : messages) {
      if (stopped) break;  // undelivered rows stay due; the next start delivers them
      if (failed) {        // the sink is failing: do not wait on it again now
        for (const OutboxRow* r : msg) outcomes.push_back({r, *failed, now});
        continue;
      }
      DeliveryResult res = sink.Deliver(msg);
      const TimePoint at = clock.Now();
      window.push_back(at);
      {
        std::lock_guard<std::mutex> l(stats_mu);
        ++stats.messages;
      }
      if (res.outcome == DeliveryResult::Outcome::kRetry) {
        spdlog::warn("alerts: sink {}: will retry: {}", sink.spec().id, res.error);
        failed = res;
      } else if (res.outcome == DeliveryResult::Outcome::kDead) {
        spdlog::error("alerts: sink {}: giving up: {}", sink.spec().id, res.error);
      }
      for (const OutboxRow* r : msg) outcomes.push_back({r, res, at});
    }
    MarkAll(outcomes);
  }

  // Writes the outcomes of a cycle, in one transaction when there are several.
  template <typename Outcomes>
  void MarkAll(const Outcomes& outcomes) {
    if (outcomes.empty()) return;
    std::lock_guard<std::mutex> l(store_mu);  // also keeps other sinks' marks out of the txn
    const bool txn = outcomes.size() > 1 && static_cast<bool>(store.BeginMarks());
    for (const auto& o : outcomes) MarkLocked(*o.row, o.res, o.at);
    if (!txn) return;
    if (auto s = store.EndMarks(); !s) {
      spdlog::error("alerts: writing delivery outcomes failed (they will be sent again): {}",
                    s.error().message);
    }
  }

  void Hold(const OutboxRow& r, TimePoint until, const std::string& why) {
    std::lock_guard<std::mutex> l(store_mu);
    if (auto s = store.MarkRetry(r.id, until, why); !s) {
      spdlog::error("alerts: outbox row {}: {}", r.id, s.error().message);
    }
  }

  void Mark(const OutboxRow& r, const DeliveryResult& res, TimePoint now) {
    std::lock_guard<std::mutex> l(store_mu);
    MarkLocked(r, res, now);
  }

  // store_mu held.
  void MarkLocked(const OutboxRow& r, const DeliveryResult& res, TimePoint now) {
    Status s;
    DeliveryResult::Outcome outcome = res.outcome;
    std::string error = res.error;
    TimePoint next = now;
    if (outcome == DeliveryResult::Outcome::kRetry) {
      if (res.retry_after) {
        next = now + *res.retry_after;
      } else {
        const int shift = std::min(r.attempts, 30);
        auto backoff = opt.base_backoff * (std::int64_t{1} << shift);
        next = now + std::min<std::chrono::seconds>(backoff, opt.max_backoff);
      }
      const auto max_age =
          sinks.count(r.sink) ? sinks.at(r.sink)->spec().max_age : std::chrono::seconds(0);
      if (next - r.created > max_age) {
        outcome = DeliveryResult::Outcome::kDead;
        error = "undelivered after " + FormatDuration(max_age) + ": " + error;
      }
    }
    switch (outcome) {
      case DeliveryResult::Outcome::kDone:
        s = store.MarkDone(r.id);
        break;
      case DeliveryResult::Outcome::kRetry:
        s = store.MarkRetry(r.id, next, error);
        break;
      case DeliveryResult::Outcome::kDead:
        s = store.MarkDead(r.id, error);
        break;
    }
    if (!s) spdlog::error("alerts: outbox row {}: {}", r.id, s.error().message);
    std::lock_guard<std::mutex> l(stats_mu);
    switch (outcome) {
      case DeliveryResult::Outcome::kDone:
        ++stats.delivered;
        break;
      case DeliveryResult::Outcome::kRetry:
        ++stats.retried;
        break;
      case DeliveryResult::Outcome::kDead:
        ++stats.dead;
        break;
    }
  }
};

Dispatcher::Dispatcher(boost::asio::io_context& ioc, OutboxStore& store,
                       std::vector<std::unique_ptr<Sink>> sinks, DispatcherOptions options,
                       const Clock& clock)
    : core_(std::make_shared<Core>(ioc, store, std::move(sinks), std::move(options), clock)) {}

Dispatcher::~Dispatcher() {
  core_->stopped = true;
  core_->pool.join();  // deliveries in flight finish; nothing holds core_ afterwards
}

void Dispatcher::Start() {
  boost::asio::post(core_->ioc, [w = std::weak_ptr<Core>(core_)] {
    auto c = w.lock();
    if (!c || c->started || c->stopped) return;
    c->started = true;
    c->StartCycle();
  });
}

void Dispatcher::Poke() {
  boost::asio::post(core_->ioc, [w = std::weak_ptr<Core>(core_)] {
    auto c = w.lock();
    if (!c || !c->started || c->stopped) return;
    if (c->running) {
      c->poked = true;
    } else {
      c->timer.cancel();  // the wait completes now and starts a cycle
    }
  });
}

void Dispatcher::Reopen() {
  for (auto& [id, sink] : core_->sinks) {
    if (auto s = sink->Reopen(); !s) spdlog::error("alerts: {}", s.error().message);
  }
}

void Dispatcher::Stop() {
  core_->stopped = true;
  boost::asio::post(core_->ioc, [w = std::weak_ptr<Core>(core_)] {
    if (auto c = w.lock()) c->timer.cancel();
  });
}

DispatcherStats Dispatcher::Stats() const {
  std::lock_guard<std::mutex> l(core_->stats_mu);
  return core_->stats;
}

}  // namespace newsd::alerts
