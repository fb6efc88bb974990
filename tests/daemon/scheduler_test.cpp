#include "daemon/scheduler.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;
using testing::HttpTestServer;
using testing::RunUntil;
using testing::TestRoute;

ScheduleSection NoJitter() {
  ScheduleSection s;
  s.jitter = 0;
  s.default_interval = 60s;
  s.min_interval = 10s;
  s.max_backoff = 600s;
  return s;
}

FetchSection NoGap() {
  FetchSection f;
  f.host_gap = 0s;
  return f;
}

class SchedulerTest : public ::testing::Test {
 protected:
  // A proxy from the environment must not intercept loopback test traffic.
  void SetUp() override { setenv("no_proxy", "*", 1); }
  void Make(ScheduleSection s = NoJitter(), FetchSection f = NoGap(), FetcherOptions fo = {}) {
    sched_.reset();
    fetcher_ = std::make_unique<Fetcher>(ioc_, fo);
    sched_ = std::make_unique<Scheduler>(
        ioc_, *fetcher_, clock_, s, f,
        [this](PollResult r, PollDone done) {
          results_.push_back(r);
          if (fail_commit_) {
            done(Fail(ErrorKind::kIo, "disk full"));
          } else {
            done(r.decision.state);
          }
        },
        42);
  }

  FeedConfig Feed(const std::string& id, const std::string& path) {
    FeedConfig c;
    c.id = id;
    c.url = server_.Url(path);
    return c;
  }

  // PollNow(id) and wait until it is acknowledged.
  void PollOnce(const std::string& id) {
    const std::size_t before = results_.size();
    ASSERT_OK(sched_->PollNow(id));
    ASSERT_TRUE(RunUntil(
        ioc_, [&] { return results_.size() > before && sched_->progress().in_flight == 0; }));
  }

  FeedState State(const std::string& id) { return sched_->state(id).value(); }

  Seconds Delay(const FeedState& s) {
    EXPECT_TRUE(s.next_poll && s.last_poll);
    return *s.next_poll - *s.last_poll;
  }

  boost::asio::io_context ioc_;
  HttpTestServer server_;
  ManualClock clock_{*MakeUtc(2026, 11, 23, 10)};
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<Scheduler> sched_;
  std::vector<PollResult> results_;
  bool fail_commit_ = false;
};

TEST_F(SchedulerTest, SecondPollSendsStoredValidatorsAndGets304) {
  TestRoute r;
  r.body = "<rss/>";
  r.etag = "\"e1\"";
  r.last_modified = "Mon, 23 Nov 2026 09:00:00 GMT";
  server_.Route("/feed", r);
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/feed"), std::nullopt));
  PollOnce("a");
  EXPECT_TRUE(results_[0].decision.modified);
  EXPECT_EQ(results_[0].response.body, "<rss/>");
  FeedState s = State("a");
  EXPECT_EQ(s.etag, "\"e1\"");
  EXPECT_EQ(s.last_modified, "Mon, 23 Nov 2026 09:00:00 GMT");
  EXPECT_EQ(s.last_status, 200);
  PollOnce("a");
  EXPECT_EQ(results_[1].response.status, 304);
  EXPECT_FALSE(results_[1].decision.modified);
  auto reqs = server_.Requests("/feed");
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].Header("if-none-match"), "\"e1\"");
  EXPECT_EQ(reqs[1].Header("if-modified-since"), "Mon, 23 Nov 2026 09:00:00 GMT");
  s = State("a");
  EXPECT_EQ(s.last_status, 304);
  EXPECT_EQ(s.etag, "\"e1\"");
  EXPECT_EQ(s.consecutive_errors, 0);
}

TEST_F(SchedulerTest, MovedPermanentlyUpdatesTheUrl) {
  server_.Redirect("/old", 301, "/new");
  server_.Serve("/new", "<rss/>");
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/old"), std::nullopt));
  PollOnce("a");
  EXPECT_TRUE(results_[0].decision.url_changed);
  EXPECT_EQ(State("a").url, server_.Url("/new"));
  PollOnce("a");
  EXPECT_EQ(server_.Hits("/old"), 1);
  EXPECT_EQ(server_.Hits("/new"), 2);
  EXPECT_FALSE(results_[1].decision.url_changed);
}

TEST_F(SchedulerTest, TemporaryRedirectKeepsTheUrl) {
  for (int status : {302, 303, 307}) {
    results_.clear();
    const std::string from = "/tmp" + std::to_string(status);
    server_.Redirect(from, status, "/real");
    server_.Serve("/real", "<rss/>");
    Make();
    ASSERT_OK(sched_->AddFeed(Feed("a", from), std::nullopt));
    PollOnce("a");
    PollOnce("a");
    EXPECT_EQ(State("a").url, server_.Url(from)) << status;
    EXPECT_EQ(server_.Hits(from), 2) << status;
    EXPECT_FALSE(results_[0].decision.url_changed);
  }
}

