// The Poller end to end: loopback HTTP server -> Scheduler/Fetcher -> Engine
// (real parser, pipeline and SQLite store) -> committed feed state. Poll times
// come from an injected ManualClock.
#include "daemon/poller.h"

#include <cstdlib>
#include <memory>

#include <gtest/gtest.h>
#include <boost/asio.hpp>

#include "daemon/engine.h"
#include "daemon/scheduler.h"
#include "storage/reader.h"
#include "storage/store.h"
#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;
using testing::HttpTestServer;
using testing::RunUntil;
using testing::TempDir;

std::string Rss(const std::string& channel_extra, const std::string& guid) {
  return "<?xml version=\"1.0\"?>\n"
         "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">"
         "<channel><title>T</title><link>http://example.com/</link>" +
         channel_extra + "<item><title>Story " + guid + "</title><link>http://example.com/" + guid +
         "</link><guid>" + guid + "</guid><description>Story " + guid +
         ": the council approved the budget for the bridge on "
         "Tuesday after a long debate about its cost.</description></item></channel></rss>";
}

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("no_proxy", "*", 1); }

  Config MakeConfig() {
    Config c;
    c.path = dir_.str() + "/newsd.toml";
    c.daemon.state_dir = dir_.str() + "/state";
    c.daemon.workers = 2;
    c.fetch.host_gap = 0s;
    c.schedule.jitter = 0;
    c.schedule.default_interval = 60s;
    c.storage.fts = false;
    c.pipeline.facts = false;
    return c;
  }

  void AddFeed(Config& c, const std::string& id, const std::string& path) {
    FeedConfig f;
    f.id = id;
    f.url = server_.Url(path);
    f.interval = 60s;
    c.feeds.push_back(f);
  }

  // One `newsd once` round at clock_'s time; returns the committed states.
  std::map<std::string, FeedState> PollOnce(const Config& c,
                                            const std::vector<std::string>& pushed = {}) {
    auto engine = Engine::Create(c);
    EXPECT_TRUE(engine) << engine.error().message;
    if (!engine) return {};
    boost::asio::io_context ioc;
    boost::asio::thread_pool workers(2);
    std::map<std::string, FeedState> out;
    {
      Poller poller(ioc, workers, **engine, c, clock_);
      EXPECT_TRUE(poller.AddFeeds());
      for (const auto& id : pushed) poller.SetPushed(id, true);
      bool complete = false;
      poller.PollAllNow([&](const PollProgress&) {
        complete = true;
        poller.Stop();
      });
      EXPECT_TRUE(RunUntil(
          ioc, [&] { return complete; }, 20s));
      workers.join();
      EXPECT_TRUE((*engine)->Flush());
    }
    auto reader = (*engine)->store().NewReader();
    EXPECT_TRUE(reader);
    for (const auto& f : c.feeds) {
      auto st = (*reader)->GetFeedState(f.id);
      EXPECT_TRUE(st && *st) << f.id;
      if (st && *st) out[f.id] = **st;
    }
    return out;
  }

  TempDir dir_;
  HttpTestServer server_;
  ManualClock clock_{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
};

TEST_F(PollerTest, FeedTtlAndSyndicationHintsSetTheCommittedNextPoll) {
  server_.Serve("/ttl.xml", Rss("<ttl>10</ttl>", "a"));
  server_.Serve("/sy.xml", Rss("<sy:updatePeriod>hourly</sy:updatePeriod>"
                               "<sy:updateFrequency>2</sy:updateFrequency>",
                               "b"));
  server_.Serve("/plain.xml", Rss("", "c"));
  // Cache-Control max-age longer than the ttl: the larger one wins.
  server_.Serve("/both.xml", Rss("<ttl>10</ttl>", "d"), {{"Cache-Control", "max-age=1200"}});
  Config c = MakeConfig();
  AddFeed(c, "ttl", "/ttl.xml");
  AddFeed(c, "sy", "/sy.xml");
  AddFeed(c, "plain", "/plain.xml");
  AddFeed(c, "both", "/both.xml");
  const TimePoint t0 = clock_.Now();
  auto states = PollOnce(c);
  ASSERT_EQ(states.size(), 4u);
  for (const auto& [id, st] : states) {
    EXPECT_EQ(st.last_status, 200) << id << ": " << st.last_error;
    ASSERT_TRUE(st.next_poll) << id;
  }
  EXPECT_EQ(*states["ttl"].next_poll, t0 + 600s);   // <ttl> is in minutes
  EXPECT_EQ(*states["sy"].next_poll, t0 + 1800s);   // hourly / 2
  EXPECT_EQ(*states["plain"].next_poll, t0 + 60s);  // the configured interval
  EXPECT_EQ(*states["both"].next_poll, t0 + 1200s);
}

