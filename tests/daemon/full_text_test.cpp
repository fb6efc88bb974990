// Full-text feeds end to end: loopback HTTP server -> Poller (Scheduler,
// Fetcher, PageFetcher) -> Engine (parser, pipeline with the page stage) ->
// SQLite. The pages are real saved article pages (tests/data/fulltext).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>

#include <gtest/gtest.h>
#include <boost/asio.hpp>

#include "core/time.h"
#include "daemon/engine.h"
#include "daemon/poller.h"
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

struct Item {
  std::string guid;
  std::string link;
};

// An RSS feed of teaser items by "Feed Desk", dated 1 Jan 2001.
std::string TeaserFeed(const std::vector<Item>& items) {
  std::string rss =
      "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title>"
      "<link>http://example.com/</link>";
  for (const auto& it : items) {
    rss += "<item><title>Teaser " + it.guid + "</title><link>" + it.link + "</link><guid>" +
           it.guid + "</guid><author>desk@example.com (Feed Desk)</author>" +
           "<pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate><description>Teaser " + it.guid +
           ": read the whole story on our site.</description></item>";
  }
  return rss + "</channel></rss>";
}

std::string TeaserText(const std::string& guid) {
  return "Teaser " + guid + ": read the whole story on our site.";
}

// A real saved page (tests/data/fulltext) with its gold values.
struct RealPage {
  std::string file;
  std::string snippet;  // a sentence of its main text
  std::string author;
  std::string date;  // YYYY-MM-DD
};

const RealPage kPages[] = {
    {"mdavis.xyz.supermarket.html", "afternoon snack on way home from work", "Matthew Davis",
     "2019-01-11"},
    // The page's <meta name="date"> (the evaluation set says 2020-04-29).
    {"neues-deutschland.de.mietenstreik.html",
     "Autonomous Tenant Union (ATU) aus Chicago sagt auch", "Moritz Wichmann", "2020-04-30"},
    {"thenervousbreakdown.com.loneliest.html", "I stayed, because Ann was really about to deliver",
     "", "2011-07-11"},
};

class FullTextTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("no_proxy", "*", 1); }

  Config MakeConfig() {
    Config c;
    c.path = dir_.str() + "/newsd.toml";
    c.daemon.state_dir = dir_.str() + "/state";
    c.daemon.workers = 2;
    c.fetch.host_gap = 0s;
    c.fetch.allow_networks = {"127.0.0.1/32"};  // the test server
    c.schedule.jitter = 0;
    c.storage.fts = false;
    c.pipeline.facts = false;
    return c;
  }

  void AddFeed(Config& c, const std::string& id, const std::string& path) {
    FeedConfig f;
    f.id = id;
    f.url = server_.Url(path);
    f.interval = 60s;
    f.full_text = true;
    c.feeds.push_back(f);
  }

  void ServePage(const std::string& path, const RealPage& p) {
    server_.Serve(path, testing::ReadFile(testing::DataPath("fulltext/" + p.file)),
                  {{"Content-Type", "text/html; charset=utf-8"}});
  }

  // One `newsd once` round; fills `states` and returns the page counters.
  struct Round {
    std::map<std::string, FeedState> states;
    long long fetched = 0, failed = 0, refused = 0;
  };
  Round PollOnce(const Config& c) {
    Round out;
    auto engine = Engine::Create(c);
    EXPECT_TRUE(engine) << engine.error().message;
    if (!engine) return out;
    boost::asio::io_context ioc;
    boost::asio::thread_pool workers(2);
    {
      Poller poller(ioc, workers, **engine, c, clock_);
      EXPECT_TRUE(poller.AddFeeds());
      bool complete = false;
      poller.PollAllNow([&](const PollProgress&) {
        complete = true;
        poller.Stop();
      });
      EXPECT_TRUE(RunUntil(
          ioc, [&] { return complete; }, 30s));
      workers.join();
      EXPECT_TRUE((*engine)->Flush());
      out.fetched = poller.counters().pages.fetched.load();
      out.failed = poller.counters().pages.failed.load();
      out.refused = poller.counters().pages.refused.load();
    }
    auto reader = (*engine)->store().NewReader();
    EXPECT_TRUE(reader);
    for (const auto& f : c.feeds) {
      auto st = (*reader)->GetFeedState(f.id);
      EXPECT_TRUE(st && *st) << f.id;
      if (st && *st) out.states[f.id] = **st;
    }
    clock_.Advance(120s);
    return out;
  }

  // Every stored article by guid.
  std::map<std::string, Article> Articles(const Config& c) {
    std::map<std::string, Article> out;
    auto reader = StoreReader::Open(c.daemon.state_dir + "/newsd.db");
    EXPECT_TRUE(reader) << reader.error().message;
    if (!reader) return out;
    auto st = (*reader)->Export(ExportFilter{}, [&](const Article& a) -> Status {
      out[a.guid] = a;
      return OkStatus();
    });
    EXPECT_TRUE(st) << st.error().message;
    return out;
  }

  TempDir dir_;
  HttpTestServer server_;
  ManualClock clock_{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
};