TEST_F(SchedulerTest, GoneRetiresTheFeed) {
  TestRoute r;
  r.status = 410;
  server_.Route("/gone", r);
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/gone"), std::nullopt));
  PollOnce("a");
  FeedState s = State("a");
  EXPECT_TRUE(s.retired);
  EXPECT_FALSE(s.next_poll.has_value());
  EXPECT_TRUE(results_[0].decision.retired_now);
  // Neither the timer, nor PollNow, nor PollAllNow polls it again.
  sched_->Start();
  clock_.Advance(Seconds(30 * 86400));
  sched_->Tick();
  ASSERT_OK(sched_->PollNow("a"));
  bool round_done = false;
  sched_->PollAllNow([&](const PollProgress& p) {
    round_done = true;
    EXPECT_EQ(p.total, 0);
  });
  ASSERT_TRUE(RunUntil(ioc_, [&] { return round_done; }));
  EXPECT_EQ(sched_->progress().in_flight, 0);
  EXPECT_EQ(server_.Hits("/gone"), 1);
}

TEST_F(SchedulerTest, TooManyRequestsHonoursRetryAfterSeconds) {
  TestRoute r;
  r.status = 429;
  r.headers = {{"Retry-After", "120"}};
  server_.Route("/busy", r);
  Make();  // interval 60 s: Retry-After is longer
  ASSERT_OK(sched_->AddFeed(Feed("a", "/busy"), std::nullopt));
  PollOnce("a");
  FeedState s = State("a");
  EXPECT_GE(Delay(s), 120s);
  EXPECT_EQ(s.consecutive_errors, 1);
  EXPECT_EQ(s.last_status, 429);
  sched_->Start();
  clock_.Advance(119s);
  sched_->Tick();  // a due feed would start fetching inside Tick
  EXPECT_EQ(sched_->progress().in_flight, 0);
  clock_.Set(*s.next_poll);
  sched_->Tick();
  EXPECT_EQ(sched_->progress().in_flight, 1);
  ASSERT_TRUE(RunUntil(ioc_, [&] { return sched_->progress().in_flight == 0; }));
  EXPECT_EQ(server_.Hits("/busy"), 2);
}

TEST_F(SchedulerTest, ServiceUnavailableHonoursRetryAfterDate) {
  TestRoute r;
  r.status = 503;
  // The clock says 10:00:00; the server asks for 10:30:00.
  r.headers = {{"Retry-After", "Mon, 23 Nov 2026 10:30:00 GMT"}};
  server_.Route("/busy", r);
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/busy"), std::nullopt));
  PollOnce("a");
  EXPECT_EQ(*State("a").next_poll, *MakeUtc(2026, 11, 23, 10, 30));
}

TEST_F(SchedulerTest, ServerErrorsBackOffExponentiallyAndSuccessResets) {
  TestRoute r;
  r.status = 500;
  server_.Route("/err", r);
  Make();  // interval 60 s, max_backoff 600 s
  ASSERT_OK(sched_->AddFeed(Feed("a", "/err"), std::nullopt));
  std::vector<Seconds> delays;
  for (int i = 0; i < 6; ++i) {
    PollOnce("a");
    delays.push_back(Delay(State("a")));
    clock_.Advance(delays.back());
  }
  EXPECT_EQ(delays, (std::vector<Seconds>{60s, 120s, 240s, 480s, 600s, 600s}));
  EXPECT_EQ(State("a").consecutive_errors, 6);
  EXPECT_EQ(State("a").last_error, "HTTP 500");
  server_.Serve("/err", "<rss/>");
  PollOnce("a");
  EXPECT_EQ(State("a").consecutive_errors, 0);
  EXPECT_EQ(State("a").last_error, "");
  EXPECT_EQ(Delay(State("a")), 60s);
}

TEST_F(SchedulerTest, NetworkErrorsAreRetriedForever) {
  int port = 0;
  {
    HttpTestServer gone;
    port = gone.port();
  }
  Make();
  FeedConfig c;
  c.id = "a";
  c.url = "http://127.0.0.1:" + std::to_string(port) + "/x";
  ASSERT_OK(sched_->AddFeed(c, std::nullopt));
  for (int i = 0; i < 12; ++i) {
    PollOnce("a");
    clock_.Advance(Delay(State("a")));
  }
  FeedState s = State("a");
  EXPECT_EQ(s.consecutive_errors, 12);
  EXPECT_FALSE(s.retired);
  EXPECT_EQ(s.last_status, 0);
  EXPECT_FALSE(s.last_error.empty());
  EXPECT_EQ(Delay(s), 600s);  // capped
}