TEST_F(PollerTest, FeedsPushedByWebSubArePolledAtTheFallbackInterval) {
  server_.Serve("/pushed.xml", Rss("", "a"));
  server_.Serve("/plain.xml", Rss("", "b"));
  Config c = MakeConfig();
  c.http.websub_poll_interval = 3h;
  AddFeed(c, "pushed", "/pushed.xml");
  AddFeed(c, "plain", "/plain.xml");
  const TimePoint t0 = clock_.Now();
  auto states = PollOnce(c, {"pushed"});
  ASSERT_EQ(states.size(), 2u);
  ASSERT_TRUE(states["pushed"].next_poll && states["plain"].next_poll);
  EXPECT_EQ(*states["pushed"].next_poll, t0 + 3h);
  EXPECT_EQ(*states["plain"].next_poll, t0 + 60s);
  // A fallback shorter than the feed's own interval does not speed it up.
  c.http.websub_poll_interval = 10s;
  clock_.Advance(4h);
  const TimePoint t1 = clock_.Now();
  states = PollOnce(c, {"pushed"});
  ASSERT_TRUE(states["pushed"].next_poll);
  EXPECT_EQ(*states["pushed"].next_poll, t1 + 60s);
}

TEST_F(PollerTest, TtlIsReadAgainOnEveryPoll) {
  server_.Serve("/f.xml", Rss("<ttl>10</ttl>", "a"));
  Config c = MakeConfig();
  AddFeed(c, "f", "/f.xml");
  auto first = PollOnce(c);
  ASSERT_TRUE(first["f"].next_poll);
  EXPECT_EQ(*first["f"].next_poll, clock_.Now() + 600s);
  // The publisher drops its ttl: the next poll falls back to the interval.
  server_.Serve("/f.xml", Rss("", "a"));
  clock_.Advance(700s);
  auto second = PollOnce(c);
  ASSERT_TRUE(second["f"].next_poll);
  EXPECT_EQ(*second["f"].next_poll, clock_.Now() + 60s);
  EXPECT_EQ(server_.Hits("/f.xml"), 2);
}

TEST_F(PollerTest, EditedConfigUrlWinsOverA301UpdatedStoredUrl) {
  testing::TestRoute moved;
  moved.body = Rss("", "a");
  moved.etag = "\"v1\"";
  server_.Route("/moved.xml", moved);
  server_.Redirect("/old.xml", 301, server_.Url("/moved.xml"));
  testing::TestRoute edited = moved;
  edited.etag = "\"v2\"";
  server_.Route("/edited.xml", edited);
  Config c = MakeConfig();
  AddFeed(c, "f", "/old.xml");
  auto first = PollOnce(c);
  EXPECT_EQ(first["f"].url, server_.Url("/moved.xml"));
  EXPECT_EQ(first["f"].config_url, server_.Url("/old.xml"));
  // Same config: the stored (moved) URL is used, with its validators.
  auto second = PollOnce(c);
  EXPECT_EQ(server_.Hits("/old.xml"), 1);
  ASSERT_EQ(server_.Requests("/moved.xml").size(), 2u);
  EXPECT_EQ(server_.Requests("/moved.xml")[1].Header("if-none-match"), "\"v1\"");
  EXPECT_EQ(second["f"].last_status, 304);
  // The user edits the url: the config wins, without the old URL's validators.
  c.feeds[0].url = server_.Url("/edited.xml");
  auto third = PollOnce(c);
  EXPECT_EQ(server_.Hits("/moved.xml"), 2);
  ASSERT_EQ(server_.Requests("/edited.xml").size(), 1u);
  EXPECT_EQ(server_.Requests("/edited.xml")[0].Header("if-none-match"), "");
  EXPECT_EQ(third["f"].url, server_.Url("/edited.xml"));
  EXPECT_EQ(third["f"].config_url, server_.Url("/edited.xml"));
  EXPECT_EQ(third["f"].etag, "\"v2\"");
  EXPECT_EQ(third["f"].last_status, 200);
}

}  // namespace
}  // namespace newsd