TEST_F(FullTextTest, StoredTextAndMetadataComeFromThePageNotTheTeaser) {
  testing::TestRoute feed;
  feed.body = TeaserFeed({{"a", server_.Url("/a.html")}, {"b", server_.Url("/b.html")}});
  feed.etag = "\"v1\"";
  server_.Route("/feed.xml", feed);
  ServePage("/a.html", kPages[0]);
  ServePage("/b.html", kPages[1]);
  Config c = MakeConfig();
  AddFeed(c, "f", "/feed.xml");
  Round r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200) << r.states["f"].last_error;
  EXPECT_EQ(r.fetched, 2);
  EXPECT_EQ(server_.Hits("/a.html"), 1);
  EXPECT_EQ(server_.Hits("/b.html"), 1);
  auto arts = Articles(c);
  ASSERT_EQ(arts.size(), 2u);
  for (const auto& [guid, page] : {std::pair{"a", kPages[0]}, std::pair{"b", kPages[1]}}) {
    const Article& a = arts[guid];
    EXPECT_NE(a.text.find(page.snippet), std::string::npos) << guid << ": " << a.text;
    EXPECT_EQ(a.text.find("read the whole story"), std::string::npos) << guid;
    EXPECT_GT(a.text.size(), 1000u) << guid;
    ASSERT_TRUE(a.author) << guid;
    EXPECT_NE(a.author->find(page.author), std::string::npos) << guid << ": " << *a.author;
    ASSERT_TRUE(a.published) << guid;
    EXPECT_EQ(FormatRfc3339(*a.published).substr(0, 10), page.date) << guid;
    EXPECT_EQ(a.url, server_.Url(guid == std::string("a") ? "/a.html" : "/b.html"));
  }

  // 304: no pages.
  r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 304);
  EXPECT_EQ(r.fetched + r.failed + r.refused, 0);
  // 200 with the same items (the server lost its ETag): still no pages.
  feed.etag.clear();
  server_.Route("/feed.xml", feed);
  r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200);
  EXPECT_EQ(r.fetched + r.failed + r.refused, 0);
  EXPECT_EQ(server_.Hits("/a.html"), 1);
  EXPECT_EQ(server_.Hits("/b.html"), 1);
  // A new item: only its page.
  feed.body = TeaserFeed({{"a", server_.Url("/a.html")},
                          {"b", server_.Url("/b.html")},
                          {"c", server_.Url("/c.html")}});
  server_.Route("/feed.xml", feed);
  ServePage("/c.html", kPages[2]);
  r = PollOnce(c);
  EXPECT_EQ(r.fetched, 1);
  EXPECT_EQ(server_.Hits("/a.html"), 1);
  EXPECT_EQ(server_.Hits("/c.html"), 1);
}

TEST_F(FullTextTest, NothingIsCommittedBeforeEveryPageIsIn) {
  testing::TestRoute feed;
  feed.body = TeaserFeed({{"a", server_.Url("/a.html")}, {"b", server_.Url("/b.html")}});
  feed.etag = "\"v1\"";
  server_.Route("/feed.xml", feed);
  ServePage("/a.html", kPages[0]);
  testing::TestRoute hang;
  hang.mode = testing::TestRoute::Mode::kHang;
  server_.Route("/b.html", hang);
  Config c = MakeConfig();
  AddFeed(c, "f", "/feed.xml");
  {
    auto engine = Engine::Create(c);
    ASSERT_TRUE(engine) << engine.error().message;
    boost::asio::io_context ioc;
    boost::asio::thread_pool workers(2);
    {
      Poller poller(ioc, workers, **engine, c, clock_);
      ASSERT_TRUE(poller.AddFeeds());
      poller.PollAllNow([](const PollProgress&) {});
      // Page a is done and page b is hanging: the daemon stops (or dies) here.
      EXPECT_TRUE(RunUntil(
          ioc, [&] { return poller.counters().pages.fetched == 1 && server_.Hits("/b.html") == 1; },
          10s));
      poller.Stop();
    }
    workers.join();
    ASSERT_TRUE((*engine)->Flush());
    auto reader = (*engine)->store().NewReader();
    ASSERT_TRUE(reader);
    auto st = (*reader)->GetFeedState("f");
    ASSERT_TRUE(st);
    EXPECT_TRUE(!*st || (*st)->etag.empty());  // no ETag saved without its items
  }
  EXPECT_TRUE(Articles(c).empty());
  // The next run gets the whole feed again and stores both pages.
  ServePage("/b.html", kPages[1]);
  Round r = PollOnce(c);
  ASSERT_EQ(server_.Requests("/feed.xml").size(), 2u);
  EXPECT_EQ(server_.Requests("/feed.xml")[1].Header("if-none-match"), "");
  EXPECT_EQ(r.states["f"].etag, "\"v1\"");
  EXPECT_EQ(r.fetched, 2);
  auto arts = Articles(c);
  ASSERT_EQ(arts.size(), 2u);
  EXPECT_NE(arts["b"].text.find(kPages[1].snippet), std::string::npos);
}

