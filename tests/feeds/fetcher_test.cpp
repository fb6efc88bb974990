#include "feeds/fetcher.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <unistd.h>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;
using testing::FetchAndWait;
using testing::HttpTestServer;
using testing::RunUntil;
using testing::TestRoute;

FetchRequest Req(const std::string& url) {
  FetchRequest r;
  r.url = url;
  return r;
}

std::shared_ptr<const FetchLimits> Limits(const std::function<void(FetchLimits&)>& edit) {
  FetchLimits l;
  edit(l);
  return std::make_shared<const FetchLimits>(l);
}

class FetcherTest : public ::testing::Test {
 protected:
  // A proxy from the environment must not intercept loopback test traffic.
  void SetUp() override { setenv("no_proxy", "*", 1); }
  boost::asio::io_context ioc_;
  HttpTestServer server_;
};

TEST_F(FetcherTest, GetsBodyAndCacheHeaders) {
  TestRoute r;
  r.body = "<rss/>";
  r.etag = "\"v1\"";
  r.last_modified = "Mon, 23 Nov 2026 10:00:00 GMT";
  r.headers = {{"Content-Type", "application/rss+xml; charset=utf-8"},
               {"Cache-Control", "max-age=300"}};
  server_.Route("/feed", r);
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/feed")));
  ASSERT_TRUE(resp);
  ASSERT_TRUE(resp->ok()) << resp->error_message;
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(resp->body, "<rss/>");
  EXPECT_EQ(resp->etag, "\"v1\"");
  EXPECT_EQ(resp->last_modified, "Mon, 23 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(resp->content_type, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(resp->cache_control, "max-age=300");
  EXPECT_EQ(resp->url, server_.Url("/feed"));
  EXPECT_TRUE(resp->redirects.empty());
  auto reqs = server_.Requests("/feed");
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("user-agent"), DefaultUserAgent());
  EXPECT_EQ(reqs[0].Header("user-agent").rfind("newsd/", 0), 0u);
  EXPECT_NE(reqs[0].Header("accept-encoding").find("gzip"), std::string::npos);
  EXPECT_EQ(reqs[0].Header("if-none-match"), "");
}

TEST_F(FetcherTest, ConditionalGetSendsValidatorsAndGets304) {
  TestRoute r;
  r.body = "<rss/>";
  r.etag = "W/\"abc\"";
  r.last_modified = "Mon, 23 Nov 2026 10:00:00 GMT";
  server_.Route("/feed", r);
  Fetcher f(ioc_, {});
  auto first = FetchAndWait(ioc_, f, Req(server_.Url("/feed")));
  ASSERT_TRUE(first && first->ok());
  FetchRequest again = Req(server_.Url("/feed"));
  again.etag = first->etag;
  again.last_modified = first->last_modified;
  auto second = FetchAndWait(ioc_, f, again);
  ASSERT_TRUE(second && second->ok());
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->not_modified());
  EXPECT_TRUE(second->body.empty());
  auto reqs = server_.Requests("/feed");
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].Header("if-none-match"), "W/\"abc\"");
  EXPECT_EQ(reqs[1].Header("if-modified-since"), "Mon, 23 Nov 2026 10:00:00 GMT");
  // Keep-alive: both polls used one connection.
  EXPECT_EQ(server_.connections_accepted(), 1);
}

TEST_F(FetcherTest, ReportsPermanentAndTemporaryRedirects) {
  server_.Redirect("/old", 301, "/mid");
  server_.Redirect("/mid", 302, server_.Url("/new"));
  server_.Serve("/new", "body");
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/old")));
  ASSERT_TRUE(resp && resp->ok()) << resp->error_message;
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(resp->body, "body");
  EXPECT_EQ(resp->url, server_.Url("/new"));
  ASSERT_EQ(resp->redirects.size(), 2u);
  EXPECT_EQ(resp->redirects[0].status, 301);
  EXPECT_EQ(resp->redirects[0].url, server_.Url("/old"));
  EXPECT_EQ(resp->redirects[0].location, "/mid");
  EXPECT_EQ(resp->redirects[1].status, 302);
  EXPECT_EQ(resp->redirects[1].url, server_.Url("/mid"));
  // The 301 target is what a feed should remember, not the 302's.
  EXPECT_EQ(resp->permanent_url(), server_.Url("/mid"));

  auto temp = FetchAndWait(ioc_, f, Req(server_.Url("/mid")));
  ASSERT_TRUE(temp && temp->ok());
  EXPECT_FALSE(temp->permanent_redirect());
  EXPECT_EQ(temp->permanent_url(), "");
}

