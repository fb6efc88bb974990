#include "alerts/dispatcher.h"

#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "core/hash.h"
#include "tests/alerts/alert_fixtures.h"
#include "tests/alerts/sqlite_outbox.h"
#include "tests/support/test_util.h"
#include "tests/support/webhook_receiver.h"

namespace newsd::alerts {
namespace {

using newsd::testing::MakeRow;
using newsd::testing::SqliteOutbox;
using newsd::testing::TempDir;
using newsd::testing::WaitFor;
using newsd::testing::WebhookReceiver;
using Mode = WebhookReceiver::Mode;

// An io_context running on its own thread, like the daemon's.
class IoThread {
 public:
  IoThread() : guard_(ioc_.get_executor()), thread_([this] { ioc_.run(); }) {}
  ~IoThread() {
    guard_.reset();
    ioc_.stop();
    thread_.join();
  }
  boost::asio::io_context& ioc() { return ioc_; }

 private:
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  std::string db() const { return dir_.str() + "/outbox.db"; }

  // Commits `n` alerts for sink "hook" and returns their alert ids.
  std::set<std::string> AddAlerts(SqliteOutbox& store, int n, int first = 1,
                                  const std::string& watch = "w") {
    std::set<std::string> ids;
    for (int i = first; i < first + n; ++i) {
      auto row = MakeRow(i, "hook", watch, "Article " + std::to_string(i));
      store.Add(row.sink, row.alert_id, row.watch, row.payload, row.created);
      ids.insert(row.alert_id);
    }
    return ids;
  }

  std::vector<std::unique_ptr<Sink>> Hook(const WebhookReceiver& rx, int rate_limit = 0) {
    SinkSpec s;
    s.id = "hook";
    s.type = "webhook";
    s.url = rx.url();
    s.secret = "k";
    s.timeout = std::chrono::seconds(2);
    s.rate_limit_per_minute = rate_limit;
    std::vector<std::unique_ptr<Sink>> v;
    v.push_back(std::move(*MakeSink(s)));
    return v;
  }

  static DispatcherOptions Fast() {
    DispatcherOptions o;
    o.poll_interval = std::chrono::milliseconds(100);
    o.base_backoff = std::chrono::seconds(1);
    o.max_backoff = std::chrono::seconds(2);
    return o;
  }

  // Alert ids of every accepted request (digests expanded); checks signatures.
  static std::multiset<std::string> Received(const WebhookReceiver& rx) {
    std::multiset<std::string> ids;
    for (const auto& r : rx.accepted()) {
      EXPECT_EQ(r.headers.at("x-newsd-signature"), "sha256=" + HmacSha256Hex("k", r.body));
      auto j = boost::json::parse(r.body).as_object();
      if (j.contains("type")) {
        for (const auto& a : j["alerts"].as_array()) {
          ids.insert(std::string(a.as_object().at("id").as_string()));
        }
      } else {
        ids.insert(std::string(j["id"].as_string()));
      }
    }
    return ids;
  }

  TempDir dir_;
  IoThread io_;
};

TEST_F(DispatcherTest, HealthyReceiverGetsExactlyTheAlerts) {
  WebhookReceiver rx;
  SqliteOutbox store(db());
  auto expected = AddAlerts(store, 20);
  Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return d.Stats().delivered == 20; }));
  auto got = Received(rx);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), expected);
  EXPECT_EQ(got.size(), 20u);  // no repeats when nothing failed
  // New rows after a poke arrive too.
  auto more = AddAlerts(store, 3, 100);
  d.Poke();
  ASSERT_TRUE(WaitFor([&] { return d.Stats().delivered == 23; }));
  EXPECT_EQ(Received(rx).size(), 23u);
  EXPECT_EQ(store.Count("done"), 23);
}

TEST_F(DispatcherTest, NothingIsLostWhileTheReceiverIsDown) {
  WebhookReceiver rx;
  rx.SetMode(Mode::kDown);
  SqliteOutbox store(db());
  auto expected = AddAlerts(store, 10);
  Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return d.Stats().retried >= 10; }));
  EXPECT_EQ(store.Count("pending"), 10);
  EXPECT_EQ(d.Stats().dead, 0);
  rx.SetMode(Mode::kError500);  // up, but failing
  ASSERT_TRUE(WaitFor([&] { return rx.hits() >= 1; }));
  rx.SetMode(Mode::kOk);
  ASSERT_TRUE(WaitFor([&] { return store.Count("done") == 10; }, std::chrono::seconds(20)));
  auto got = Received(rx);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), expected);
}

TEST_F(DispatcherTest, UndeliveredAlertsSurviveARestartOfTheDispatcher) {
  WebhookReceiver rx;
  rx.SetMode(Mode::kDown);
  std::set<std::string> expected;
  {
    SqliteOutbox store(db());
    expected = AddAlerts(store, 5);
    Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
    d.Start();
    ASSERT_TRUE(WaitFor([&] { return d.Stats().retried >= 5; }));
    d.Stop();
  }  // the dispatcher and the store connection are gone; rows are in the file
  rx.SetMode(Mode::kOk);
  SqliteOutbox reopened(db());
  EXPECT_EQ(reopened.Count("pending"), 5);
  Dispatcher d2(io_.ioc(), reopened, Hook(rx), Fast());
  d2.Start();
  ASSERT_TRUE(WaitFor([&] { return reopened.Count("done") == 5; }, std::chrono::seconds(20)));
  auto got = Received(rx);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), expected);
}

