// Crash safety of the whole daemon: `newsd run` polls a changing feed from a
// loopback server and is SIGKILLed at random moments; after every restart and
// at the end, every item the server ever published is stored exactly once,
// the database is intact and the full-text index matches the table.
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "tests/support/http_test_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::HttpTestServer;
using testing::RunCommand;
using testing::Subprocess;
using testing::TempDir;

// Item k has its own words, so no two items are (near-)duplicates.
std::string ItemText(int k) {
  static const char* kWords[] = {"border",  "trucks",   "ministry", "drills",  "convoy",
                                 "customs", "harbour",  "minister", "protest", "pipeline",
                                 "grain",   "election", "court",    "reactor", "strike",
                                 "flood",   "bridge",   "tariff",   "vaccine", "satellite"};
  std::mt19937 rng(static_cast<unsigned>(k) * 7919u);
  std::string text = "Report number " + std::to_string(k) + ".";
  for (int s = 0; s < 6; ++s) {
    text += " The";
    for (int w = 0; w < 9; ++w) text += std::string(" ") + kWords[rng() % 20];
    text += " " + std::to_string(rng() % 100000) + ".";
  }
  return text;
}

std::string Feed(int items) {
  std::string x =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Farm</title>"
      "<link>http://farm.example/</link>";
  // Newest first, at most 30 in the document: older items drop off, as in real feeds.
  for (int k = items; k >= 1 && k > items - 30; --k) {
    x += "<item><title>Item " + std::to_string(k) + "</title><guid>farm-" + std::to_string(k) +
         "</guid><link>http://farm.example/a/" + std::to_string(k) + "</link><description>" +
         ItemText(k) + "</description></item>";
  }
  return x + "</channel></rss>";
}

int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
  int64_t v = -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

std::string QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
  std::string v;
  if (sqlite3_step(st) == SQLITE_ROW) {
    v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return v;
}

TEST(Kill9Test, RandomSigkillsLoseNothingAndDuplicateNothing) {
  HttpTestServer server;
  TempDir dir;
  const std::string cfg = dir.Write(
      "newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                        "/var\"\n[http]\nenabled = false\n"
                        "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\nmax_backoff = \"2s\"\n"
                        "[fetch]\nhost_gap = \"0s\"\n"
                        "[[feed]]\nid = \"farm\"\nurl = \"" +
                        server.Url("/feed.xml") + "\"\ninterval = \"1s\"\n");
  std::mt19937 rng(std::random_device{}());
  int published = 0;
  // 20 rounds in CI; bench/kill_bench.sh sets NEWSD_KILL9_ROUNDS=100.
  const char* env_rounds = std::getenv("NEWSD_KILL9_ROUNDS");
  const int kRounds = env_rounds ? std::max(1, std::atoi(env_rounds)) : 20;
  for (int round = 0; round < kRounds; ++round) {
    published += 3;
    server.Serve("/feed.xml", Feed(published), {{"Content-Type", "application/rss+xml"}});
    Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log");
    // Let it poll at least once in most rounds, then kill it wherever it is.
    const int hits = server.Hits("/feed.xml");
    testing::WaitFor([&] { return server.Hits("/feed.xml") > hits; }, std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 400));  // random kill moment
    p.Signal(SIGKILL);
    ASSERT_TRUE(p.Wait(std::chrono::seconds(10)).has_value());
  }
  // A last, clean round picks up whatever the kills interrupted.
  auto once = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(120));
  ASSERT_EQ(once.code, 0) << once.err;

  sqlite3* db = nullptr;
  ASSERT_EQ(
      sqlite3_open_v2((dir.str() + "/var/newsd.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr),
      SQLITE_OK);
  const std::string integrity = QueryText(db, "PRAGMA integrity_check");
  EXPECT_EQ(integrity, "ok");
  // One summary line for bench/kill_bench.sh (lost = published items not
  // stored, duplicates = rows beyond one per guid).
  const int64_t rows = QueryInt(db, "SELECT count(*) FROM articles");
  const int64_t distinct = QueryInt(db, "SELECT count(DISTINCT guid) FROM articles");
  std::printf("kill9: rounds=%d published=%d stored=%lld lost=%lld duplicates=%lld integrity=%s\n",
              kRounds, published, static_cast<long long>(rows),
              static_cast<long long>(published - distinct), static_cast<long long>(rows - distinct),
              integrity.c_str());
  // Every published item exactly once.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM articles"), published);
  EXPECT_EQ(QueryInt(db, "SELECT count(DISTINCT guid) FROM articles"), published);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM article_sources WHERE feed = 'farm'"), published);
  EXPECT_EQ(QueryInt(db, "SELECT min(CAST(substr(guid, 6) AS INTEGER)) FROM articles"), 1);
  EXPECT_EQ(QueryInt(db, "SELECT max(CAST(substr(guid, 6) AS INTEGER)) FROM articles"), published);
  // The FTS index matches the table.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM articles_fts"), published);
  // FTS5's own check against the content table (an error if they differ).
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db,
                         "INSERT INTO articles_fts(articles_fts, rank) "
                         "VALUES('integrity-check', 1)",
                         nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

}  // namespace
}  // namespace newsd