TEST_F(FetcherTest, Permanent308IsReported) {
  server_.Redirect("/a", 308, "/b");
  server_.Serve("/b", "b");
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/a")));
  ASSERT_TRUE(resp && resp->ok());
  EXPECT_EQ(resp->permanent_url(), server_.Url("/b"));
}

TEST_F(FetcherTest, RedirectLoopStopsAtMaxRedirects) {
  server_.Redirect("/a", 302, "/b");
  server_.Redirect("/b", 302, "/a");
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/a")));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error, MakeCurlError(CURLE_TOO_MANY_REDIRECTS)) << resp->error_message;
  // 1 request + 5 followed redirects.
  EXPECT_EQ(server_.Hits("/a") + server_.Hits("/b"), 6);
}

TEST_F(FetcherTest, SlowDripIsCutByLowSpeedLimit) {
  TestRoute r;
  r.mode = TestRoute::Mode::kDrip;
  r.drip_interval = 200ms;  // 5 bytes/s
  server_.Route("/drip", r);
  Fetcher f(ioc_, {});
  FetchRequest req = Req(server_.Url("/drip"));
  req.limits = Limits([](FetchLimits& l) {
    l.low_speed_limit = 100;
    l.low_speed_time = 2s;
    l.timeout = 60s;
  });
  const auto start = std::chrono::steady_clock::now();
  auto resp = FetchAndWait(ioc_, f, req, 30s);
  ASSERT_TRUE(resp);
  EXPECT_TRUE(IsTimeout(resp->error)) << resp->error.message() << ": " << resp->error_message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);  // far before the 60 s total
  EXPECT_FALSE(resp->body.empty());                          // some drops arrived first
}

TEST_F(FetcherTest, EndlessBodyIsCutAtTheCap) {
  TestRoute r;
  r.mode = TestRoute::Mode::kEndless;
  server_.Route("/endless", r);
  Fetcher f(ioc_, {});
  FetchRequest req = Req(server_.Url("/endless"));
  req.limits = Limits([](FetchLimits& l) { l.max_body = 1 << 20; });
  auto resp = FetchAndWait(ioc_, f, req);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error, FetchErrc::kBodyTooLarge) << resp->error_message;
  EXPECT_LE(resp->body.size(), 1u << 20);
}

TEST_F(FetcherTest, GzipBombIsCutOnDecompressedSize) {
  TestRoute r;
  r.mode = TestRoute::Mode::kGzipBomb;
  r.bomb_bytes = 32 << 20;
  server_.Route("/bomb", r);
  Fetcher f(ioc_, {});
  FetchRequest req = Req(server_.Url("/bomb"));
  req.limits = Limits([](FetchLimits& l) { l.max_body = 1 << 20; });
  auto resp = FetchAndWait(ioc_, f, req);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error, FetchErrc::kBodyTooLarge) << resp->error_message;
  EXPECT_LE(resp->body.size(), 1u << 20);
  // The compressed stream is far smaller than the cap: only decompression trips it.
  EXPECT_LT(testing::GzipZeros(32 << 20).size(), 1u << 20);
}

TEST_F(FetcherTest, GzipBodyIsDecoded) {
  server_.Serve("/gz", testing::GzipZeros(5000), {{"Content-Encoding", "gzip"}});
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/gz")));
  ASSERT_TRUE(resp && resp->ok()) << resp->error_message;
  EXPECT_EQ(resp->body, std::string(5000, '\0'));
  EXPECT_EQ(resp->content_encoding, "gzip");
}