// SIGHUP removed a sink: its rows stay pending (kept for when it comes
// back) and do not hold up the other sinks' rows.
TEST_F(DispatcherTest, RowsOfAnUnconfiguredSinkAreKeptNotDead) {
  WebhookReceiver rx;
  SqliteOutbox store(db());
  for (int i = 1; i <= 3; ++i) {
    auto row = MakeRow(i, "removed", "w", "Article " + std::to_string(i));
    store.Add(row.sink, row.alert_id, row.watch, row.payload, row.created);
  }
  auto expected = AddAlerts(store, 2, 10);
  Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return store.Count("done") == 2; }));
  ASSERT_TRUE(WaitFor([&] {
    return store.LastError(1).find("not configured") != std::string::npos;
  })) << store.LastError(1);
  EXPECT_EQ(store.Count("dead"), 0);
  EXPECT_EQ(store.Count("pending"), 3);
  EXPECT_EQ(d.Stats().dead, 0);
}

TEST_F(DispatcherTest, BadRequestIsDeadLettered) {
  WebhookReceiver rx;
  rx.SetMode(Mode::kBad400);
  SqliteOutbox store(db());
  AddAlerts(store, 2);
  Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return store.Count("dead") == 2; }));
  EXPECT_NE(store.LastError(1).find("HTTP 400: bad payload"), std::string::npos)
      << store.LastError(1);
  EXPECT_EQ(rx.hits(), 2u);  // each tried once, never again
}

TEST_F(DispatcherTest, TooManyRequestsHonoursRetryAfter) {
  WebhookReceiver rx;
  rx.SetMode(Mode::kTooMany429, 2);
  SqliteOutbox store(db());
  AddAlerts(store, 1);
  Dispatcher d(io_.ioc(), store, Hook(rx), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return rx.hits() == 1; }));
  const auto first = std::chrono::steady_clock::now();
  rx.SetMode(Mode::kOk);
  ASSERT_TRUE(WaitFor([&] { return store.Count("done") == 1; }));
  // Not before Retry-After (2 s, on a whole-second clock: at least 1 s later).
  EXPECT_GE(std::chrono::steady_clock::now() - first, std::chrono::seconds(1));
}

TEST_F(DispatcherTest, GivesUpAfterMaxAge) {
  WebhookReceiver rx;
  rx.SetMode(Mode::kError500);
  SqliteOutbox store(db());
  AddAlerts(store, 1);
  auto sinks = Hook(rx);
  SinkSpec s = sinks[0]->spec();
  s.max_age = std::chrono::seconds(0);
  sinks.clear();
  sinks.push_back(std::move(*MakeSink(s)));
  Dispatcher d(io_.ioc(), store, std::move(sinks), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return store.Count("dead") == 1; }));
  EXPECT_NE(store.LastError(1).find("undelivered after"), std::string::npos);
}

TEST_F(DispatcherTest, RateLimitFoldsTheRestIntoADigest) {
  WebhookReceiver rx;
  SqliteOutbox store(db());
  auto expected = AddAlerts(store, 10);
  Dispatcher d(io_.ioc(), store, Hook(rx, 3), Fast());
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return store.Count("done") == 10; }));
  // Three messages: two alerts alone, then one digest of the other eight.
  EXPECT_EQ(rx.accepted().size(), 3u);
  auto got = Received(rx);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), expected);
  auto last = boost::json::parse(rx.accepted().back().body).as_object();
  EXPECT_EQ(last["count"].as_int64(), 8);
}

TEST_F(DispatcherTest, DigestWatchSendsOneMessagePerPeriod) {
  WebhookReceiver rx;
  SqliteOutbox store(db());
  auto digest_ids = AddAlerts(store, 4, 1, "digest-watch");
  auto single = AddAlerts(store, 1, 50, "plain");
  DispatcherOptions o = Fast();
  o.digest["digest-watch"] = std::chrono::seconds(2);
  Dispatcher d(io_.ioc(), store, Hook(rx), o);
  d.Start();
  ASSERT_TRUE(WaitFor([&] { return store.Count("done") == 5; }));
  ASSERT_EQ(rx.accepted().size(), 2u);
  auto first = boost::json::parse(rx.accepted()[0].body).as_object();
  EXPECT_EQ(first["watch"].as_string(), "plain");  // not held
  auto digest = boost::json::parse(rx.accepted()[1].body).as_object();
  EXPECT_EQ(digest["type"].as_string(), "digest");
  EXPECT_EQ(digest["count"].as_int64(), 4);
}

}  // namespace
}  // namespace newsd::alerts
