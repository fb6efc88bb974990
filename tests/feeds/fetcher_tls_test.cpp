// The fetcher over TLS against a real nginx on loopback (tests/support/
// tls_server.h): HTTP/2 negotiated by ALPN where the server offers it, and
// certificate verification with and without the extra CA file.
#include <cstdlib>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "feeds/fetch_error.h"
#include "feeds/fetcher.h"
#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"
#include "tests/support/tls_server.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;
using testing::FetchAndWait;
using testing::TlsServer;
using testing::TlsServerOptions;

const char kFeed[] = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>";

TlsServerOptions Options(bool http2) {
  TlsServerOptions o;
  o.http2 = http2;
  o.bodies["/feed.xml"] = kFeed;
  o.bodies["/other.xml"] = "<rss/>";
  return o;
}

FetchRequest Req(const std::string& url) {
  FetchRequest r;
  r.url = url;
  return r;
}

class FetcherTlsTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("no_proxy", "*", 1); }
  boost::asio::io_context ioc_;
};

TEST_F(FetcherTlsTest, NegotiatesHttp2WhereTheServerOffersIt) {
  TlsServer server(Options(true));
  ASSERT_TRUE(server.ok()) << server.error();
  FetcherOptions fo;
  fo.ca_file = server.ca_file();
  Fetcher fetcher(ioc_, fo);
  auto r = FetchAndWait(ioc_, fetcher, Req(server.Url("/feed.xml")));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok()) << r->error_message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->http_version, 20);
  EXPECT_EQ(r->body, kFeed);
  // A second request to the host goes over h2 as well (the same connection).
  auto again = FetchAndWait(ioc_, fetcher, Req(server.Url("/other.xml")));
  ASSERT_TRUE(again && again->ok()) << (again ? again->error_message : "no response");
  EXPECT_EQ(again->http_version, 20);
  EXPECT_EQ(again->body, "<rss/>");
}

TEST_F(FetcherTlsTest, FallsBackToHttp11WithoutH2) {
  TlsServer server(Options(false));
  ASSERT_TRUE(server.ok()) << server.error();
  FetcherOptions fo;
  fo.ca_file = server.ca_file();
  Fetcher fetcher(ioc_, fo);
  auto r = FetchAndWait(ioc_, fetcher, Req(server.Url("/feed.xml")));
  ASSERT_TRUE(r && r->ok()) << (r ? r->error_message : "no response");
  EXPECT_EQ(r->http_version, 11);
  EXPECT_EQ(r->body, kFeed);
}

TEST_F(FetcherTlsTest, SelfSignedCertificateNeedsTheCaFile) {
  TlsServer server(Options(true));
  ASSERT_TRUE(server.ok()) << server.error();
  {
    Fetcher fetcher(ioc_, FetcherOptions{});  // the system's CAs only
    auto r = FetchAndWait(ioc_, fetcher, Req(server.Url("/feed.xml")));
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->ok());
    EXPECT_EQ(&r->error.category(), &CurlErrorCategory());
    EXPECT_EQ(r->error.value(), CURLE_PEER_FAILED_VERIFICATION) << r->error_message;
    EXPECT_TRUE(r->body.empty());
  }
  FetcherOptions fo;
  fo.ca_file = server.ca_file();
  Fetcher fetcher(ioc_, fo);
  auto r = FetchAndWait(ioc_, fetcher, Req(server.Url("/feed.xml")));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ok()) << r->error_message;
  EXPECT_EQ(r->body, kFeed);
}

TEST_F(FetcherTlsTest, PlainHttpReportsHttp11) {
  testing::HttpTestServer plain;
  plain.Serve("/f.xml", kFeed);
  Fetcher fetcher(ioc_, FetcherOptions{});
  auto r = FetchAndWait(ioc_, fetcher, Req(plain.Url("/f.xml")));
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ(r->http_version, 11);
}

}  // namespace
}  // namespace newsd
