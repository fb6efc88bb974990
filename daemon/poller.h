// Polling wired end to end: the Scheduler and Fetcher on the io_context, feed
// bodies handed to the Engine on the worker pool, the committed FeedState
// handed back to the Scheduler. Used by `newsd run` and `newsd once`.
//
// Thread rules: construct, Start, PollAllNow and Stop on the io_context thread
// (or before it runs). `engine`, `ioc` and `workers` must outlive the Poller.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "daemon/config.h"
#include "daemon/engine.h"
#include "daemon/page_fetch.h"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace newsd {

class Engine;
struct FeedOutcome;
struct FeedState;
struct PollProgress;
struct PollResult;

// Observers of a Poller (metrics, WebSub). Set before Start.
struct PollerHooks {
  // Every completed poll, on the io thread.
  std::function<void(const PollResult&)> on_poll;
  // Every poll whose body was parsed and committed, on the writer thread.
  std::function<void(const std::string& feed, const FeedOutcome&)> on_feed;
};

// Counters over the life of a Poller (any thread may read them).
struct PollerCounters {
  std::atomic<long long> items{0}, new_articles{0}, duplicates{0}, revisions{0}, unchanged{0},
      errors{0};
  PageFetchCounters pages;  // full-text page fetches
};

class Poller {
 public:
  // `clock` (tests pass a ManualClock) decides poll times; it must outlive
  // the Poller.
  Poller(boost::asio::io_context& ioc, boost::asio::thread_pool& workers, Engine& engine,
         const Config& config, const Clock& clock = SystemClock::Instance());
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  // Registers every enabled feed with its stored state. Fails on a store error.
  Status AddFeeds();
  // SIGHUP: makes the polled feeds those of `next` (enabled ones): new ids
  // are added with their stored state, missing ones removed (a poll in
  // flight finishes), changed ones updated (interval, URL, headers).
  // Fails only on a store error (nothing after the failing feed is applied).
  struct FeedChanges {
    int added = 0, removed = 0, changed = 0;
  };
  Result<FeedChanges> ApplyFeeds(const std::vector<FeedConfig>& next);
  // Polls on schedule until Stop().
  void Start();
  // Polls every feed once now; `on_complete` runs on the io thread when all
  // polls are committed.
  void PollAllNow(std::function<void(const PollProgress&)> on_complete);
  PollProgress progress() const;
  void Stop();
  const PollerCounters& counters() const;

  void SetHooks(PollerHooks hooks);
  // WebSub: a feed the hub pushes is polled only as a fallback, at
  // max(its interval, [http] websub_poll_interval); `pushed = false` goes
  // back to the feed's own interval. Io thread only; unknown ids are kept
  // for when the feed appears (reload).
  void SetPushed(const std::string& feed_id, bool pushed);
  // Polls one feed as soon as its host allows (kNotFound for an unknown id).
  Status PollNow(const std::string& feed_id);
  // For Engine::ProcessFeed of content that did not come from a poll
  // (WebSub pushes): fetches a full_text feed's pages like a poll does, with
  // the same politeness and address policy; empty for other feeds. Io
  // thread; the hook itself may be called from any thread while the Poller
  // lives.
  PageFetchHook PageHook(const std::string& feed_id);
  // The durable state the scheduler holds for a feed (next_poll included).
  std::optional<FeedState> state(const std::string& feed_id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