TEST_F(SchedulerTest, FailedCommitKeepsDurableValidators) {
  TestRoute r;
  r.body = "v1";
  r.etag = "\"v1\"";
  server_.Route("/feed", r);
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/feed"), std::nullopt));
  PollOnce("a");
  EXPECT_EQ(State("a").etag, "\"v1\"");
  r.body = "v2";
  r.etag = "\"v2\"";
  server_.Route("/feed", r);
  fail_commit_ = true;
  PollOnce("a");
  EXPECT_EQ(results_[1].decision.state.etag, "\"v2\"");  // proposed...
  EXPECT_EQ(State("a").etag, "\"v1\"");                  // ...but not adopted
  EXPECT_EQ(State("a").consecutive_errors, 1);
  EXPECT_EQ(State("a").last_error, "disk full");
  fail_commit_ = false;
  PollOnce("a");
  // The unsaved v2 body is fetched again rather than answered with 304.
  EXPECT_EQ(server_.Requests("/feed")[2].Header("if-none-match"), "\"v1\"");
  EXPECT_EQ(results_[2].response.status, 200);
  EXPECT_EQ(results_[2].response.body, "v2");
}

TEST_F(SchedulerTest, DueFeedsArePolledWhenTheirTimeComes) {
  server_.Serve("/a", "a");
  server_.Serve("/b", "b");
  Make();
  FeedState later;
  later.next_poll = clock_.Now() + 300s;
  FeedConfig a = Feed("a", "/a");
  a.interval = 3600s;                           // not due again within this test
  ASSERT_OK(sched_->AddFeed(a, std::nullopt));  // new: due now
  ASSERT_OK(sched_->AddFeed(Feed("b", "/b"), later));
  sched_->Start();
  ASSERT_TRUE(
      RunUntil(ioc_, [&] { return results_.size() == 1 && sched_->progress().in_flight == 0; }));
  EXPECT_EQ(results_[0].feed_id, "a");
  EXPECT_EQ(server_.Hits("/b"), 0);
  clock_.Advance(300s);
  sched_->Tick();
  ASSERT_TRUE(
      RunUntil(ioc_, [&] { return results_.size() == 2 && sched_->progress().in_flight == 0; }));
  EXPECT_EQ(results_[1].feed_id, "b");
  EXPECT_EQ(server_.Hits("/a"), 1);
}

TEST_F(SchedulerTest, NeverTwoPollsOfOneFeedAtOnce) {
  TestRoute r;
  r.body = "x";
  r.delay = 300ms;
  server_.Route("/slow", r);
  Make();
  ASSERT_OK(sched_->AddFeed(Feed("a", "/slow"), std::nullopt));
  ASSERT_OK(sched_->PollNow("a"));
  ASSERT_OK(sched_->PollNow("a"));
  ASSERT_OK(sched_->PollNow("a"));
  ASSERT_TRUE(
      RunUntil(ioc_, [&] { return results_.size() == 2 && sched_->progress().in_flight == 0; }));
  EXPECT_EQ(server_.Hits("/slow"), 2);  // the repeats folded into one follow-up
  EXPECT_EQ(server_.max_requests_active(), 1);
}

TEST_F(SchedulerTest, PollAllNowPollsEveryFeedWhateverItsBackoff) {
  for (int i = 0; i < 5; ++i) server_.Serve("/f" + std::to_string(i), "x");
  TestRoute err;
  err.status = 500;
  server_.Route("/bad", err);
  Make();
  FeedState backed_off;
  backed_off.consecutive_errors = 5;
  backed_off.next_poll = clock_.Now() + 6h;
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(sched_->AddFeed(Feed("f" + std::to_string(i), "/f" + std::to_string(i)),
                              i == 0 ? std::optional<FeedState>(backed_off) : std::nullopt));
  }
  ASSERT_OK(sched_->AddFeed(Feed("bad", "/bad"), std::nullopt));
  FeedState retired;
  retired.retired = true;
  ASSERT_OK(sched_->AddFeed(Feed("old", "/old"), retired));
  FeedConfig off = Feed("off", "/off");
  off.enabled = false;
  ASSERT_OK(sched_->AddFeed(off, std::nullopt));
  std::optional<PollProgress> final;
  sched_->PollAllNow([&](const PollProgress& p) { final = p; });
  ASSERT_TRUE(RunUntil(ioc_, [&] { return final.has_value(); }));
  EXPECT_EQ(final->total, 6);
  EXPECT_EQ(final->done, 6);
  EXPECT_EQ(final->errors, 1);
  EXPECT_EQ(server_.Hits("/f0"), 1);
  EXPECT_EQ(server_.Hits("/old") + server_.Hits("/off"), 0);
  EXPECT_EQ(State("f0").consecutive_errors, 0);
  // A second round: all answered from the same data, none in error but /bad.
  final.reset();
  sched_->PollAllNow([&](const PollProgress& p) { final = p; });
  ASSERT_TRUE(RunUntil(ioc_, [&] { return final.has_value(); }));
  EXPECT_EQ(final->done, 6);
  EXPECT_EQ(server_.Hits("/f3"), 2);
}

