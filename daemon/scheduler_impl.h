// Private to the scheduler: Scheduler::Impl and its per-feed and per-host
// state, shared by scheduler.cpp (construction, public calls, ticks),
// scheduler_feeds.cpp (feed-list changes: Add/Remove/Update/Adopt) and
// scheduler_poll.cpp (queues, polls, completions, the timer). Not for use
// outside those files; the contract is daemon/scheduler.h.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/scheduler.h"

namespace newsd {

namespace scheduler_detail {

using SteadyTime = std::chrono::steady_clock::time_point;

// "scheme://host:port", the unit of per-host limits and gaps.
std::string HostKey(const std::string& url);

// One feed as the scheduler knows it.
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

// One "scheme://host:port".
struct Host {
  int in_flight = 0;
  std::optional<SteadyTime> last_start;
};

}  // namespace scheduler_detail

class Scheduler::Impl : public std::enable_shared_from_this<Impl> {
 public:
  using Entry = scheduler_detail::Entry;
  using Host = scheduler_detail::Host;
  using SteadyTime = scheduler_detail::SteadyTime;

  Impl(boost::asio::io_context& ioc, Fetcher& fetcher, const Clock& clock, ScheduleSection schedule,
       FetchSection fetch, PollCallback cb, unsigned seed);

  void Shutdown();

  // scheduler_feeds.cpp
  Status AddFeed(const FeedConfig& feed, std::optional<FeedState> state);
  Status RemoveFeed(const std::string& id);
  Status UpdateFeed(const FeedConfig& feed);
  Status Adopt(const std::string& id, FeedState state);

  // scheduler.cpp
  void Start();
  void Stop();
  Status PollNow(const std::string& id);
  void PollAllNow(std::function<void(const PollProgress&)> on_complete);
  PollProgress progress() const;
  std::optional<FeedState> state(const std::string& id) const;
  std::vector<std::string> feed_ids() const;
  void Tick();

  // scheduler_pages.cpp (Scheduler::AcquireHostSlot / ReleaseHostSlot)
  void AcquireHostSlot(const std::string& url, std::function<void()> start);
  void ReleaseHostSlot(const std::string& url);

 private:
  static bool Pollable(const Entry& e) {
    return e.config.enabled && !e.state.retired && !e.removed;
  }
  // scheduler_feeds.cpp
  static void SetUrl(Entry& e, const std::string& url);

  // scheduler_poll.cpp
  void Unschedule(Entry& e);
  void Schedule(Entry& e, TimePoint when);
  void MakeReady(Entry& e);
  // Starts every waiting feed whose host allows it now, in FIFO order.
  void StartReady();
  // scheduler_pages.cpp: grants waiting page fetches their host slots.
  void StartPages(SteadyTime now);
  void StartPoll(Entry& e, Host& h);
  void OnFetched(const std::string& id, FetchResponse r);
  void OnDone(const std::string& id, Result<FeedState> committed);
  void FinishRound();
  // One timer for the earliest due feed (when running) or host gap.
  void Arm();

  boost::asio::io_context& ioc_;
  Fetcher& fetcher_;
  const Clock& clock_;
  ScheduleSection s_;
  FetchSection f_;
  PollCallback cb_;
  std::mt19937 rng_;
  boost::asio::steady_timer timer_;
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

}  // namespace newsd
