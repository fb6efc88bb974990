// [[sink]] type = "nats": articles and alerts ingested through the real Engine
// are published to a real JetStream (nats-server started by the test); a
// consumer gets every article once, across a server restart and redeliveries.
#include <nats/nats.h>

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "tests/daemon/downstream_fixture.h"
#include "tests/support/nats_server.h"

namespace newsd {
namespace {

class DownstreamNatsTest : public testing::DownstreamFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::NatsServer::Available())
        << "nats-server is not installed (scripts/install-deps --servers); this test needs it";
    ASSERT_OK(nats_.Start());
    Open("bus",
         "[[sink]]\nid = \"bus\"\ntype = \"nats\"\nurl = \"" + nats_.url() +
             "\"\nstream = \"NEWS\"\ncreate_stream = true\nbatch_size = 16\ntimeout = \"2s\"\n");
  }

  // Messages stored in the stream (articles + alerts), -1 if it cannot be read.
  std::int64_t StreamMsgs() {
    natsConnection* nc = nullptr;
    if (natsConnection_ConnectTo(&nc, nats_.url().c_str()) != NATS_OK) return -1;
    jsCtx* js = nullptr;
    std::int64_t n = -1;
    if (natsConnection_JetStream(&js, nc, nullptr) == NATS_OK) {
      jsStreamInfo* si = nullptr;
      if (js_GetStreamInfo(&si, js, "NEWS", nullptr, nullptr) == NATS_OK) {
        n = static_cast<std::int64_t>(si->State.Msgs);
        jsStreamInfo_Destroy(si);
      }
      jsCtx_Destroy(js);
    }
    natsConnection_Destroy(nc);
    return n;
  }

  bool WaitDelivered(std::int64_t messages) {
    return testing::WaitFor(
        [&] {
          return SqliteInt("SELECT count(*) FROM downstream_outbox") == 0 &&
                 StreamMsgs() == messages;
        },
        std::chrono::seconds(15));
  }

  // Reads the article subjects with a fresh consumer: content hash + revision
  // of every message, in order (repeats included).
  std::vector<std::string> ConsumeArticles(std::size_t expected) {
    std::vector<std::string> keys;
    natsConnection* nc = nullptr;
    EXPECT_EQ(natsConnection_ConnectTo(&nc, nats_.url().c_str()), NATS_OK);
    if (!nc) return keys;
    jsCtx* js = nullptr;
    EXPECT_EQ(natsConnection_JetStream(&js, nc, nullptr), NATS_OK);
    natsSubscription* sub = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    EXPECT_EQ(js_SubscribeSync(&sub, js, "newsd.articles.>", nullptr, nullptr, &jerr), NATS_OK)
        << jerr;
    // Wait for every expected message, then a little longer for any extra.
    for (;;) {
      natsMsg* msg = nullptr;
      const int wait_ms = keys.size() < expected ? 5000 : 300;
      if (natsSubscription_NextMsg(&msg, sub, wait_ms) != NATS_OK) break;
      const std::string body(natsMsg_GetData(msg),
                             static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
      boost::system::error_code ec;
      const auto v = boost::json::parse(body, ec);
      EXPECT_FALSE(ec) << body.substr(0, 200);
      const char* id = nullptr;
      natsMsgHeader_Get(msg, "Nats-Msg-Id", &id);
      if (!ec && v.is_object()) {
        const auto& o = v.as_object();
        const std::string key = std::string(o.at("content_hash").as_string()) + ":" +
                                std::to_string(o.at("revision").to_number<int>());
        EXPECT_EQ(key, id ? std::string(id) : std::string()) << "Nats-Msg-Id";
        // The subject names the feed.
        EXPECT_EQ(std::string(natsMsg_GetSubject(msg)),
                  "newsd.articles." + std::string(o.at("feed").as_string()));
        keys.push_back(key);
      }
      natsMsg_Ack(msg, nullptr);
      natsMsg_Destroy(msg);
    }
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    jsCtx_Destroy(js);
    natsConnection_Destroy(nc);
    return keys;
  }

  testing::NatsServer nats_;
};

TEST_F(DownstreamNatsTest, ServerRestartMidRunLeavesNoGapAndNoDuplicates) {
  int n = IngestFeed("reuters", "FeedReader_Rss20Reuters.xml");
  ASSERT_GT(n, 0);
  auto total = [&] {
    return SqliteInt("SELECT count(*) FROM articles") + SqliteInt("SELECT count(*) FROM alerts");
  };
  ASSERT_TRUE(WaitDelivered(total())) << SinkStats().last_error;

  nats_.Stop();
  n += IngestFeed("moscow-times", "FeedReader_Rss20MoscowTimes.xml");
  n += IngestTexts("texts");
  ASSERT_TRUE(testing::WaitFor([&] { return SinkStats().retrying; }, std::chrono::seconds(15)));
  EXPECT_GT(SqliteInt("SELECT count(*) FROM downstream_outbox"), 40);

  ASSERT_OK(nats_.Start());
  ASSERT_GT(SqliteInt("SELECT count(*) FROM alerts"), 0) << "the watch must match something";
  ASSERT_TRUE(WaitDelivered(total()))
      << "outbox " << SqliteInt("SELECT count(*) FROM downstream_outbox") << ", stream "
      << StreamMsgs() << ", last error: " << SinkStats().last_error;

  // Redelivery of everything (a crash before the rows were marked done):
  // JetStream drops the repeats by Nats-Msg-Id.
  {
    storage::ConnectionOptions co;
    co.path = engine_->store().options().path;
    auto db = storage::OpenConnection(co);
    ASSERT_OK(db);
    ASSERT_OK(db->Exec(
        "INSERT INTO downstream_outbox(sink, kind, article_id, revision, next_attempt, created) "
        "SELECT 'bus', 'article', id, revision, 0, 0 FROM articles"));
  }
  delivery_->Wake();
  ASSERT_TRUE(WaitDelivered(total()));

  const auto keys = ConsumeArticles(static_cast<std::size_t>(n));
  EXPECT_EQ(static_cast<int>(keys.size()), n);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size())
      << "an article arrived twice";
  EXPECT_EQ(static_cast<std::int64_t>(keys.size()), SqliteInt("SELECT count(*) FROM articles"));
}

}  // namespace
}  // namespace newsd
