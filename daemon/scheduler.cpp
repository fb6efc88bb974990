#include "daemon/scheduler.h"

#include <algorithm>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/url/parse.hpp>

namespace newsd {

namespace asio = boost::asio;
using SteadyTime = std::chrono::steady_clock::time_point;

namespace {

// "scheme://host:port", the unit of per-host limits and gaps.
std::string HostKey(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return url;
  std::string scheme(u->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  std::string host(u->encoded_host());
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  std::string port(u->port());
  if (port.empty()) port = scheme == "https" ? "443" : scheme == "http" ? "80" : "";
  return scheme + "://" + host + ":" + port;
}

struct Entry {
  FeedConfig config;
  FeedState state;  // durable: what the daemon last committed (or was given)
  std::string host;
  Seconds interval{600};
  std::optional<TimePoint> due;  // key in Impl::due_
  bool in_flight = false;        // fetching or awaiting `done`
  bool waiting = false;          // in Impl::ready_
  bool again = false;            // PollNow arrived while in flight
  bool in_round = false;         // counts for the current PollAllNow round
  bool polled_ok = false;        // outcome of the poll in flight
  bool polled_304 = false;
  bool removed = false;      // RemoveFeed while in flight: drop in OnDone
  std::string new_url;       // UpdateFeed while in flight: apply in OnDone
  bool polled_body = false;  // a 2xx body is being parsed and stored
};

struct Host {
  int in_flight = 0;
  std::optional<SteadyTime> last_start;
};

}  // namespace

class Scheduler::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& ioc, Fetcher& fetcher, const Clock& clock, ScheduleSection schedule,
       FetchSection fetch, PollCallback cb, unsigned seed)
      : ioc_(ioc),
        fetcher_(fetcher),
        clock_(clock),
        s_(schedule),
        f_(fetch),
        cb_(std::move(cb)),
        rng_(seed),
        timer_(ioc) {}

  void Shutdown() {
    dead_ = true;
    timer_.cancel();
  }

  Status AddFeed(const FeedConfig& feed, std::optional<FeedState> state) {
    if (auto it = feeds_.find(feed.id); it != feeds_.end() && it->second.removed) {
      it->second.removed = false;  // removed and re-added while in flight
      return UpdateFeed(feed);
    }
    if (feeds_.count(feed.id))
      return Fail(ErrorKind::kInvalidArgument, "duplicate feed " + feed.id);
    Entry e;
    e.config = feed;
    e.state = state.value_or(FeedState{});
    e.state.feed = feed.id;
    if (e.state.url.empty()) e.state.url = feed.url;
    if (!e.state.config_url.empty() && e.state.config_url != feed.url) {
      // The user edited the feed's url since the stored one was recorded:
      // the config wins over a 301-updated URL, and the old validators go.
      spdlog::info("feed {}: url changed in the config from {} to {}; polling {} (was {})", feed.id,
                   e.state.config_url, feed.url, feed.url, e.state.url);
      e.state.url = feed.url;
      e.state.etag.clear();
      e.state.last_modified.clear();
      e.state.next_poll.reset();
      e.state.retired = false;  // a 410 was about the old URL
      e.state.consecutive_errors = 0;
    }
    e.state.config_url = feed.url;
    e.host = HostKey(e.state.url);
    e.interval = feed.interval.value_or(s_.default_interval);
    Entry& added = feeds_.emplace(feed.id, std::move(e)).first->second;
    if (Pollable(added)) {
      TimePoint when = added.state.next_poll.value_or(clock_.Now());
      if (!added.state.next_poll && s_.jitter > 0) {
        // New feeds: spread the first polls over the jitter window.
        const double spread = std::uniform_real_distribution<double>(0, s_.jitter)(rng_);
        when += Seconds(static_cast<Seconds::rep>(spread * added.interval.count()));
      }
      Schedule(added, when);
    }
    Arm();
    return OkStatus();
  }

