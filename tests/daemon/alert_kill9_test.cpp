// Undelivered alerts survive a kill -9 of the real daemon: `newsd run` polls
// a loopback feed whose items all match a watch, its webhook receiver answers
// 500, newsd is SIGKILLed with every alert still in the outbox; the receiver
// recovers, newsd restarts, and the receiver gets exactly the alerts the
// store holds (by their stable ids; repeats allowed, nothing missing, nothing
// foreign), each correctly signed.
#include <signal.h>
#include <sqlite3.h>

#include <set>

#include <gtest/gtest.h>

#include "core/hash.h"
#include "tests/support/http_test_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"
#include "tests/support/webhook_receiver.h"

namespace newsd {
namespace {

using testing::HttpTestServer;
using testing::Subprocess;
using testing::TempDir;
using testing::WaitFor;
using testing::WebhookReceiver;

constexpr int kItems = 12;

std::string Feed() {
  static const char* kPlaces[] = {"Baku",  "Ganja",    "Sumqayit", "Lankaran", "Shaki",  "Quba",
                                  "Tovuz", "Zaqatala", "Naftalan", "Agdam",    "Shusha", "Lachin"};
  std::string x =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Convoys</title>"
      "<link>http://convoy.example/</link>";
  for (int k = 1; k <= kItems; ++k) {
    x += "<item><title>Convoy " + std::to_string(k) + " reaches " + kPlaces[k - 1] +
         "</title><guid>convoy-" + std::to_string(k) + "</guid><link>http://convoy.example/a/" +
         std::to_string(k) + "</link><description>A convoy of " + std::to_string(k * 7) +
         " trucks reached " + kPlaces[k - 1] + " on day " + std::to_string(k) +
         " of the operation, officials in " + kPlaces[(k + 5) % kItems] +
         " said.</description></item>";
  }
  return x + "</channel></rss>";
}

// The rows of a one-column query, as strings.
std::set<std::string> Column(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  std::set<std::string> out;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return out;
  }
  sqlite3_busy_timeout(db, 2000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::set<std::string> AcceptedIds(const WebhookReceiver& r) {
  std::set<std::string> ids;
  for (const auto& q : r.accepted())
    ids.insert(q.headers.count("x-newsd-alert-id") != 0 ? q.headers.at("x-newsd-alert-id")
                                                        : "(none)");
  return ids;
}

TEST(AlertKill9Test, UndeliveredAlertsArriveAfterKill9AndRestart) {
  HttpTestServer server;
  server.Serve("/feed.xml", Feed(), {{"Content-Type", "application/rss+xml"}});
  WebhookReceiver receiver;
  receiver.SetMode(WebhookReceiver::Mode::kError500);
  TempDir dir;
  const std::string db = dir.str() + "/var/newsd.db";
  const std::string cfg =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                                  "/var\"\n[http]\nenabled = false\n"
                                  "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\n"
                                  "[fetch]\nhost_gap = \"0s\"\n"
                                  "[[feed]]\nid = \"convoys\"\nurl = \"" +
                                  server.Url("/feed.xml") +
                                  "\"\ninterval = \"1h\"\n"
                                  "[[watch]]\nid = \"convoy\"\nquery = 'convoy NEAR/3 trucks'\n"
                                  "notify = [\"hook\"]\n"
                                  "[[sink]]\nid = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                                  receiver.url() + "\"\nsecret = \"s3cret\"\ntimeout = \"5s\"\n");
  {
    Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log1");
    // Every item alerted, and the dispatcher has tried (and failed) to deliver.
    ASSERT_TRUE(WaitFor(
        [&] {
          return Column(db, "SELECT id FROM alerts").size() == kItems &&
                 !receiver.requests().empty();
        },
        std::chrono::seconds(30)))
        << testing::ReadFile(dir.str() + "/log1");
    p.Signal(SIGKILL);
    ASSERT_TRUE(p.Wait(std::chrono::seconds(10)).has_value());
  }
  const std::set<std::string> expected = Column(db, "SELECT id FROM alerts");
  ASSERT_EQ(expected.size(), static_cast<std::size_t>(kItems));
  EXPECT_TRUE(receiver.accepted().empty());
  for (const auto& r : receiver.requests()) EXPECT_EQ(r.status, 500);
  // Every alert is still owed to the sink.
  EXPECT_EQ(Column(db, "SELECT alert_id FROM alert_outbox WHERE state = 'pending'"), expected);

  receiver.SetMode(WebhookReceiver::Mode::kOk);
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log2");
  // Retries are due after the backoff the first run stored (a few seconds).
  ASSERT_TRUE(WaitFor([&] { return AcceptedIds(receiver) == expected; }, std::chrono::seconds(30)))
      << "received " << AcceptedIds(receiver).size() << " of " << expected.size() << "\n"
      << testing::ReadFile(dir.str() + "/log2");
  // Each delivery is signed with the sink's secret over the exact body.
  for (const auto& r : receiver.accepted()) {
    EXPECT_EQ(r.headers.at("x-newsd-signature"), "sha256=" + HmacSha256Hex("s3cret", r.body));
    EXPECT_NE(r.body.find("\"watch\":\"convoy\""), std::string::npos);
  }
  // The outbox settles: every row done.
  ASSERT_TRUE(WaitFor(
      [&] {
        return Column(db, "SELECT alert_id FROM alert_outbox WHERE state = 'done'") == expected;
      },
      std::chrono::seconds(10)));
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

}  // namespace
}  // namespace newsd
