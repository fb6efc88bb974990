#include "daemon/poller.h"

#include <map>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "daemon/cluster_coordinator.h"
#include "daemon/engine.h"
#include "daemon/page_fetch.h"
#include "daemon/scheduler.h"
#include "daemon/scheduler_policy.h"
#include "feeds/fetcher.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {

namespace asio = boost::asio;

struct Poller::Impl {
  Impl(asio::io_context& io, asio::thread_pool& w, Engine& e, const Config& c, const Clock& clock)
      : ioc(io),
        workers(w),
        engine(e),
        config(c),
        fetcher(io, MakeFetcherOptions(c.fetch)),
        scheduler(io, fetcher, clock, c.schedule, c.fetch,
                  [this](PollResult r, PollDone done) { OnPoll(std::move(r), std::move(done)); }),
        pages(io, fetcher, scheduler, c.fetch, counters.pages) {
    // Cluster mode: the feeds to poll come from leases (daemon/cluster_coordinator.h).
    if (!c.cluster.postgres.empty())
      cluster = std::make_unique<ClusterCoordinator>(io, scheduler, e, c);
  }

  void OnPoll(PollResult r, PollDone done);
  bool FullText(const std::string& feed_id) const;
  // The page fetcher for ProcessFeed of a full_text feed; empty otherwise.
  PageFetchHook PageHook(const std::string& feed_id);

  asio::io_context& ioc;
  asio::thread_pool& workers;
  Engine& engine;
  const Config& config;
  Fetcher fetcher;
  Scheduler scheduler;
  PollerCounters counters;
  PageFetcher pages;                         // full_text feeds' article pages
  std::map<std::string, FeedConfig> polled;  // enabled feeds given to the scheduler
  std::set<std::string> pushed;              // WebSub-pushed feeds (fallback polling)

  // The feed as the scheduler should see it: pushed feeds poll less often.
  FeedConfig Effective(const FeedConfig& f) const {
    if (!pushed.count(f.id)) return f;
    FeedConfig e = f;
    e.interval = std::max(f.interval.value_or(config.schedule.default_interval),
                          config.http.websub_poll_interval);
    return e;
  }
  PollerHooks hooks;
  std::unique_ptr<ClusterCoordinator> cluster;  // null unless [cluster] postgres
  bool cluster_running = false;                 // `newsd run`, not `once`
};

namespace {

bool SameFeed(const FeedConfig& a, const FeedConfig& b) {
  return a.url == b.url && a.interval == b.interval && a.headers == b.headers &&
         a.enabled == b.enabled && a.full_text == b.full_text;
}

}  // namespace

void Poller::Impl::OnPoll(PollResult r, PollDone done) {
  if (hooks.on_poll) hooks.on_poll(r);
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
  // Full-text feeds: the new items' pages are fetched on the io thread between
  // layer 1 and the pipeline; the poll commits once they are all in.
  PageFetchHook fetch_pages = PageHook(r.feed_id);
  // Parsing and the pipeline are CPU work: off the io thread.
  asio::post(workers, [this, r = std::move(r), done = std::move(done),
                       fetch_pages = std::move(fetch_pages)]() mutable {
    const std::string feed = r.feed_id;
    // The feed's own hints (<ttl>, sy:updatePeriod, item dates) go into the
    // next poll time committed with the items.
    FeedStateHook hints = [this, &r](FeedState& st, const FeedHints& h) {
      PollDecision d = r.decision;
      d.state = st;
      ApplyFeedHints(d, h.ttl, h.item_dates, config.schedule);
      st.next_poll = d.state.next_poll;
    };
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
          if (hooks.on_feed) hooks.on_feed(feed, *o);
          spdlog::info("feed {}: {} items, {} new, {} duplicates, {} revisions, {} unchanged", feed,
                       o->items, o->new_articles, o->duplicates, o->revisions, o->unchanged);
          done(o->state);
        },
        hints, fetch_pages);
  });
}

PageFetchHook Poller::Impl::PageHook(const std::string& feed_id) {
  if (!FullText(feed_id)) return {};
  return [this, feed = feed_id](std::vector<std::string> links, PageResume resume) {
    asio::post(ioc, [this, feed, links = std::move(links), resume = std::move(resume)]() mutable {
      pages.FetchAll(feed, std::move(links),
                     [this, resume = std::move(resume)](std::vector<FetchedPage> got) mutable {
                       asio::post(workers,
                                  [resume = std::move(resume), got = std::move(got)]() mutable {
                                    resume(std::move(got));
                                  });
                     });
    });
  };
}