  Status RemoveFeed(const std::string& id) {
    auto it = feeds_.find(id);
    if (it == feeds_.end() || it->second.removed)
      return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
    Entry& e = it->second;
    Unschedule(e);
    ready_.erase(std::remove(ready_.begin(), ready_.end(), id), ready_.end());
    e.waiting = false;
    if (e.in_round) {
      e.in_round = false;
      --round_.total;
      if (round_.done == round_.total) FinishRound();
    }
    if (e.in_flight) {
      e.removed = true;
    } else {
      feeds_.erase(it);
    }
    Arm();
    return OkStatus();
  }

  Status UpdateFeed(const FeedConfig& feed) {
    auto it = feeds_.find(feed.id);
    if (it == feeds_.end() || it->second.removed)
      return Fail(ErrorKind::kNotFound, "no feed \"" + feed.id + "\"");
    Entry& e = it->second;
    if (feed.url != e.config.url) {
      if (e.in_flight) {
        e.new_url = feed.url;
      } else {
        SetUrl(e, feed.url);
      }
    }
    e.config = feed;
    e.interval = feed.interval.value_or(s_.default_interval);
    if (!Pollable(e)) {
      Unschedule(e);
      ready_.erase(std::remove(ready_.begin(), ready_.end(), feed.id), ready_.end());
      e.waiting = false;
    } else if (!e.in_flight && !e.waiting) {
      const TimePoint now = clock_.Now();
      TimePoint when = e.due.value_or(now);
      if (e.state.last_poll) when = std::min(when, *e.state.last_poll + e.interval);
      Schedule(e, std::max(when, now));
    }
    Arm();
    return OkStatus();
  }

  void Start() {
    running_ = true;
    Tick();
  }

  void Stop() {
    running_ = false;
    stopped_ = true;
    timer_.cancel();
    if (!pages_.empty()) Arm();  // page fetches of polls in flight still get their slots
  }

  Status PollNow(const std::string& id) {
    auto it = feeds_.find(id);
    if (it == feeds_.end()) return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
    MakeReady(it->second);
    StartReady();
    Arm();
    return OkStatus();
  }

  Status Adopt(const std::string& id, FeedState state) {
    auto it = feeds_.find(id);
    if (it == feeds_.end()) return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
    Entry& e = it->second;
    if (e.in_flight) return Fail(ErrorKind::kResourceExhausted, "feed " + id + " is being polled");
    e.state = std::move(state);
    e.state.feed = id;
    if (e.state.url.empty()) e.state.url = e.config.url;
    e.host = HostKey(e.state.url);
    return OkStatus();
  }

  void PollAllNow(std::function<void(const PollProgress&)> on_complete) {
    round_ = PollProgress{};
    round_cb_ = std::move(on_complete);
    for (auto& [id, e] : feeds_) {
      e.in_round = false;
      if (!Pollable(e)) continue;
      e.in_round = true;
      ++round_.total;
      if (!e.in_flight) MakeReady(e);  // one in flight counts when it completes
    }
    if (round_.total == 0) FinishRound();
    StartReady();
    Arm();
  }

  PollProgress progress() const {
    PollProgress p = round_;
    p.in_flight = in_flight_;
    return p;
  }

  std::optional<FeedState> state(const std::string& id) const {
    auto it = feeds_.find(id);
    if (it == feeds_.end()) return std::nullopt;
    return it->second.state;
  }

  std::vector<std::string> feed_ids() const {
    std::vector<std::string> out;
    for (const auto& [id, e] : feeds_) out.push_back(id);
    return out;
  }

  void Tick() {
    if (dead_) return;
    if (running_) {
      const TimePoint now = clock_.Now();
      while (!due_.empty() && due_.begin()->first <= now) {
        Entry& e = feeds_.at(due_.begin()->second);
        MakeReady(e);  // removes it from due_
      }
    }
    StartReady();
    Arm();
  }

 private:
  static bool Pollable(const Entry& e) {
    return e.config.enabled && !e.state.retired && !e.removed;
  }

