#include "daemon/cluster_coordinator.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/engine.h"
#include "storage/cluster_store.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {

namespace asio = boost::asio;

namespace {

std::string DefaultInstanceId() {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  std::string h(host);
  if (h.empty()) h = "newsd";
  return h + "-" + std::to_string(getpid());
}

// Articles that failed to reach PostgreSQL wait for the next tick; beyond
// this many the oldest are dropped (they stay in the local store).
constexpr std::size_t kMaxPendingPush = 100000;

}  // namespace

struct ClusterCoordinator::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Scheduler& s, Engine& e, const Config& c)
      : ioc(io), scheduler(s), engine(e), config(c), timer(io) {
    instance = c.cluster.instance_id.empty() ? DefaultInstanceId() : c.cluster.instance_id;
    lease = c.cluster.lease;
    const auto quarter = std::chrono::duration_cast<std::chrono::milliseconds>(lease) / 4;
    tick = std::clamp<std::chrono::milliseconds>(quarter, std::chrono::milliseconds(250),
                                                 std::chrono::seconds(5));
  }

  void Tick();
  void Released(const std::string& feed_id);
  int Capacity() const { return config.fetch.max_connections * 2; }
  void OnLeased(Result<std::vector<LeasedFeed>> leased, int limit);
  void Arm(std::chrono::milliseconds after);
  // pg thread:
  void PushPending();
  void OnCommitted(std::vector<std::int64_t> ids);

  asio::io_context& ioc;
  Scheduler& scheduler;
  Engine& engine;
  const Config& config;
  std::string instance;
  std::chrono::seconds lease{60};
  std::chrono::milliseconds tick{1000};
  asio::steady_timer timer;
  asio::thread_pool pg{1};
  std::atomic<bool> closed{false};

  // io thread:
  std::set<std::string> held;  // leased and not yet given back
  bool running = false;
  bool leasing = false;
  bool soon = false;  // an early tick is armed

  // pg thread:
  std::unique_ptr<ClusterStore> store;
  std::unique_ptr<StoreReader> reader;
  std::vector<std::int64_t> pending_push;
};

void ClusterCoordinator::Impl::Arm(std::chrono::milliseconds after) {
  if (!running) return;
  timer.expires_after(after);
  timer.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (ec) return;
    if (auto self = weak.lock()) self->Tick();
  });
}

void ClusterCoordinator::Impl::Released(const std::string& feed_id) {
  held.erase(feed_id);
  // Half the capacity is free again: lease more now rather than at the next
  // tick, so a busy instance is not idle for most of a tick.
  if (running && !leasing && !soon && static_cast<int>(held.size()) <= Capacity() / 2) {
    soon = true;
    Arm(std::chrono::milliseconds(20));
  }
}

void ClusterCoordinator::Impl::Tick() {
  soon = false;
  if (!running || leasing) return;
  leasing = true;
  // Lease no more than the fetcher can start soon: the rest stays free for
  // the other instances.
  const int limit = std::clamp(Capacity() - static_cast<int>(held.size()), 0, 500);
  const bool renew = !held.empty();
  asio::post(pg, [this, weak = weak_from_this(), limit, renew] {
    PushPending();
    if (renew) {
      if (auto r = store->Renew(instance, lease); !r) {
        spdlog::warn("cluster: renewing leases: {}", r.error().message);
      }
    }
    Result<std::vector<LeasedFeed>> leased = std::vector<LeasedFeed>{};
    if (limit > 0) leased = store->Lease(instance, lease, limit);
    asio::post(ioc, [weak, leased = std::move(leased), limit]() mutable {
      if (auto self = weak.lock()) self->OnLeased(std::move(leased), limit);
    });
  });
}

void ClusterCoordinator::Impl::OnLeased(Result<std::vector<LeasedFeed>> leased, int limit) {
  leasing = false;
  if (!leased) {
    spdlog::warn("cluster: leasing feeds: {}", leased.error().message);
    Arm(tick);
    return;
  }
  for (auto& l : *leased) {
    const std::string id = l.state.feed;
    if (!running) {
      asio::post(pg, [this, id] { (void)store->Release(instance, id, std::chrono::seconds(0)); });
      continue;
    }
    if (!l.taken_from.empty()) {
      spdlog::info("cluster: feed {} taken over from {} (lease expired)", id, l.taken_from);
    }
    auto st = scheduler.Adopt(id, std::move(l.state));
    if (!st) {
      if (st.error().kind == ErrorKind::kNotFound) {
        // Another instance's config has it, ours does not: leave it to them.
        spdlog::warn("cluster: feed {} is in PostgreSQL but not in {}; released", id, config.path);
        asio::post(pg, [this, id] { (void)store->Release(instance, id, lease * 10); });
      }
      continue;  // in flight: we already hold it
    }
    held.insert(id);
    if (auto p = scheduler.PollNow(id); !p) spdlog::warn("cluster: {}", p.error().message);
  }
  // A full batch: more may be due right now.
  const bool full = limit > 0 && static_cast<int>(leased->size()) == limit;
  Arm(full ? std::chrono::milliseconds(20) : tick);
}

