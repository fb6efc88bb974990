// Tests of daemon/scheduler_policy.h: the timing and state rules, without servers.
#include <gtest/gtest.h>

#include "core/time.h"
#include "daemon/scheduler_policy.h"
#include "feeds/fetcher.h"
#include "feeds/http_headers.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;

const TimePoint kNow = *MakeUtc(2026, 11, 23, 10);

ScheduleSection Sched(double jitter = 0) {
  ScheduleSection s;
  s.jitter = jitter;
  s.min_interval = 60s;
  s.max_interval = 86400s;
  s.max_backoff = 6h;
  return s;
}

FetchResponse Status(int status) {
  FetchResponse r;
  r.status = status;
  return r;
}

TEST(PollPolicyTest, BackoffDoublesAndIsCapped) {
  EXPECT_EQ(BackoffDelay(600s, 1, 6h), 600s);
  EXPECT_EQ(BackoffDelay(600s, 2, 6h), 1200s);
  EXPECT_EQ(BackoffDelay(600s, 3, 6h), 2400s);
  EXPECT_EQ(BackoffDelay(600s, 6, 6h), 19200s);
  EXPECT_EQ(BackoffDelay(600s, 7, 6h), 21600s);
  EXPECT_EQ(BackoffDelay(600s, 1000, 6h), 21600s);
  // An interval longer than the cap is never shortened by an error.
  EXPECT_EQ(BackoffDelay(Seconds(86400), 3, 6h), Seconds(86400));
}

TEST(PollPolicyTest, NextPollIsTheLargestOfIntervalTtlMaxAgeRetryAfter) {
  FetchResponse r = Status(200);
  r.cache_control = "public, max-age=1800";
  PollDecision d = DecidePoll(FeedState{}, r, kNow, 600s, 0, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 1800s);
  ApplyFeedHints(d, Seconds(3600), {}, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 3600s);
  r.cache_control = "max-age=10";
  d = DecidePoll(FeedState{}, r, kNow, 600s, 0, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 600s);
  r.retry_after = "7200";
  d = DecidePoll(FeedState{}, r, kNow, 600s, 0, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 7200s);
}

TEST(PollPolicyTest, JitterStaysWithinItsFraction) {
  for (double draw : {-1.0, -0.3, 0.0, 0.5, 1.0}) {
    PollDecision d = DecidePoll(FeedState{}, Status(200), kNow, 600s, draw, Sched(0.1));
    const Seconds delay = *d.state.next_poll - kNow;
    EXPECT_GE(delay, 540s);
    EXPECT_LE(delay, 660s);
  }
  const auto lo = DecidePoll(FeedState{}, Status(200), kNow, 600s, -1, Sched(0.1));
  const auto hi = DecidePoll(FeedState{}, Status(200), kNow, 600s, 1, Sched(0.1));
  EXPECT_LT(*lo.state.next_poll, *hi.state.next_poll);
}

TEST(PollPolicyTest, RetryAfterIsNeverShortenedByJitter) {
  FetchResponse r = Status(429);
  r.retry_after = "120";
  PollDecision d = DecidePoll(FeedState{}, r, kNow, 60s, -1, Sched(0.5));
  EXPECT_GE(*d.state.next_poll - kNow, 120s);
}

TEST(PollPolicyTest, RetryAfterOnlyCountsFor429And503Errors) {
  FetchResponse r = Status(500);
  r.retry_after = "99999";
  PollDecision d = DecidePoll(FeedState{}, r, kNow, 60s, 0, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 60s);
}

TEST(PollPolicyTest, SuccessStoresValidatorsAndNotModifiedKeepsThem) {
  FeedState prev;
  prev.etag = "\"old\"";
  prev.last_modified = "Sun, 22 Nov 2026 10:00:00 GMT";
  prev.consecutive_errors = 4;
  prev.last_error = "HTTP 500";
  FetchResponse ok = Status(200);
  ok.etag = "\"new\"";
  PollDecision d = DecidePoll(prev, ok, kNow, 600s, 0, Sched());
  EXPECT_TRUE(d.success && d.modified);
  EXPECT_EQ(d.state.etag, "\"new\"");
  EXPECT_EQ(d.state.last_modified, "");  // exactly as received: none
  EXPECT_EQ(d.state.consecutive_errors, 0);
  EXPECT_EQ(d.state.last_error, "");
  EXPECT_EQ(*d.state.last_success, kNow);
  d = DecidePoll(prev, Status(304), kNow, 600s, 0, Sched());
  EXPECT_TRUE(d.success);
  EXPECT_FALSE(d.modified);
  EXPECT_EQ(d.state.etag, "\"old\"");
  EXPECT_EQ(d.state.last_modified, "Sun, 22 Nov 2026 10:00:00 GMT");
}