  static void SetUrl(Entry& e, const std::string& url) {
    e.state.url = url;
    e.state.etag.clear();
    e.state.last_modified.clear();
    e.state.retired = false;
    e.host = HostKey(url);
  }

  void Unschedule(Entry& e) {
    if (e.due) due_.erase({*e.due, e.config.id});
    e.due.reset();
  }

  void Schedule(Entry& e, TimePoint when) {
    Unschedule(e);
    e.due = when;
    due_.insert({when, e.config.id});
  }

  void MakeReady(Entry& e) {
    Unschedule(e);
    if (!Pollable(e)) return;
    if (e.in_flight) {
      e.again = true;
      return;
    }
    if (!e.waiting) {
      e.waiting = true;
      ready_.push_back(e.config.id);
    }
  }

  // Public (Scheduler::AcquireHostSlot / ReleaseHostSlot).
 public:
  void AcquireHostSlot(const std::string& url, std::function<void()> start) {
    pages_.push_back({HostKey(url), std::move(start)});
    StartReady();
    Arm();
  }

  void ReleaseHostSlot(const std::string& url) {
    --hosts_[HostKey(url)].in_flight;
    --fetching_;
    StartReady();
    Arm();
  }

 private:
  // Grants waiting page fetches their host slots (daemon/page_fetch.h), in
  // FIFO order per host. Pages do not count bodies being parsed: those polls
  // are the ones waiting for them.
  void StartPages(SteadyTime now) {
    std::deque<PageWaiter> still;
    while (!pages_.empty()) {
      PageWaiter w = std::move(pages_.front());
      pages_.pop_front();
      Host& h = hosts_[w.host];
      const bool slots = fetching_ < f_.max_connections && h.in_flight < f_.max_per_host;
      const bool gap_ok = !h.last_start || now >= *h.last_start + f_.host_gap;
      if (!slots || !gap_ok) {
        if (slots && !gap_ok) {
          const SteadyTime ready_at = *h.last_start + f_.host_gap;
          if (!next_gap_ || ready_at < *next_gap_) next_gap_ = ready_at;
        }
        still.push_back(std::move(w));
        continue;
      }
      h.last_start = now;
      ++h.in_flight;
      ++fetching_;
      asio::post(ioc_, std::move(w.start));
    }
    pages_ = std::move(still);
  }

  // Starts every waiting feed whose host allows it now, in FIFO order.
  void StartReady() {
    if (dead_) return;
    const SteadyTime now = std::chrono::steady_clock::now();
    next_gap_.reset();
    StartPages(now);
    if (stopped_) return;
    std::deque<std::string> still;
    while (!ready_.empty()) {
      std::string id = std::move(ready_.front());
      ready_.pop_front();
      Entry& e = feeds_.at(id);
      Host& h = hosts_[e.host];
      // Bodies being parsed count against the connection budget too, so a
      // cold round cannot pile up thousands of fetched bodies (memory)
      // while the workers catch up.
      const bool slots = fetching_ + parsing_ < f_.max_connections &&
                         (h.in_flight < f_.max_per_host || e.host.rfind("file:", 0) == 0);
      // Local files (file://) have no server to be polite to: no gap, no host limit.
      const bool local = e.host.rfind("file:", 0) == 0;
      const bool gap_ok = local || !h.last_start || now >= *h.last_start + f_.host_gap;
      if (!slots || !gap_ok) {
        if (slots && !gap_ok) {
          const SteadyTime ready_at = *h.last_start + f_.host_gap;
          if (!next_gap_ || ready_at < *next_gap_) next_gap_ = ready_at;
        }
        still.push_back(std::move(id));
        continue;
      }
      h.last_start = now;
      StartPoll(e, h);
    }
    ready_ = std::move(still);
  }

  void StartPoll(Entry& e, Host& h) {
    e.waiting = false;
    e.in_flight = true;
    ++h.in_flight;
    ++fetching_;
    ++in_flight_;
    FetchRequest req;
    req.url = e.state.url;
    req.etag = e.state.etag;
    req.last_modified = e.state.last_modified;
    req.headers = e.config.headers;
    fetcher_.Fetch(std::move(req), [weak = weak_from_this(), id = e.config.id](FetchResponse r) {
      if (auto self = weak.lock(); self && !self->dead_) self->OnFetched(id, std::move(r));
    });
  }