TEST_F(FullTextTest, FailedPagesKeepTheTeaserAndTransientOnesAreRetried) {
  server_.Serve("/feed.xml", TeaserFeed({{"err", server_.Url("/err.html")},
                                         {"gone", server_.Url("/gone.html")},
                                         {"hang", server_.Url("/hang.html")},
                                         {"pdf", server_.Url("/doc.pdf")}}));
  testing::TestRoute err;
  err.status = 500;
  err.body = "<html>oops</html>";
  server_.Route("/err.html", err);
  testing::TestRoute gone;
  gone.status = 404;
  gone.body = "<html>no such page</html>";
  server_.Route("/gone.html", gone);
  testing::TestRoute hang;
  hang.mode = testing::TestRoute::Mode::kHang;
  server_.Route("/hang.html", hang);
  server_.Serve("/doc.pdf", "%PDF-1.4 not a page", {{"Content-Type", "application/pdf"}});
  Config c = MakeConfig();
  c.fetch.timeout = 1s;
  AddFeed(c, "f", "/feed.xml");
  Round r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200);
  EXPECT_EQ(r.states["f"].last_error, "");
  EXPECT_EQ(r.failed, 4);
  EXPECT_EQ(r.fetched, 0);
  auto arts = Articles(c);
  ASSERT_EQ(arts.size(), 4u);
  for (const auto& [guid, a] : arts) EXPECT_EQ(a.text, TeaserText(guid)) << guid;

  // Next poll, same feed: the 500 and the timeout are tried again, the 404
  // and the PDF are not. The 500 now works: the article takes the page text.
  ServePage("/err.html", kPages[0]);
  r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200);
  EXPECT_EQ(server_.Hits("/err.html"), 2);
  EXPECT_EQ(server_.Hits("/hang.html"), 2);
  EXPECT_EQ(server_.Hits("/gone.html"), 1);
  EXPECT_EQ(server_.Hits("/doc.pdf"), 1);
  EXPECT_EQ(r.fetched, 1);
  arts = Articles(c);
  EXPECT_NE(arts["err"].text.find(kPages[0].snippet), std::string::npos) << arts["err"].text;
  EXPECT_EQ(arts["gone"].text, TeaserText("gone"));
}

TEST_F(FullTextTest, DefaultConfigRefusesInternalPageLinks) {
  server_.Serve(
      "/feed.xml",
      TeaserFeed({{"loop", server_.Url("/page.html")},
                  {"name", "http://localhost:" + std::to_string(server_.port()) + "/page.html"},
                  {"file", "file:///etc/passwd"}}));
  ServePage("/page.html", kPages[0]);
  Config c = MakeConfig();
  c.fetch.allow_networks.clear();  // the default
  AddFeed(c, "f", "/feed.xml");    // the operator's own feed on 127.0.0.1 is fine
  Round r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200) << r.states["f"].last_error;
  EXPECT_EQ(r.refused, 3);
  EXPECT_EQ(r.fetched, 0);
  EXPECT_EQ(server_.Hits("/feed.xml"), 1);
  EXPECT_EQ(server_.Hits("/page.html"), 0);
  auto arts = Articles(c);
  ASSERT_EQ(arts.size(), 3u);
  for (const auto& [guid, a] : arts) EXPECT_EQ(a.text, TeaserText(guid)) << guid;

  // Control: the same links with allow_private go through.
  Config open = MakeConfig();
  open.daemon.state_dir = dir_.str() + "/open";
  open.fetch.allow_private = true;
  AddFeed(open, "f", "/feed.xml");
  r = PollOnce(open);
  EXPECT_EQ(r.fetched, 2);
  EXPECT_EQ(r.refused, 1);  // file:// never
  EXPECT_EQ(server_.Hits("/page.html"), 2);
}

