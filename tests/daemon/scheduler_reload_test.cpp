// Scheduler::RemoveFeed / UpdateFeed, used by the SIGHUP reload.
#include <cstdlib>

#include <gtest/gtest.h>

#include "daemon/scheduler.h"
#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;
using testing::HttpTestServer;
using testing::RunUntil;
using testing::TestRoute;

class SchedulerReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("no_proxy", "*", 1);
    ScheduleSection s;
    s.jitter = 0;
    s.default_interval = 60s;
    s.min_interval = 10s;
    FetchSection f;
    f.host_gap = 0s;
    fetcher_ = std::make_unique<Fetcher>(ioc_, FetcherOptions{});
    sched_ = std::make_unique<Scheduler>(
        ioc_, *fetcher_, clock_, s, f,
        [this](PollResult r, PollDone done) {
          results_.push_back(r);
          done(r.decision.state);
        },
        7);
  }

  FeedConfig Feed(const std::string& id, const std::string& path) {
    FeedConfig c;
    c.id = id;
    c.url = server_.Url(path);
    return c;
  }

  bool Idle(std::size_t results) {
    return RunUntil(
        ioc_, [&] { return results_.size() == results && sched_->progress().in_flight == 0; });
  }

  boost::asio::io_context ioc_;
  HttpTestServer server_;
  ManualClock clock_{*MakeUtc(2026, 11, 23, 10)};
  std::unique_ptr<Fetcher> fetcher_;
  std::unique_ptr<Scheduler> sched_;
  std::vector<PollResult> results_;
};

TEST_F(SchedulerReloadTest, RemovedWhileInFlightCompletesThenIsNeverPolledAgain) {
  TestRoute slow;
  slow.body = "x";
  slow.delay = 300ms;
  server_.Route("/a", slow);
  ASSERT_OK(sched_->AddFeed(Feed("a", "/a"), std::nullopt));
  sched_->Start();
  ASSERT_EQ(sched_->progress().in_flight, 1);
  ASSERT_OK(sched_->RemoveFeed("a"));
  EXPECT_FALSE(sched_->RemoveFeed("a"));  // already removed
  ASSERT_TRUE(Idle(1));                   // the poll in flight still reports
  EXPECT_TRUE(sched_->feed_ids().empty());
  EXPECT_FALSE(sched_->state("a").has_value());
  clock_.Advance(3600s);
  sched_->Tick();
  EXPECT_EQ(sched_->progress().in_flight, 0);
  EXPECT_EQ(server_.Hits("/a"), 1);
  // Added back, it is polled again.
  ASSERT_OK(sched_->AddFeed(Feed("a", "/a"), std::nullopt));
  ASSERT_TRUE(Idle(2));
  EXPECT_EQ(server_.Hits("/a"), 2);
}

TEST_F(SchedulerReloadTest, UpdateChangesUrlAndIntervalAndDropsValidators) {
  TestRoute old;
  old.body = "old";
  old.etag = "\"v1\"";
  server_.Route("/old", old);
  server_.Serve("/new", "new");
  FeedConfig f = Feed("f", "/old");
  f.interval = 600s;
  ASSERT_OK(sched_->AddFeed(f, std::nullopt));
  sched_->Start();
  ASSERT_TRUE(Idle(1));
  EXPECT_EQ(sched_->state("f")->etag, "\"v1\"");
  f.url = server_.Url("/new");
  f.interval = 20s;
  ASSERT_OK(sched_->UpdateFeed(f));
  EXPECT_EQ(sched_->state("f")->url, server_.Url("/new"));
  clock_.Advance(19s);
  sched_->Tick();
  EXPECT_EQ(sched_->progress().in_flight, 0);  // not due yet
  clock_.Advance(2s);                          // 21 s after the last poll: due with 20 s
  sched_->Tick();
  ASSERT_TRUE(Idle(2));
  EXPECT_EQ(server_.Hits("/new"), 1);
  EXPECT_EQ(server_.Hits("/old"), 1);
  EXPECT_EQ(server_.Requests("/new")[0].Header("if-none-match"), "");
  f.enabled = false;
  ASSERT_OK(sched_->UpdateFeed(f));
  clock_.Advance(3600s);
  sched_->Tick();
  EXPECT_EQ(sched_->progress().in_flight, 0);
  FeedConfig unknown = Feed("nope", "/x");
  EXPECT_FALSE(sched_->UpdateFeed(unknown));
}

}  // namespace
}  // namespace newsd