  void OnFetched(const std::string& id, FetchResponse r) {
    Entry& e = feeds_.at(id);
    --hosts_[e.host].in_flight;
    --fetching_;
    const double draw = std::uniform_real_distribution<double>(-1, 1)(rng_);
    PollResult pr;
    pr.feed_id = id;
    pr.previous = e.state;
    pr.decision = DecidePoll(e.state, r, clock_.Now(), e.interval, draw, s_);
    pr.response = std::move(r);
    e.polled_ok = pr.decision.success;
    e.polled_304 = pr.decision.success && !pr.decision.modified;
    e.polled_body = pr.decision.modified;
    if (e.polled_body) ++parsing_;
    if (pr.decision.url_changed) {
      spdlog::info("feed {}: moved permanently from {} to {}", id, e.state.url,
                   pr.decision.state.url);
    }
    if (pr.decision.retired_now) spdlog::warn("feed {}: 410 Gone at {}; retired", id, e.state.url);
    PollDone done = [weak = weak_from_this(), &ioc = ioc_, id](Result<FeedState> st) {
      asio::post(ioc, [weak, id, st = std::move(st)]() mutable {
        if (auto self = weak.lock(); self && !self->dead_) self->OnDone(id, std::move(st));
      });
    };
    cb_(std::move(pr), std::move(done));
    StartReady();
    Arm();
  }

  void OnDone(const std::string& id, Result<FeedState> committed) {
    Entry& e = feeds_.at(id);
    if (!e.in_flight) return;  // `done` called twice: ignore the extra call
    e.in_flight = false;
    --in_flight_;
    if (e.polled_body) {
      e.polled_body = false;
      --parsing_;
    }
    if (e.removed) {
      feeds_.erase(id);
      StartReady();
      Arm();
      return;
    }
    bool ok = e.polled_ok;
    if (committed) {
      e.state = std::move(*committed);
      e.state.feed = id;
    } else {
      // Not stored: keep the durable validators, count an error, back off.
      ok = false;
      const TimePoint now = clock_.Now();
      e.state.last_poll = now;
      ++e.state.consecutive_errors;
      e.state.last_error = committed.error().message;
      e.state.next_poll =
          now + BackoffDelay(e.interval, e.state.consecutive_errors, s_.max_backoff);
      spdlog::warn("feed {}: poll not stored: {}", id, committed.error().message);
    }
    e.host = HostKey(e.state.url);
    if (!e.new_url.empty()) {
      SetUrl(e, e.new_url);
      e.new_url.clear();
    }
    if (Pollable(e)) {
      if (e.again) {
        e.again = false;
        MakeReady(e);
      } else {
        Schedule(e, e.state.next_poll.value_or(clock_.Now() + e.interval));
      }
    }
    e.again = false;
    if (e.in_round) {
      e.in_round = false;
      ++round_.done;
      if (!ok) ++round_.errors;
      if (ok && e.polled_304) ++round_.not_modified;
      if (round_.done == round_.total) FinishRound();
    }
    StartReady();
    Arm();
  }

  void FinishRound() {
    if (!round_cb_) return;
    auto cb = std::move(round_cb_);
    round_cb_ = nullptr;
    PollProgress p = progress();
    asio::post(ioc_, [cb = std::move(cb), p] { cb(p); });
  }