TEST_F(SchedulerTest, PerHostLimitHoldsInTheSchedulerQueue) {
  TestRoute r;
  r.body = "x";
  r.delay = 100ms;
  for (int i = 0; i < 10; ++i) server_.Route("/s" + std::to_string(i), r);
  FetcherOptions loose;
  loose.max_per_host = 20;  // only the scheduler's queue can hold the limit
  FetchSection f = NoGap();
  f.max_per_host = 2;
  Make(NoJitter(), f, loose);
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK(
        sched_->AddFeed(Feed("s" + std::to_string(i), "/s" + std::to_string(i)), std::nullopt));
  }
  std::optional<PollProgress> final;
  sched_->PollAllNow([&](const PollProgress& p) { final = p; });
  ASSERT_TRUE(RunUntil(ioc_, [&] { return final.has_value(); }));
  EXPECT_EQ(final->errors, 0);
  EXPECT_LE(server_.max_requests_active(), 2);
  EXPECT_GE(server_.max_requests_active(), 1);
}

TEST_F(SchedulerTest, HostGapSpacesRequestsToOneHost) {
  server_.Serve("/a", "a");
  server_.Serve("/b", "b");
  FetchSection f;
  f.host_gap = 1s;
  Make(NoJitter(), f);
  ASSERT_OK(sched_->AddFeed(Feed("a", "/a"), std::nullopt));
  ASSERT_OK(sched_->AddFeed(Feed("b", "/b"), std::nullopt));
  std::optional<PollProgress> final;
  sched_->PollAllNow([&](const PollProgress& p) { final = p; });
  ASSERT_TRUE(RunUntil(ioc_, [&] { return final.has_value(); }));
  auto a = server_.Requests("/a");
  auto b = server_.Requests("/b");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  const auto gap =
      a[0].received > b[0].received ? a[0].received - b[0].received : b[0].received - a[0].received;
  EXPECT_GE(gap, 900ms);
}

TEST_F(SchedulerTest, OneHungFeedDoesNotDelayTheOther99) {
  TestRoute hang;
  hang.mode = TestRoute::Mode::kHang;
  server_.Route("/hang", hang);
  for (int i = 0; i < 99; ++i) server_.Serve("/f" + std::to_string(i), "x");
  FetcherOptions fo;
  fo.limits.timeout = 15s;
  Make(NoJitter(), NoGap(), fo);
  ASSERT_OK(sched_->AddFeed(Feed("hang", "/hang"), std::nullopt));
  for (int i = 0; i < 99; ++i) {
    ASSERT_OK(
        sched_->AddFeed(Feed("f" + std::to_string(i), "/f" + std::to_string(i)), std::nullopt));
  }
  std::optional<PollProgress> final;
  sched_->PollAllNow([&](const PollProgress& p) { final = p; });
  ASSERT_TRUE(RunUntil(
      ioc_, [&] { return results_.size() == 99; }, 14s));
  for (const auto& r : results_) EXPECT_NE(r.feed_id, "hang");
  EXPECT_FALSE(final.has_value());
  ASSERT_TRUE(RunUntil(ioc_, [&] { return final.has_value(); }));
  EXPECT_EQ(final->errors, 1);
  EXPECT_EQ(State("hang").consecutive_errors, 1);
}

TEST_F(SchedulerTest, FileFeedsArePolled) {
  testing::TempDir dir;
  const std::string path = dir.Write("f.xml", "<rss/>");
  Make();
  FeedConfig c;
  c.id = "local";
  c.url = "file://" + path;
  ASSERT_OK(sched_->AddFeed(c, std::nullopt));
  PollOnce("local");
  EXPECT_EQ(results_[0].response.body, "<rss/>");
  EXPECT_EQ(State("local").last_status, 200);
}

TEST_F(SchedulerTest, UnknownAndDuplicateFeeds) {
  Make();
  EXPECT_FALSE(sched_->PollNow("nope").has_value());
  ASSERT_OK(sched_->AddFeed(Feed("a", "/a"), std::nullopt));
  EXPECT_FALSE(sched_->AddFeed(Feed("a", "/a"), std::nullopt).has_value());
}

}  // namespace
}  // namespace newsd