TEST_F(FullTextTest, RedirectFromAnAllowedHostToAnInternalOneIsRefused) {
  HttpTestServer internal("127.0.0.2");
  internal.Serve("/latest/meta-data/", "<html>instance credentials</html>",
                 {{"Content-Type", "text/html"}});
  server_.Redirect("/moved.html", 302, internal.Url("/latest/meta-data/"));
  server_.Serve("/feed.xml", TeaserFeed({{"r", server_.Url("/moved.html")}}));
  Config c = MakeConfig();  // allows 127.0.0.1/32 only
  AddFeed(c, "f", "/feed.xml");
  Round r = PollOnce(c);
  EXPECT_EQ(r.states["f"].last_status, 200);
  EXPECT_EQ(r.refused, 1);
  EXPECT_EQ(server_.Hits("/moved.html"), 1);
  EXPECT_EQ(internal.Hits("/latest/meta-data/"), 0);
  EXPECT_EQ(internal.connections_accepted(), 0);
  EXPECT_EQ(Articles(c)["r"].text, TeaserText("r"));
}

TEST_F(FullTextTest, PerHostLimitHoldsAcrossFeedAndPageFetches) {
  // Two full-text feeds and their 12 pages on one host, every answer slow:
  // with max_per_host = 2 the server never sees more than two at once.
  std::vector<Item> one, two;
  for (int i = 0; i < 6; ++i) {
    one.push_back({"one-" + std::to_string(i), server_.Url("/one/" + std::to_string(i))});
    two.push_back({"two-" + std::to_string(i), server_.Url("/two/" + std::to_string(i))});
  }
  auto slow = [](std::string body, const char* type) {
    testing::TestRoute t;
    t.body = std::move(body);
    t.headers = {{"Content-Type", type}};
    t.delay = 100ms;
    return t;
  };
  server_.Route("/one.xml", slow(TeaserFeed(one), "application/rss+xml"));
  server_.Route("/two.xml", slow(TeaserFeed(two), "application/rss+xml"));
  const std::string page = testing::ReadFile(testing::DataPath("fulltext/" + kPages[1].file));
  for (const auto& it : one)
    server_.Route(it.link.substr(it.link.find("/one/")), slow(page, "text/html"));
  for (const auto& it : two)
    server_.Route(it.link.substr(it.link.find("/two/")), slow(page, "text/html"));
  Config c = MakeConfig();
  c.fetch.max_per_host = 2;
  c.fetch.page_concurrency = 8;
  AddFeed(c, "one", "/one.xml");
  AddFeed(c, "two", "/two.xml");
  Round r = PollOnce(c);
  EXPECT_EQ(r.fetched, 12);
  EXPECT_EQ(r.failed + r.refused, 0);
  EXPECT_EQ(server_.max_requests_active(), 2);
}

TEST_F(FullTextTest, HostGapSpacesPageFetchesToo) {
  std::vector<Item> items;
  for (int i = 0; i < 3; ++i)
    items.push_back({std::to_string(i), server_.Url("/p/" + std::to_string(i))});
  server_.Serve("/feed.xml", TeaserFeed(items));
  for (int i = 0; i < 3; ++i) ServePage("/p/" + std::to_string(i), kPages[1]);
  Config c = MakeConfig();
  c.fetch.max_per_host = 4;
  c.fetch.host_gap = 1s;
  AddFeed(c, "f", "/feed.xml");
  Round r = PollOnce(c);
  EXPECT_EQ(r.fetched, 3);
  std::vector<std::chrono::steady_clock::time_point> when;
  for (const std::string path : {"/feed.xml", "/p/0", "/p/1", "/p/2"}) {
    for (const auto& req : server_.Requests(path)) when.push_back(req.received);
  }
  ASSERT_EQ(when.size(), 4u);
  std::sort(when.begin(), when.end());
  for (std::size_t i = 1; i < when.size(); ++i) {
    // The scheduler's clock starts a little before the server reads the request.
    EXPECT_GE(when[i] - when[i - 1], 900ms) << i;
  }
}

}  // namespace
}  // namespace newsd