  // One timer for the earliest due feed (when running) or host gap.
  void Arm() {
    if (dead_) return;
    std::optional<std::chrono::steady_clock::duration> wait;
    if (running_ && !due_.empty()) {
      const auto d = due_.begin()->first - clock_.Now();
      wait = std::max<std::chrono::steady_clock::duration>(
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(d),
          std::chrono::steady_clock::duration::zero());
    }
    if (next_gap_ && (!stopped_ || !pages_.empty())) {
      const auto g = *next_gap_ - std::chrono::steady_clock::now();
      if (!wait || g < *wait) wait = g;
    }
    if (!wait) {
      timer_.cancel();
      return;
    }
    // Re-check at least every minute: the wall clock may jump.
    timer_.expires_after(
        std::min<std::chrono::steady_clock::duration>(*wait, std::chrono::minutes(1)));
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (ec) return;
      if (auto self = weak.lock()) self->Tick();
    });
  }

  asio::io_context& ioc_;
  Fetcher& fetcher_;
  const Clock& clock_;
  ScheduleSection s_;
  FetchSection f_;
  PollCallback cb_;
  std::mt19937 rng_;
  asio::steady_timer timer_;
  std::map<std::string, Entry> feeds_;
  std::set<std::pair<TimePoint, std::string>> due_;
  std::deque<std::string> ready_;
  struct PageWaiter {
    std::string host;
    std::function<void()> start;
  };
  std::deque<PageWaiter> pages_;  // page fetches waiting for a host slot
  std::unordered_map<std::string, Host> hosts_;
  std::optional<SteadyTime> next_gap_;
  int fetching_ = 0;   // fetches in progress (connection budget)
  int parsing_ = 0;    // fetched bodies awaiting `done` (same budget)
  int in_flight_ = 0;  // polls fetching or awaiting `done`
  PollProgress round_;
  std::function<void(const PollProgress&)> round_cb_;
  bool running_ = false;
  bool stopped_ = false;
  bool dead_ = false;
};

FetcherOptions MakeFetcherOptions(const FetchSection& f) {
  FetcherOptions o;
  o.user_agent = f.user_agent;
  o.ca_file = f.ca_file;
  o.max_connections = f.max_connections;
  o.max_per_host = f.max_per_host;
  o.limits.connect_timeout = f.connect_timeout;
  o.limits.timeout = f.timeout;
  o.limits.low_speed_limit = f.low_speed_limit;
  o.limits.low_speed_time = f.low_speed_time;
  o.limits.max_body = f.max_body;
  o.limits.max_redirects = f.max_redirects;
  return o;
}

Scheduler::Scheduler(asio::io_context& ioc, Fetcher& fetcher, const Clock& clock,
                     ScheduleSection schedule, FetchSection fetch, PollCallback on_result,
                     unsigned seed)
    : impl_(std::make_shared<Impl>(ioc, fetcher, clock, schedule, fetch, std::move(on_result),
                                   seed)) {}

Scheduler::~Scheduler() { impl_->Shutdown(); }

Status Scheduler::AddFeed(const FeedConfig& feed, std::optional<FeedState> state) {
  return impl_->AddFeed(feed, std::move(state));
}
Status Scheduler::RemoveFeed(const std::string& id) { return impl_->RemoveFeed(id); }
Status Scheduler::UpdateFeed(const FeedConfig& feed) { return impl_->UpdateFeed(feed); }
void Scheduler::Start() { impl_->Start(); }
void Scheduler::Stop() { impl_->Stop(); }
Status Scheduler::PollNow(const std::string& id) { return impl_->PollNow(id); }
Status Scheduler::Adopt(const std::string& id, FeedState state) {
  return impl_->Adopt(id, std::move(state));
}
void Scheduler::PollAllNow(std::function<void(const PollProgress&)> cb) {
  impl_->PollAllNow(std::move(cb));
}
PollProgress Scheduler::progress() const { return impl_->progress(); }
std::optional<FeedState> Scheduler::state(const std::string& id) const { return impl_->state(id); }
std::vector<std::string> Scheduler::feed_ids() const { return impl_->feed_ids(); }
void Scheduler::Tick() { impl_->Tick(); }
void Scheduler::AcquireHostSlot(const std::string& url, std::function<void()> start) {
  impl_->AcquireHostSlot(url, std::move(start));
}
void Scheduler::ReleaseHostSlot(const std::string& url) { impl_->ReleaseHostSlot(url); }

}  // namespace newsd
