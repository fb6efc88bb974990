// The pieces of full-text page fetching that need no server: the address
// policy (SSRF guard), CIDR parsing, the [fetch] config keys and how a
// fetched response is judged.
#include "daemon/page_fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/engine.h"
#include "extract/page.h"
#include "feeds/fetcher.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;

// A socket address for a literal IPv4 or IPv6 address.
struct Addr {
  explicit Addr(const char* text) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
    } else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
    } else {
      ADD_FAILURE() << "bad test address " << text;
    }
  }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&ss); }
  sockaddr_storage ss{};
};

TEST(PageAddressPolicyTest, DefaultRefusesEveryInternalRange) {
  const PageAddressPolicy policy{FetchSection{}};
  for (const char* a : {"127.0.0.1",
                        "127.8.9.10",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "100.127.255.254",
                        "0.0.0.0",
                        "224.0.0.1",
                        "255.255.255.255",
                        "::1",
                        "::",
                        "fc00::1",
                        "fd12:3456::1",
                        "fe80::1",
                        "ff02::1",
                        "::ffff:127.0.0.1",
                        "::ffff:169.254.169.254",
                        "64:ff9b::a00:1"}) {
    EXPECT_FALSE(policy.Allowed(Addr(a).get())) << a;
  }
  for (const char* a : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                        "2606:2800:220:1::248", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(policy.Allowed(Addr(a).get())) << a;
  }
}

TEST(PageAddressPolicyTest, AllowNetworksOpensOnlyThoseNetworks) {
  FetchSection f;
  f.allow_networks = {"10.20.0.0/16", "fd00:1::/64", "127.0.0.1"};
  const PageAddressPolicy policy{f};
  EXPECT_TRUE(policy.Allowed(Addr("10.20.3.4").get()));
  EXPECT_TRUE(policy.Allowed(Addr("::ffff:10.20.3.4").get()));
  EXPECT_TRUE(policy.Allowed(Addr("fd00:1::5").get()));
  EXPECT_TRUE(policy.Allowed(Addr("127.0.0.1").get()));
  EXPECT_FALSE(policy.Allowed(Addr("10.21.0.1").get()));
  EXPECT_FALSE(policy.Allowed(Addr("fd00:2::5").get()));
  EXPECT_FALSE(policy.Allowed(Addr("127.0.0.2").get()));
  EXPECT_FALSE(policy.Allowed(Addr("169.254.169.254").get()));
  f.allow_networks.clear();
  f.allow_private = true;
  EXPECT_TRUE(PageAddressPolicy{f}.Allowed(Addr("169.254.169.254").get()));
}

TEST(IpNetworkTest, ParsesCidrAndRejectsTypos) {
  auto n = ParseIpNetwork("192.168.0.0/23");
  ASSERT_OK(n);
  EXPECT_EQ(n->prefix, 23);
  EXPECT_TRUE(n->Contains(Addr("192.168.1.200").get()));
  EXPECT_FALSE(n->Contains(Addr("192.168.2.1").get()));
  EXPECT_FALSE(n->Contains(Addr("::1").get()));
  auto all = ParseIpNetwork("::/0");
  ASSERT_OK(all);
  EXPECT_TRUE(all->Contains(Addr("fe80::1").get()));
  EXPECT_FALSE(all->Contains(Addr("10.0.0.1").get()));  // IPv4 is not in an IPv6 network
  EXPECT_EQ(ParseIpNetwork("10.0.0.1")->prefix, 32);
  EXPECT_THAT(ParseIpNetwork("10.1.2.3/8").error().message, HasSubstr("bits set beyond"));
  EXPECT_THAT(ParseIpNetwork("10.0.0.0/33").error().message, HasSubstr("prefix longer"));
  EXPECT_THAT(ParseIpNetwork("10.0.0.0/").error().message, HasSubstr("bad prefix"));
  EXPECT_THAT(ParseIpNetwork("intranet").error().message, HasSubstr("not an IP network"));
}

