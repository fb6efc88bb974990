// FetchRequest::allow_address, the fetcher's peer-address guard (SSRF):
// checked on new connections, on reused keep-alive connections and on every
// redirect hop, against real loopback servers.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "feeds/fetch_error.h"
#include "feeds/fetcher.h"
#include "tests/feeds/fetch_test_util.h"
#include "tests/support/http_test_server.h"

namespace newsd {
namespace {

using testing::FetchAndWait;
using testing::HttpTestServer;

// The IPv4 address of `a` in host byte order, 0 for anything else.
std::uint32_t V4(const sockaddr* a) {
  if (a->sa_family != AF_INET) return 0;
  return ntohl(reinterpret_cast<const sockaddr_in*>(a)->sin_addr.s_addr);
}

class FetcherAddressGuardTest : public ::testing::Test {
 protected:
  void SetUp() override { setenv("no_proxy", "*", 1); }
  boost::asio::io_context ioc_;
  HttpTestServer server_;
  Fetcher fetcher_{ioc_, FetcherOptions{}};
};

TEST_F(FetcherAddressGuardTest, RefusedAddressGetsNoRequestAndAClearError) {
  server_.Serve("/page", "<html>secret</html>");
  int asked = 0;
  FetchRequest req;
  req.url = server_.Url("/page");
  req.allow_address = [&asked](const sockaddr* a) {
    ++asked;
    return V4(a) != 0x7f000001;
  };
  auto r = FetchAndWait(ioc_, fetcher_, req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, FetchErrc::kAddressRefused) << r->error_message;
  EXPECT_NE(r->error_message.find("127.0.0.1"), std::string::npos) << r->error_message;
  EXPECT_TRUE(r->body.empty());
  EXPECT_GE(asked, 1);
  EXPECT_EQ(server_.Hits("/page"), 0);
  EXPECT_EQ(server_.connections_accepted(), 0);  // refused before connecting
}

TEST_F(FetcherAddressGuardTest, ReusedKeepAliveConnectionIsCheckedToo) {
  server_.Serve("/feed", "<rss/>");
  server_.Serve("/page", "<html>secret</html>");
  // An unguarded fetch (the operator's feed) leaves a connection in the pool ...
  FetchRequest feed;
  feed.url = server_.Url("/feed");
  auto f = FetchAndWait(ioc_, fetcher_, feed);
  ASSERT_TRUE(f && f->ok()) << (f ? f->error_message : "no response");
  ASSERT_EQ(server_.connections_accepted(), 1);
  // ... which a guarded fetch to the same host must not use to get through.
  FetchRequest page;
  page.url = server_.Url("/page");
  page.allow_address = [](const sockaddr*) { return false; };
  auto p = FetchAndWait(ioc_, fetcher_, page);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->error, FetchErrc::kAddressRefused) << p->error_message;
  EXPECT_EQ(server_.Hits("/page"), 0);
  // An allowing guard on the same connection goes through.
  page.allow_address = [](const sockaddr* a) { return V4(a) == 0x7f000001; };
  auto ok = FetchAndWait(ioc_, fetcher_, page);
  ASSERT_TRUE(ok && ok->ok()) << (ok ? ok->error_message : "no response");
  EXPECT_EQ(ok->body, "<html>secret</html>");
  EXPECT_EQ(server_.Hits("/page"), 1);
}

TEST_F(FetcherAddressGuardTest, RedirectToARefusedAddressIsNotFollowed) {
  HttpTestServer internal("127.0.0.2");
  internal.Serve("/metadata", "instance secrets");
  server_.Redirect("/go", 302, internal.Url("/metadata"));
  FetchRequest req;
  req.url = server_.Url("/go");
  req.allow_address = [](const sockaddr* a) { return V4(a) == 0x7f000001; };
  auto r = FetchAndWait(ioc_, fetcher_, req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, FetchErrc::kAddressRefused) << r->error_message;
  EXPECT_NE(r->error_message.find("127.0.0.2"), std::string::npos) << r->error_message;
  EXPECT_EQ(server_.Hits("/go"), 1);
  EXPECT_EQ(internal.Hits("/metadata"), 0);
  EXPECT_EQ(internal.connections_accepted(), 0);
  // The same redirect with 127.0.0.2 allowed reaches it (the refusal above
  // was the guard's, not a connection failure).
  req.allow_address = [](const sockaddr* a) { return V4(a) >> 8 == 0x7f0000; };
  auto ok = FetchAndWait(ioc_, fetcher_, req);
  ASSERT_TRUE(ok && ok->ok()) << (ok ? ok->error_message : "no response");
  EXPECT_EQ(ok->body, "instance secrets");
  EXPECT_EQ(internal.Hits("/metadata"), 1);
}

}  // namespace
}  // namespace newsd