TEST_F(FetcherTest, ConnectionResetMidBodyIsAnError) {
  TestRoute r;
  r.mode = TestRoute::Mode::kResetMidBody;
  server_.Route("/reset", r);
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/reset")));
  ASSERT_TRUE(resp);
  EXPECT_FALSE(resp->ok());
  EXPECT_EQ(resp->error.category(), CurlErrorCategory()) << resp->error_message;
  EXPECT_LT(resp->body.size(), 100000u);
}

TEST_F(FetcherTest, OneHungFeedDoesNotDelayTheOthers) {
  TestRoute hang;
  hang.mode = TestRoute::Mode::kHang;
  server_.Route("/hang", hang);
  for (int i = 0; i < 99; ++i) server_.Serve("/f" + std::to_string(i), "feed " + std::to_string(i));
  Fetcher f(ioc_, {});
  bool hung_done = false;
  FetchResponse hung;
  FetchRequest hreq = Req(server_.Url("/hang"));
  hreq.limits = Limits([](FetchLimits& l) { l.timeout = 15s; });
  f.Fetch(hreq, [&](FetchResponse r) {
    hung = std::move(r);
    hung_done = true;
  });
  int ok = 0;
  int done = 0;
  for (int i = 0; i < 99; ++i) {
    f.Fetch(Req(server_.Url("/f" + std::to_string(i))), [&, i](FetchResponse r) {
      ++done;
      if (r.ok() && r.status == 200 && r.body == "feed " + std::to_string(i)) ++ok;
    });
  }
  ASSERT_TRUE(RunUntil(
      ioc_, [&] { return done == 99; }, 14s))
      << done << " done";
  EXPECT_EQ(ok, 99);
  EXPECT_FALSE(hung_done);  // still waiting while the 99 finished
  ASSERT_TRUE(RunUntil(
      ioc_, [&] { return hung_done; }, 30s));
  EXPECT_TRUE(IsTimeout(hung.error)) << hung.error_message;
}

TEST_F(FetcherTest, PerHostConnectionLimitHolds) {
  TestRoute slow;
  slow.body = "x";
  slow.delay = 100ms;
  for (int i = 0; i < 12; ++i) server_.Route("/s" + std::to_string(i), slow);
  FetcherOptions opts;
  opts.max_per_host = 2;
  Fetcher f(ioc_, opts);
  int ok = 0;
  for (int i = 0; i < 12; ++i) {
    f.Fetch(Req(server_.Url("/s" + std::to_string(i))), [&](FetchResponse r) { ok += r.ok(); });
  }
  ASSERT_TRUE(RunUntil(ioc_, [&] { return ok == 12; }));
  EXPECT_LE(server_.max_connections_open(), 2);
  EXPECT_LE(server_.max_requests_active(), 2);
  EXPECT_GE(server_.max_requests_active(), 1);
}

TEST_F(FetcherTest, HigherPerHostLimitAllowsMoreParallelism) {
  // The counterpart of PerHostConnectionLimitHolds: the server counter does see
  // parallel requests when the limit allows them.
  TestRoute slow;
  slow.body = "x";
  slow.delay = 300ms;
  for (int i = 0; i < 6; ++i) server_.Route("/s" + std::to_string(i), slow);
  FetcherOptions opts;
  opts.max_per_host = 6;
  Fetcher f(ioc_, opts);
  int ok = 0;
  for (int i = 0; i < 6; ++i) {
    f.Fetch(Req(server_.Url("/s" + std::to_string(i))), [&](FetchResponse r) { ok += r.ok(); });
  }
  ASSERT_TRUE(RunUntil(ioc_, [&] { return ok == 6; }));
  EXPECT_GT(server_.max_requests_active(), 2);
}

TEST_F(FetcherTest, FileUrlsWork) {
  testing::TempDir dir;
  const std::string path = dir.Write("feed.xml", "<rss version=\"2.0\"/>");
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req("file://" + path));
  ASSERT_TRUE(resp && resp->ok()) << resp->error_message;
  EXPECT_EQ(resp->status, 200);
  EXPECT_EQ(resp->body, "<rss version=\"2.0\"/>");
  auto missing = FetchAndWait(ioc_, f, Req("file://" + dir.str() + "/nope.xml"));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->error, MakeCurlError(CURLE_FILE_COULDNT_READ_FILE));
}

