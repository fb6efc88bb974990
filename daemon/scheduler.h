// Scheduler: decides when each feed is polled, polls it with the Fetcher and
// hands every outcome to the daemon.
//
// One timer on the caller's io_context wakes the scheduler when the earliest
// feed is due (by the injected Clock). Due feeds wait in a FIFO until their
// host has a free slot (at most [fetch] max_per_host polls in flight per
// host:port, max_connections in total) and [fetch] host_gap has passed since
// the host's previous request; so thousands of feeds on one host are queued
// here, not inside libcurl where waiting would eat their timeouts. A feed is
// never polled twice at once. Timing rules are in daemon/scheduler_policy.h.
//
// Durability: the scheduler never stores anything. Each completed poll goes to
// the PollCallback with the proposed new FeedState; the daemon parses the body,
// may call ApplyFeedHints (ttl, adaptive), commits items and state in one
// transaction and then calls `done` with the state it committed. Only then
// does the scheduler adopt it; if `done` reports an error the feed keeps its
// previous (durable) validators and backs off, so a later poll refetches the
// body instead of getting a 304 for items that were never stored. The feed
// is not polled again until `done` runs.
//
// Thread rules: construct, call and destroy on the io_context's thread (one
// thread runs it). `done` may be called from any thread (it posts). Destroying
// the Scheduler abandons polls in flight (their `done` becomes a no-op).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "core/time.h"
#include "daemon/config.h"
#include "daemon/scheduler_policy.h"
#include "feeds/fetcher.h"

namespace boost::asio {
class io_context;
}

namespace newsd {

// One completed poll, as handed to the daemon.
struct PollResult {
  std::string feed_id;
  FeedState previous;      // the durable state before this poll
  PollDecision decision;   // decision.state: the state to commit
  FetchResponse response;  // body to parse when decision.modified
};

// Called by the daemon exactly once per PollResult: the FeedState it
// committed (normally decision.state, perhaps after ApplyFeedHints), or why
// the poll could not be stored. Thread-safe.
using PollDone = std::function<void(Result<FeedState>)>;
// Called on the io_context thread for every completed poll.
using PollCallback = std::function<void(PollResult, PollDone)>;

struct PollProgress {
  int total = 0;         // feeds in the current PollAllNow round
  int done = 0;          // of those, polls finished and acknowledged
  int errors = 0;        // of those, polls that failed (network, HTTP, store)
  int not_modified = 0;  // of those, 304s
  int in_flight = 0;     // polls (any) fetched or awaiting `done` right now
};

// The fetcher settings of a [fetch] section (user agent, CA file, connection
// limits, per-request limits).
FetcherOptions MakeFetcherOptions(const FetchSection& fetch);

class Scheduler {
 public:
  // `fetcher`, `clock` and `ioc` must outlive the Scheduler. `schedule` and
  // `fetch` are copied. `seed` seeds the jitter draws (tests pass a fixed one).
  Scheduler(boost::asio::io_context& ioc, Fetcher& fetcher, const Clock& clock,
            ScheduleSection schedule, FetchSection fetch, PollCallback on_result,
            unsigned seed = 0);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a feed (before or after Start). `state` is its stored state, or
  // nullopt for a new feed (due now, spread over the jitter window). The
  // stored URL (after a 301/308) is used when present, else feed.url.
  // Disabled and retired feeds are kept (for state()) but never polled.
  // Returns an error if the id is already known.
  Status AddFeed(const FeedConfig& feed, std::optional<FeedState> state);

  // Forgets a feed (SIGHUP reload). A poll in flight completes and reports
  // (its `done` still commits); then the feed is dropped. kNotFound for an
  // unknown id.
  Status RemoveFeed(const std::string& feed_id);
  // Applies a changed [[feed]] table to a known feed: interval (the next poll
  // moves earlier if the new interval says so), headers, enabled, and the URL
  // when `feed.url` differs from the one it was added or updated with.
  // kNotFound for an unknown id.
  Status UpdateFeed(const FeedConfig& feed);

  // Starts polling due feeds.
  void Start();
  // Stops starting polls; polls in flight still complete and report.
  void Stop();

  // Polls `feed_id` as soon as its host allows, whatever its schedule or
  // backoff (not if retired or disabled). If it is being polled, it is polled
  // again after that. Returns kNotFound for an unknown id.
  Status PollNow(const std::string& feed_id);

  // Cluster mode: replaces the durable state of `feed_id` with `state` (as
  // leased from the shared database, which any instance may have updated).
  // kNotFound for an unknown id; kResourceExhausted while a poll of it is in
  // flight (the state is then left alone).
  Status Adopt(const std::string& feed_id, FeedState state);

  // `newsd once`: polls every enabled, non-retired feed once now, whatever
  // its schedule or backoff, and calls `on_complete` (on the io_context
  // thread) when every one of them has been acknowledged by `done`. Works
  // without Start(). Another round replaces the previous one's callback.
  void PollAllNow(std::function<void(const PollProgress&)> on_complete);

  PollProgress progress() const;
  // The durable state of a feed, nullopt for an unknown id.
  std::optional<FeedState> state(const std::string& feed_id) const;
  // Ids of known feeds.
  std::vector<std::string> feed_ids() const;

  // Checks for due feeds now (tests call it after moving a ManualClock).
  void Tick();

  // Full-text page fetches share the feeds' politeness: `start` runs (on the
  // io thread, never inline) once `url`'s host has a free slot under
  // [fetch] max_per_host / max_connections and host_gap has passed since the
  // host's previous request. The slot is then held until ReleaseHostSlot(url)
  // is called once. Waiting page fetches go before waiting feeds (a poll in
  // flight is waiting on them) and are still granted after Stop() (polls in
  // flight complete); destroying the Scheduler drops them uncalled.
  void AcquireHostSlot(const std::string& url, std::function<void()> start);
  void ReleaseHostSlot(const std::string& url);

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace newsd