TEST(PageFetchConfigTest, AllowNetworksAndPageConcurrencyAreReadAndChecked) {
  auto c = ParseConfig(
      "[fetch]\nallow_networks = [\"10.20.0.0/16\", \"fd00::/8\"]\npage_concurrency = 8\n",
      "/etc/newsd/t.toml");
  ASSERT_OK(c);
  EXPECT_EQ(c->fetch.allow_networks, (std::vector<std::string>{"10.20.0.0/16", "fd00::/8"}));
  EXPECT_EQ(c->fetch.page_concurrency, 8);
  EXPECT_FALSE(c->fetch.allow_private);
  auto bad = ParseConfig("[fetch]\nallow_networks = [\"10.20.0.0/16\", \"10.1.0.0/8\"]\n",
                         "/etc/newsd/t.toml");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("/etc/newsd/t.toml:2"));
  EXPECT_THAT(bad.error().message, HasSubstr("allow_networks"));
  EXPECT_THAT(bad.error().message, HasSubstr("10.1.0.0/8"));
  auto zero = ParseConfig("[fetch]\npage_concurrency = 0\n", "/etc/newsd/t.toml");
  ASSERT_FALSE(zero);
  EXPECT_THAT(zero.error().message, HasSubstr("page_concurrency"));
}

FetchResponse Response(int status, std::string type, std::string body) {
  FetchResponse r;
  r.status = status;
  r.content_type = std::move(type);
  r.body = std::move(body);
  return r;
}

TEST(JudgePageTest, OnlyA2xxHtmlPageIsUsedAndOnlyTransientFailuresRetry) {
  FetchedPage p;
  EXPECT_EQ(JudgePage(Response(200, "text/html; charset=utf-8", "<p>x"), p).outcome, "fetched");
  EXPECT_TRUE(p.ok);
  EXPECT_EQ(p.html, "<meta charset=\"utf-8\"><p>x");
  EXPECT_EQ(JudgePage(Response(200, "application/xhtml+xml", "<html/>"), p).outcome, "fetched");
  EXPECT_EQ(p.html, "<html/>");
  // No useful Content-Type: sniffed.
  EXPECT_EQ(JudgePage(Response(200, "", "\n <!DOCTYPE html><html>"), p).outcome, "fetched");
  EXPECT_EQ(JudgePage(Response(200, "", "just text"), p).outcome, "failed");
  EXPECT_FALSE(p.ok);
  EXPECT_FALSE(p.retry);
  const PageVerdict pdf = JudgePage(Response(200, "application/pdf", "<html>"), p);
  EXPECT_EQ(pdf.outcome, "failed");
  EXPECT_THAT(pdf.reason, HasSubstr("application/pdf"));
  EXPECT_FALSE(p.retry);
  for (int status : {500, 503, 408, 429}) {
    EXPECT_EQ(JudgePage(Response(status, "text/html", "<html>"), p).reason,
              "HTTP " + std::to_string(status));
    EXPECT_TRUE(p.retry) << status;
    EXPECT_FALSE(p.ok);
  }
  for (int status : {404, 410, 403, 304}) {
    JudgePage(Response(status, "text/html", "<html>"), p);
    EXPECT_FALSE(p.retry) << status;
  }
  FetchResponse timeout = Response(0, "", "");
  timeout.error = MakeCurlError(28);  // CURLE_OPERATION_TIMEDOUT
  timeout.error_message = "Operation timed out";
  EXPECT_EQ(JudgePage(timeout, p).outcome, "failed");
  EXPECT_TRUE(p.retry);
  FetchResponse big = Response(200, "text/html", "<html>");
  big.error = FetchErrc::kBodyTooLarge;
  JudgePage(big, p);
  EXPECT_FALSE(p.retry);
  FetchResponse refused = Response(0, "", "");
  refused.error = FetchErrc::kAddressRefused;
  refused.error_message = "refused to connect to 10.0.0.1";
  const PageVerdict v = JudgePage(refused, p);
  EXPECT_EQ(v.outcome, "refused");
  EXPECT_THAT(v.reason, HasSubstr("10.0.0.1"));
  EXPECT_FALSE(p.retry);
}

TEST(JudgePageTest, HttpCharsetWinsOverThePagesOwnDeclaration) {
  // windows-1251 bytes of "Привет", in a page that wrongly claims latin-1.
  const std::string body =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
  FetchedPage p;
  ASSERT_EQ(JudgePage(Response(200, "text/html; charset=\"windows-1251\"", body), p).outcome,
            "fetched");
  EXPECT_THAT(p.html, HasSubstr("<p>\u041f\u0440\u0438\u0432\u0435\u0442</p>"));
  EXPECT_EQ(p.html.rfind("<meta charset=\"utf-8\">", 0), 0u) << p.html;
  const Article a = ExtractPage(p.html, "http://example.com/");
  EXPECT_EQ(a.text, "\u041f\u0440\u0438\u0432\u0435\u0442");
}

}  // namespace
}  // namespace newsd