bool Poller::Impl::FullText(const std::string& feed_id) const {
  if (auto it = polled.find(feed_id); it != polled.end()) return it->second.full_text;
  const FeedConfig* f = config.FindFeed(feed_id);  // cluster mode: leased feeds
  return f && f->full_text;
}

Poller::Poller(asio::io_context& ioc, asio::thread_pool& workers, Engine& engine,
               const Config& config, const Clock& clock)
    : impl_(std::make_unique<Impl>(ioc, workers, engine, config, clock)) {}

Poller::~Poller() = default;

Status Poller::AddFeeds() {
  auto reader = impl_->engine.store().NewReader();
  if (!reader) return Fail(reader.error());
  for (const auto& f : impl_->config.feeds) {
    if (!f.enabled) continue;
    auto state = (*reader)->GetFeedState(f.id);
    if (!state) return Fail(state.error());
    if (auto st = impl_->scheduler.AddFeed(f, *state); !st) return st;
    impl_->polled[f.id] = f;
  }
  if (impl_->cluster) return impl_->cluster->Open();
  return OkStatus();
}

Result<Poller::FeedChanges> Poller::ApplyFeeds(const std::vector<FeedConfig>& next) {
  FeedChanges ch;
  std::map<std::string, const FeedConfig*> wanted;
  for (const auto& f : next) {
    if (f.enabled) wanted[f.id] = &f;
  }
  for (auto it = impl_->polled.begin(); it != impl_->polled.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    (void)impl_->scheduler.RemoveFeed(it->first);
    spdlog::info("reload: feed {} removed", it->first);
    ++ch.removed;
    it = impl_->polled.erase(it);
  }
  std::unique_ptr<StoreReader> reader;
  for (const auto& [id, f] : wanted) {
    auto have = impl_->polled.find(id);
    if (have != impl_->polled.end()) {
      if (SameFeed(have->second, *f)) continue;
      if (auto st = impl_->scheduler.UpdateFeed(impl_->Effective(*f)); !st) return Fail(st.error());
      spdlog::info("reload: feed {} changed", id);
      have->second = *f;
      ++ch.changed;
      continue;
    }
    if (!reader) {
      auto r = impl_->engine.store().NewReader();
      if (!r) return Fail(r.error());
      reader = std::move(*r);
    }
    auto state = reader->GetFeedState(id);
    if (!state) return Fail(state.error());
    if (auto st = impl_->scheduler.AddFeed(impl_->Effective(*f), *state); !st)
      return Fail(st.error());
    spdlog::info("reload: feed {} added ({})", id, f->url);
    impl_->polled[id] = *f;
    ++ch.added;
  }
  return ch;
}

void Poller::SetPushed(const std::string& feed_id, bool pushed) {
  Impl& s = *impl_;
  if (pushed == (s.pushed.count(feed_id) > 0)) return;
  if (pushed) {
    s.pushed.insert(feed_id);
  } else {
    s.pushed.erase(feed_id);
  }
  auto it = s.polled.find(feed_id);
  if (it == s.polled.end()) return;
  const FeedConfig eff = s.Effective(it->second);
  if (auto st = s.scheduler.UpdateFeed(eff); !st) {
    spdlog::warn("feed {}: {}", feed_id, st.error().message);
    return;
  }
  spdlog::info("feed {}: {} by WebSub, polling every {}s", feed_id,
               pushed ? "pushed" : "no longer pushed",
               eff.interval.value_or(s.config.schedule.default_interval).count());
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

void Poller::SetHooks(PollerHooks hooks) { impl_->hooks = std::move(hooks); }

Status Poller::PollNow(const std::string& feed_id) { return impl_->scheduler.PollNow(feed_id); }

PageFetchHook Poller::PageHook(const std::string& feed_id) { return impl_->PageHook(feed_id); }

std::optional<FeedState> Poller::state(const std::string& feed_id) const {
  return impl_->scheduler.state(feed_id);
}

}  // namespace newsd
