// WebSub subscriber: subscription against a loopback hub, verification of
// intent, signed pushes stored through the Engine, bad signatures refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "core/hash.h"
#include "daemon/websub.h"
#include "tests/daemon/http_test_util.h"
#include "tests/support/http_test_server.h"

namespace newsd {
namespace {

using testing::ApiHarness;
using testing::HttpCall;
using testing::HttpTestServer;

std::string AtomFeed(const std::string& hub, const std::string& self,
                     const std::vector<std::string>& entries) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
      "<title>Hub test</title><id>urn:hubtest</id><updated>2026-11-20T10:00:00Z</updated>"
      "<link rel=\"hub\" href=\"" +
      hub + "\"/><link rel=\"self\" href=\"" + self + "\"/>";
  for (const auto& e : entries) {
    s += "<entry><id>urn:" + e + "</id><title>Report " + e +
         "</title><link href=\"https://news.example/" + e +
         "\"/><updated>2026-11-20T10:00:00Z</updated><content type=\"text\">The ministry said on "
         "Friday that " +
         e +
         " inspectors visited the border crossing and counted 58 trucks."
         "</content></entry>";
  }
  return s + "</feed>";
}

boost::json::object ReadState(const ApiHarness& h) {
  auto v = boost::json::parse(testing::ReadFile(h.config().daemon.state_dir + "/websub.json"));
  for (const auto& s : v.at("subscriptions").as_array()) {
    if (s.at("feed").as_string() == "hubbed") return s.as_object();
  }
  return {};
}

class WebSubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hub_.Route("/hub", testing::TestRoute{testing::TestRoute::Mode::kNormal, 202, {}, ""});
    self_ = server_.Url("/feed.xml");
    server_.Serve("/feed.xml", AtomFeed(hub_.Url("/hub"), self_, {"a1", "a2"}),
                  {{"Content-Type", "application/atom+xml"}});
    h_ = std::make_unique<ApiHarness>(
        "public_url = \"http://127.0.0.1:9/newsd/\"\n",
        "[schedule]\njitter = 0.0\n[[feed]]\nid = \"hubbed\"\nurl = \"" + self_ + "\"\n", true);
    // The first poll finds the hub and subscribes.
    ASSERT_TRUE(testing::WaitFor([&] { return hub_.Hits("/hub") == 1; }));
    ASSERT_TRUE(testing::WaitFor([&] { return ReadState(*h_).contains("secret"); }));
  }

  std::string Verify(const std::string& feed, const std::string& topic, const std::string& mode,
                     long* status) {
    auto r =
        HttpCall("GET", h_->Url("/websub/" + feed + "?hub.mode=" + mode + "&hub.topic=" + topic +
                                "&hub.challenge=ch4ll3nge&hub.lease_seconds=3600"));
    *status = r.status;
    return r.body;
  }

  HttpTestServer hub_, server_;
  std::string self_;
  std::unique_ptr<ApiHarness> h_;
};

TEST_F(WebSubTest, SubscribesAndAnswersOnlyItsOwnPendingSubscription) {
  auto req = hub_.Requests("/hub");
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].method, "POST");
  EXPECT_EQ(req[0].Header("content-type"), "application/x-www-form-urlencoded");
  auto st = ReadState(*h_);
  EXPECT_EQ(st.at("state").as_string(), "pending");
  EXPECT_EQ(st.at("topic").as_string(), self_);
  EXPECT_EQ(st.at("hub").as_string(), hub_.Url("/hub"));
  long status = 0;
  Verify("hubbed", "https://other.example/feed", "subscribe", &status);
  EXPECT_EQ(status, 404);
  Verify("nofeed", self_, "subscribe", &status);
  EXPECT_EQ(status, 404);
  Verify("hubbed", self_, "unsubscribe", &status);  // we never asked to unsubscribe
  EXPECT_EQ(status, 404);
  EXPECT_EQ(Verify("hubbed", self_, "subscribe", &status), "ch4ll3nge");
  EXPECT_EQ(status, 200);
  st = ReadState(*h_);
  EXPECT_EQ(st.at("state").as_string(), "active");
  EXPECT_FALSE(st.at("lease_until").is_null());
}

TEST_F(WebSubTest, SignedPushIsStoredAndBadSignatureRefused) {
  long status = 0;
  Verify("hubbed", self_, "subscribe", &status);
  ASSERT_EQ(status, 200);
  const std::string secret(ReadState(*h_).at("secret").as_string());
  ASSERT_TRUE(testing::WaitFor([&] { return h_->StoredIds().size() == 2; }));  // the poll
  const std::string body = AtomFeed(hub_.Url("/hub"), self_, {"a1", "a2", "pushed3"});
  const std::vector<std::string> ct = {"Content-Type: application/atom+xml"};
  auto with = [&](const std::string& sig) {
    auto headers = ct;
    if (!sig.empty()) headers.push_back("X-Hub-Signature: " + sig);
    return HttpCall("POST", h_->Url("/websub/hubbed"), headers, body).status;
  };
  EXPECT_EQ(with(""), 403);
  EXPECT_EQ(with("sha256=" + HmacSha256Hex("wrong secret", body)), 403);
  EXPECT_EQ(with("md5=00ff"), 403);
  EXPECT_EQ(h_->StoredIds().size(), 2u);
  EXPECT_EQ(with("sha256=" + HmacSha256Hex(secret, body)), 202);
  ASSERT_TRUE(testing::WaitFor([&] { return h_->StoredIds().size() == 3; }));
  auto reader = StoreReader::Open(h_->config().daemon.state_dir + "/newsd.db");
  ASSERT_OK(reader);
  SearchQuery q;
  q.query = "pushed3";
  auto page = (*reader)->Search(q);
  ASSERT_OK(page);
  ASSERT_EQ(page->hits.size(), 1u);
  EXPECT_EQ(page->hits[0].feed, "hubbed");
  // A push for a feed with no subscription.
  EXPECT_EQ(HttpCall("POST", h_->Url("/websub/other"), ct, body).status, 404);
}

TEST(WebSubSignature, AlgorithmsAndTampering) {
  const std::string body = "<feed/>";
  const std::string good = HmacSha256Hex("k", body);
  EXPECT_TRUE(VerifyHubSignature("sha256=" + good, "k", body));
  std::string upper = good;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyHubSignature("sha256=" + upper, "k", body));
  EXPECT_FALSE(VerifyHubSignature("sha256=" + good, "k", body + " "));
  EXPECT_FALSE(VerifyHubSignature("sha512=" + good, "k", body));
  EXPECT_FALSE(VerifyHubSignature(good, "k", body));
  EXPECT_FALSE(VerifyHubSignature("sha256=", "k", body));
  // sha1 from RFC 2202 test case 2.
  EXPECT_TRUE(VerifyHubSignature("sha1=effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", "Jefe",
                                 "what do ya want for nothing?"));
}

}  // namespace
}  // namespace newsd