TEST(PollPolicyTest, RedirectKinds) {
  FeedState prev;
  prev.url = "http://a/old";
  FetchResponse r = Status(200);
  r.url = "http://a/new";
  r.redirects = {{301, "http://a/old", "/new"}};
  EXPECT_EQ(DecidePoll(prev, r, kNow, 600s, 0, Sched()).state.url, "http://a/new");
  r.redirects = {{308, "http://a/old", "/new"}};
  EXPECT_TRUE(DecidePoll(prev, r, kNow, 600s, 0, Sched()).url_changed);
  for (int s : {302, 303, 307}) {
    r.redirects = {{s, "http://a/old", "/new"}};
    PollDecision d = DecidePoll(prev, r, kNow, 600s, 0, Sched());
    EXPECT_EQ(d.state.url, "http://a/old") << s;
    EXPECT_FALSE(d.url_changed);
  }
  // A 301 to an error page does not move the feed.
  r = Status(404);
  r.redirects = {{301, "http://a/old", "/new"}};
  EXPECT_EQ(DecidePoll(prev, r, kNow, 600s, 0, Sched()).state.url, "http://a/old");
}

TEST(PollPolicyTest, AdaptiveIntervalFollowsPublishingRate) {
  ScheduleSection s = Sched();
  s.adaptive = true;
  std::vector<TimePoint> dates;
  for (int i = 0; i < 10; ++i) dates.push_back(kNow - Seconds(i * 300));
  EXPECT_EQ(*AdaptiveInterval(dates, s), 300s);
  PollDecision d = DecidePoll(FeedState{}, Status(200), kNow, 3600s, 0, s);
  ApplyFeedHints(d, std::nullopt, dates, s);
  EXPECT_EQ(*d.state.next_poll, kNow + 300s);
  // Bounded by min/max.
  std::vector<TimePoint> fast = {kNow, kNow - 1s, kNow - 2s, kNow - 3s};
  EXPECT_EQ(*AdaptiveInterval(fast, s), 60s);
  std::vector<TimePoint> slow = {kNow, kNow - Seconds(86400 * 30), kNow - Seconds(86400 * 60)};
  EXPECT_EQ(*AdaptiveInterval(slow, s), 86400s);
  EXPECT_FALSE(AdaptiveInterval({kNow, kNow - 1s}, s));
  // Off unless configured.
  d = DecidePoll(FeedState{}, Status(200), kNow, 3600s, 0, Sched());
  ApplyFeedHints(d, std::nullopt, dates, Sched());
  EXPECT_EQ(*d.state.next_poll, kNow + 3600s);
}

TEST(PollPolicyTest, GoneRetires) {
  PollDecision d = DecidePoll(FeedState{}, Status(410), kNow, 600s, 0, Sched());
  EXPECT_TRUE(d.state.retired);
  EXPECT_TRUE(d.retired_now);
  EXPECT_FALSE(d.state.next_poll);
}

TEST(PollPolicyTest, NetworkErrorKeepsValidatorsAndRecordsMessage) {
  FeedState prev;
  prev.etag = "\"e\"";
  FetchResponse r;
  r.error = FetchErrc::kBodyTooLarge;
  r.error_message = "too big";
  PollDecision d = DecidePoll(prev, r, kNow, 600s, 0, Sched());
  EXPECT_FALSE(d.success);
  EXPECT_EQ(d.state.etag, "\"e\"");
  EXPECT_EQ(d.state.last_status, 0);
  EXPECT_EQ(d.state.last_error, "too big");
  EXPECT_EQ(d.state.consecutive_errors, 1);
}

}  // namespace
}  // namespace newsd
