// Scheduler: the due set and ready queue, starting polls within the host and
// connection limits, completions (OnFetched, OnDone) and the timer. See
// daemon/scheduler.h for the contract.
#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "daemon/scheduler_impl.h"

namespace newsd {

namespace asio = boost::asio;
using scheduler_detail::HostKey;

void Scheduler::Impl::Unschedule(Entry& e) {
  if (e.due) due_.erase({*e.due, e.config.id});
  e.due.reset();
}

void Scheduler::Impl::Schedule(Entry& e, TimePoint when) {
  Unschedule(e);
  e.due = when;
  due_.insert({when, e.config.id});
}

void Scheduler::Impl::MakeReady(Entry& e) {
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

// Starts every waiting feed whose host allows it now, in FIFO order.
void Scheduler::Impl::StartReady() {
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

void Scheduler::Impl::StartPoll(Entry& e, Host& h) {
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

void Scheduler::Impl::OnFetched(const std::string& id, FetchResponse r) {
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

void Scheduler::Impl::OnDone(const std::string& id, Result<FeedState> committed) {
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
    e.state.next_poll = now + BackoffDelay(e.interval, e.state.consecutive_errors, s_.max_backoff);
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

void Scheduler::Impl::FinishRound() {
  if (!round_cb_) return;
  auto cb = std::move(round_cb_);
  round_cb_ = nullptr;
  PollProgress p = progress();
  asio::post(ioc_, [cb = std::move(cb), p] { cb(p); });
}

// One timer for the earliest due feed (when running) or host gap.
void Scheduler::Impl::Arm() {
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

}  // namespace newsd
