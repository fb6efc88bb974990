#include "daemon/poller.h"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "daemon/cluster_coordinator.h"
#include "daemon/engine.h"
#include "daemon/scheduler.h"
#include "daemon/scheduler_policy.h"
#include "feeds/fetcher.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {

namespace asio = boost::asio;

struct Poller::Impl {
  Impl(asio::io_context& io, asio::thread_pool& w, Engine& e, const Config& c)
      : ioc(io),
        workers(w),
        engine(e),
        config(c),
        fetcher(io, MakeFetcherOptions(c.fetch)),
        scheduler(io, fetcher, SystemClock::Instance(), c.schedule, c.fetch,
                  [this](PollResult r, PollDone done) { OnPoll(std::move(r), std::move(done)); }) {
    // Cluster mode: the feeds to poll come from leases (daemon/cluster_coordinator.h).
    if (!c.cluster.postgres.empty())
      cluster = std::make_unique<ClusterCoordinator>(io, scheduler, e, c);
  }

  void OnPoll(PollResult r, PollDone done);

  asio::io_context& ioc;
  asio::thread_pool& workers;
  Engine& engine;
  const Config& config;
  Fetcher fetcher;
  Scheduler scheduler;
  PollerCounters counters;
  std::unique_ptr<ClusterCoordinator> cluster;  // null unless [cluster] postgres
  bool cluster_running = false;                 // `newsd run`, not `once`
};

void Poller::Impl::OnPoll(PollResult r, PollDone done) {
  if (cluster_running) done = cluster->WrapDone(r.feed_id, std::move(done));
  if (!r.decision.success) {
    counters.errors++;
    spdlog::warn("feed {}: {}", r.feed_id, r.decision.state.last_error);
  }
  if (!r.decision.modified) {
    // Errors and 304s: only the feed's state changes.
    auto st = engine.CommitState(r.decision.state,
                                 [done, state = r.decision.state](const BatchOutcome& o) {
                                   if (o) {
                                     done(state);
                                   } else {
                                     done(Fail(o.error()));
                                   }
                                 });
    if (!st) done(Fail(st.error()));
    return;
  }
  // Parsing and the pipeline are CPU work: off the io thread.
  asio::post(workers, [this, r = std::move(r), done = std::move(done)]() mutable {
    const std::string feed = r.feed_id;
    engine.ProcessFeed(
        feed, r.decision.state, r.response.body, r.response.content_type, r.response.url,
        [this, feed, done](Result<FeedOutcome> o) {
          if (!o) {
            counters.errors++;
            spdlog::warn("{}", o.error().message);
            done(Fail(o.error()));
            return;
          }
          counters.items += o->items;
          counters.new_articles += o->new_articles;
          counters.duplicates += o->duplicates;
          counters.revisions += o->revisions;
          counters.unchanged += o->unchanged;
          spdlog::info("feed {}: {} items, {} new, {} duplicates, {} revisions, {} unchanged", feed,
                       o->items, o->new_articles, o->duplicates, o->revisions, o->unchanged);
          done(o->state);
        });
  });
}

Poller::Poller(asio::io_context& ioc, asio::thread_pool& workers, Engine& engine,
               const Config& config)
    : impl_(std::make_unique<Impl>(ioc, workers, engine, config)) {}

Poller::~Poller() = default;

Status Poller::AddFeeds() {
  auto reader = impl_->engine.store().NewReader();
  if (!reader) return Fail(reader.error());
  for (const auto& f : impl_->config.feeds) {
    if (!f.enabled) continue;
    auto state = (*reader)->GetFeedState(f.id);
    if (!state) return Fail(state.error());
    if (auto st = impl_->scheduler.AddFeed(f, *state); !st) return st;
  }
  if (impl_->cluster) return impl_->cluster->Open();
  return OkStatus();
}

void Poller::Start() {
  if (impl_->cluster) {
    impl_->cluster_running = true;
    impl_->cluster->Start();
  } else {
    impl_->scheduler.Start();
  }
}

void Poller::PollAllNow(std::function<void(const PollProgress&)> on_complete) {
  impl_->scheduler.PollAllNow(std::move(on_complete));
}

PollProgress Poller::progress() const { return impl_->scheduler.progress(); }

void Poller::Stop() {
  if (impl_->cluster) impl_->cluster->Stop();
  impl_->scheduler.Stop();
}

const PollerCounters& Poller::counters() const { return impl_->counters; }

}  // namespace newsd