TEST_F(FetcherTest, ExtraHeadersAndUserAgentAreSent) {
  server_.Serve("/h", "ok");
  FetcherOptions opts;
  opts.user_agent = "test-agent/1";
  Fetcher f(ioc_, opts);
  FetchRequest req = Req(server_.Url("/h"));
  req.headers = {{"X-Token", "secret"}};
  auto resp = FetchAndWait(ioc_, f, req);
  ASSERT_TRUE(resp && resp->ok());
  auto reqs = server_.Requests("/h");
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].Header("x-token"), "secret");
  EXPECT_EQ(reqs[0].Header("user-agent"), "test-agent/1");
}

TEST_F(FetcherTest, HeaderInjectionIsRefused) {
  Fetcher f(ioc_, {});
  FetchRequest req = Req(server_.Url("/h"));
  req.headers = {{"X-A", "1\r\nX-B: 2"}};
  auto resp = FetchAndWait(ioc_, f, req);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error, FetchErrc::kBadRequest);
  EXPECT_EQ(server_.Hits("/h"), 0);
}

TEST_F(FetcherTest, ErrorStatusesAreResponsesNotErrors) {
  TestRoute r;
  r.status = 429;
  r.headers = {{"Retry-After", "120"}};
  server_.Route("/busy", r);
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req(server_.Url("/busy")));
  ASSERT_TRUE(resp && resp->ok());
  EXPECT_EQ(resp->status, 429);
  EXPECT_EQ(resp->retry_after, "120");
}

TEST_F(FetcherTest, UnreachableHostIsAnError) {
  // A port nobody listens on: bind one, note it, close it.
  int port = 0;
  {
    HttpTestServer gone;
    port = gone.port();
  }
  Fetcher f(ioc_, {});
  auto resp = FetchAndWait(ioc_, f, Req("http://127.0.0.1:" + std::to_string(port) + "/x"));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->error, MakeCurlError(CURLE_COULDNT_CONNECT)) << resp->error_message;
}

TEST_F(FetcherTest, DestroyingWithTransfersInFlightIsSafe) {
  TestRoute hang;
  hang.mode = TestRoute::Mode::kHang;
  server_.Route("/hang", hang);
  bool called = false;
  {
    Fetcher f(ioc_, {});
    f.Fetch(Req(server_.Url("/hang")), [&](FetchResponse) { called = true; });
    ASSERT_TRUE(RunUntil(ioc_, [&] { return server_.Hits("/hang") == 1; }));
    EXPECT_EQ(f.in_flight(), 1u);
  }
  ioc_.restart();
  ioc_.run_for(100ms);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

// A host name (not an IP literal, not "localhost", which libcurl resolves by
// itself) goes through libcurl's threaded resolver, which hands us the
// socketpair it opened itself to watch; many such lookups must all complete.
TEST_F(FetcherTest, ThreadedResolverSocketsAreWatchedNotOwned) {
  char name[256] = {};
  ASSERT_EQ(gethostname(name, sizeof name - 1), 0);
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  if (getaddrinfo(name, nullptr, &hints, &found) != 0) GTEST_SKIP() << name << " does not resolve";
  bool loopback = false;
  for (addrinfo* a = found; a; a = a->ai_next) {
    const auto* sin = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
    loopback |= (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
  }
  freeaddrinfo(found);
  if (!loopback) GTEST_SKIP() << name << " is not a loopback name";
  server_.Serve("/r", "resolved");
  Fetcher f(ioc_, {});
  int ok = 0;
  for (int i = 0; i < 20; ++i) {
    FetchRequest req;
    req.url = "http://" + std::string(name) + ":" + std::to_string(server_.port()) + "/r";
    f.Fetch(req, [&](FetchResponse r) { ok += r.ok() && r.body == "resolved"; });
  }
  ASSERT_TRUE(RunUntil(ioc_, [&] { return ok == 20; }));
  EXPECT_EQ(f.in_flight(), 0u);
}

}  // namespace
}  // namespace newsd
