// Poll policy: what a poll's outcome means for a feed's stored state and when
// it is polled next. Pure functions of their arguments (the scheduler supplies
// the time and the jitter draw), so every rule is testable without a server:
//
//  * success (2xx, 304): errors reset; next = max(interval, feed ttl,
//    Cache-Control max-age) with +-jitter, and never before Retry-After;
//    2xx stores the ETag/Last-Modified exactly as received, 304 keeps them;
//  * 301/308 on the way to a success: the stored URL becomes the permanent
//    target; 302/303/307 change nothing;
//  * 410: the feed is retired (no next poll);
//  * any other status or a network error: consecutive_errors + 1, next =
//    interval * 2^(errors-1) capped at max_backoff (never below the interval);
//    429/503 wait at least Retry-After (seconds or HTTP-date). Feeds in error
//    are retried forever.
//
// `interval` is the feed's configured interval (or [schedule] default);
// adaptive polling replaces it by the observed publishing rate clamped to
// [min_interval, max_interval].
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "daemon/config.h"

namespace newsd {

struct FetchResponse;

// Everything a next-poll time is computed from; kept so the daemon can add
// what only the parsed feed knows (ApplyFeedHints) before committing.
struct NextPollInputs {
  TimePoint now{};
  Seconds interval{600};
  std::optional<Seconds> max_age;      // Cache-Control
  std::optional<Seconds> retry_after;  // Retry-After as a delay
  std::optional<Seconds> feed_ttl;     // <ttl> / sy:updatePeriod
  std::optional<Seconds> adaptive;     // observed publishing interval
  int consecutive_errors = 0;          // after this poll
  bool error = false;
  double jitter_draw = 0;  // uniform in [-1, 1]
};

// The next poll time for `in` under `s`.
TimePoint ComputeNextPoll(const NextPollInputs& in, const ScheduleSection& s);

// interval * 2^(errors-1), capped at max(max_backoff, interval).
Seconds BackoffDelay(Seconds interval, int consecutive_errors, Seconds max_backoff);

// The median gap between distinct item dates (newest 20), clamped to
// [min_interval, max_interval]; nullopt with fewer than 3 dates.
std::optional<Seconds> AdaptiveInterval(std::vector<TimePoint> item_dates,
                                        const ScheduleSection& s);

struct PollDecision {
  FeedState state;           // the state to store after this poll
  NextPollInputs inputs;     // what state.next_poll was computed from
  bool url_changed = false;  // a 301/308 moved the feed (state.url is new)
  bool retired_now = false;  // this poll answered 410
  bool success = false;      // 2xx or 304
  bool modified = false;     // 2xx: the body should be parsed
};

// Applies one poll's `response` to `prev`. `now` is the poll's completion
// time, `interval` the feed's interval, `jitter_draw` uniform in [-1, 1].
PollDecision DecidePoll(const FeedState& prev, const FetchResponse& response, TimePoint now,
                        Seconds interval, double jitter_draw, const ScheduleSection& s);

// Adds what the parsed feed says (its ttl; item dates for adaptive polling,
// used only when s.adaptive) to a successful decision and recomputes
// decision.state.next_poll. No effect on errors or retired feeds.
void ApplyFeedHints(PollDecision& decision, std::optional<Seconds> feed_ttl,
                    const std::vector<TimePoint>& item_dates, const ScheduleSection& s);

}  // namespace newsd