void ClusterCoordinator::Impl::OnCommitted(std::vector<std::int64_t> ids) {
  pending_push.insert(pending_push.end(), ids.begin(), ids.end());
  if (pending_push.size() > kMaxPendingPush) {
    const auto drop = pending_push.size() - kMaxPendingPush;
    spdlog::warn("cluster: PostgreSQL unreachable; {} stories not recorded there", drop);
    pending_push.erase(pending_push.begin(), pending_push.begin() + static_cast<long>(drop));
  }
  PushPending();
}

void ClusterCoordinator::Impl::PushPending() {
  if (pending_push.empty() || !store) return;
  if (!reader) {
    auto r = engine.store().NewReader();
    if (!r) {
      spdlog::warn("cluster: {}", r.error().message);
      return;
    }
    reader = std::move(*r);
  }
  std::vector<Article> articles;
  std::set<std::int64_t> seen;
  for (std::int64_t id : pending_push) {
    if (!seen.insert(id).second) continue;
    auto a = reader->GetArticle(id);
    if (!a) {
      spdlog::warn("cluster: reading article {}: {}", id, a.error().message);
      return;
    }
    if (*a) articles.push_back(std::move((*a)->article));
  }
  auto r = store->PushStories(instance, articles);
  if (!r) {
    spdlog::warn("cluster: recording {} stories: {} (will retry)", articles.size(),
                 r.error().message);
    return;
  }
  pending_push.clear();
  spdlog::debug("cluster: {} new stories, {} already stored by the cluster", r->new_stories,
                r->duplicates);
}

ClusterCoordinator::ClusterCoordinator(asio::io_context& ioc, Scheduler& scheduler, Engine& engine,
                                       const Config& config)
    : impl_(std::make_shared<Impl>(ioc, scheduler, engine, config)) {
  engine.AddCommitListener(
      [weak = std::weak_ptr<Impl>(impl_)](const std::vector<ArticleOutcome>& outcomes) {
        std::vector<std::int64_t> ids;
        for (const auto& o : outcomes) {
          if (o.layer != DedupLayer::kUnchanged && o.article_id > 0) ids.push_back(o.article_id);
        }
        if (ids.empty()) return;
        auto self = weak.lock();
        if (!self || self->closed) return;
        asio::post(self->pg, [raw = self.get(), ids = std::move(ids)]() mutable {
          raw->OnCommitted(std::move(ids));
        });
      });
}

ClusterCoordinator::~ClusterCoordinator() {
  Impl& s = *impl_;
  s.running = false;
  s.timer.cancel();
  asio::post(s.pg, [&s] {
    if (!s.store) return;
    s.PushPending();
    auto n = s.store->ReleaseAll(s.instance);
    if (!n) {
      spdlog::warn("cluster: giving up leases: {}", n.error().message);
    } else if (*n > 0) {
      spdlog::info("cluster: gave up {} leases", *n);
    }
  });
  s.closed = true;
  s.pg.join();
}

Status ClusterCoordinator::Open() {
  Impl& s = *impl_;
  auto store = ClusterStore::Open(s.config.cluster.postgres);
  if (!store) return Fail(store.error().Wrap(s.config.path + ": [cluster] postgres"));
  s.store = std::move(*store);
  std::vector<ClusterFeed> feeds;
  feeds.reserve(s.config.feeds.size());
  for (const auto& f : s.config.feeds) feeds.push_back({f.id, f.url, f.enabled});
  if (auto st = s.store->UpsertFeeds(feeds); !st) return st;
  // Leases under our id are from a previous life of this instance (same
  // instance_id, killed): we hold nothing yet, and renewing them would keep
  // those feeds from ever being polled.
  auto stale = s.store->ReleaseAll(s.instance);
  if (!stale) return Fail(stale.error());
  if (*stale > 0) spdlog::info("cluster: released {} leases of a previous {}", *stale, s.instance);
  spdlog::info("cluster: instance {} on PostgreSQL {}, {} feeds, lease {}s", s.instance,
               s.store->target(), feeds.size(), s.lease.count());
  return OkStatus();
}

void ClusterCoordinator::Start() {
  impl_->running = true;
  impl_->Tick();
}

void ClusterCoordinator::Stop() {
  impl_->running = false;
  impl_->timer.cancel();
}

PollDone ClusterCoordinator::WrapDone(const std::string& feed_id, PollDone done) {
  return [weak = std::weak_ptr<Impl>(impl_), feed_id,
          done = std::move(done)](Result<FeedState> st) mutable {
    auto self = weak.lock();
    if (!self || self->closed) {
      done(std::move(st));
      return;
    }
    asio::post(self->pg, [raw = self.get(), weak, feed_id, st = std::move(st),
                          done = std::move(done)]() mutable {
      if (st) {
        auto r = raw->store->Complete(raw->instance, *st);
        if (!r) {
          spdlog::warn("cluster: feed {}: storing state: {}", feed_id, r.error().message);
        } else if (!*r) {
          spdlog::warn("cluster: feed {}: lease lost before the poll finished", feed_id);
        }
      } else {
        // Not stored here: let any instance retry after a lease period.
        if (auto r = raw->store->Release(raw->instance, feed_id, raw->lease); !r) {
          spdlog::warn("cluster: feed {}: {}", feed_id, r.error().message);
        }
      }
      done(std::move(st));
      asio::post(raw->ioc, [weak, feed_id] {
        if (auto self = weak.lock()) self->Released(feed_id);
      });
    });
  };
}

const std::string& ClusterCoordinator::instance_id() const { return impl_->instance; }

}  // namespace newsd
