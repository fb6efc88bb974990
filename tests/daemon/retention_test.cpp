// `newsd run` applies [storage] retention by itself: articles fetched before
// the cutoff disappear with their rows, newer ones stay, the FTS index and
// the file stay intact. retention_first_run = "0s" starts the first pass at
// once instead of a minute after start.
#include <signal.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/hash.h"
#include "storage/store.h"
#include "tests/support/http_test_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::HttpTestServer;
using testing::Subprocess;
using testing::TempDir;
using testing::WaitFor;

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// -1 when the database cannot be read (yet).
int64_t Count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int64_t v = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

Article Stored(const std::string& feed, int i, TimePoint fetched) {
  Article a;
  a.feed = feed;
  a.guid = feed + "-" + std::to_string(i);
  a.url = "https://" + feed + ".example/" + std::to_string(i);
  a.canonical_url = a.url;
  a.title = "Story " + std::to_string(i) + " of " + feed;
  a.text = "Text of story " + std::to_string(i) + " from the " + feed + " feed about harbours.";
  a.lang = "en";
  a.fetched = fetched;
  a.content_hash = "sha256:" + Sha256Hex(a.text);
  a.simhash = 0;
  a.entities = {Entity{"Story", EntityType::kOrg, 0, 4, ""}};
  return a;
}

TEST(RetentionTest, RunDeletesArticlesOlderThanRetention) {
  HttpTestServer server;
  server.Serve("/feed.xml",
               "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
               "<link>http://f.example/</link><item><title>Fresh item</title>"
               "<guid>fresh-1</guid><link>http://f.example/1</link>"
               "<description>A fresh item about grain exports.</description></item>"
               "</channel></rss>",
               {{"Content-Type", "application/rss+xml"}});
  TempDir dir;
  const std::string db = dir.str() + "/var/newsd.db";
  std::filesystem::create_directories(dir.str() + "/var");
  {
    StoreOptions o;
    o.path = db;
    auto store = Store::Open(o);
    ASSERT_TRUE(store.has_value()) << store.error().message;
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    WriteBatch b;
    for (int i = 0; i < 3; ++i)
      b.articles.push_back(Stored("old", i, now - std::chrono::hours(240)));
    for (int i = 0; i < 2; ++i)
      b.articles.push_back(Stored("recent", i, now - std::chrono::hours(1)));
    ASSERT_TRUE((*store)->Submit(std::move(b)).has_value());
    ASSERT_TRUE((*store)->Flush().has_value());
  }
  ASSERT_EQ(Count(db, "SELECT count(*) FROM articles"), 5);
  ASSERT_EQ(Count(db, "SELECT count(*) FROM entities"), 5);

  const std::string cfg =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                                  "/var\"\n[http]\nenabled = false\n"
                                  "[storage]\nretention = \"7d\"\nretention_first_run = \"0s\"\n"
                                  "[[feed]]\nid = \"f\"\nurl = \"" +
                                  server.Url("/feed.xml") + "\"\ninterval = \"1h\"\n");
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  // The pass logs when it is complete (its deletes committed).
  EXPECT_TRUE(WaitFor(
      [&] { return FileText(log).find("retention: deleted 3 articles") != std::string::npos; },
      std::chrono::seconds(20)))
      << FileText(log);
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value()) << "still running 10 s after SIGTERM";
  EXPECT_EQ(*code, 0) << FileText(log);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM articles WHERE feed = 'old'"), 0);

  // The old articles went with their rows; the recent ones stay.
  EXPECT_EQ(Count(db, "SELECT count(*) FROM articles WHERE feed = 'recent'"), 2);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM article_sources WHERE feed = 'old'"), 0);
  EXPECT_EQ(Count(db,
                  "SELECT count(*) FROM entities WHERE article_id NOT IN "
                  "(SELECT id FROM articles)"),
            0);
  EXPECT_EQ(Count(db, "SELECT count(*) FROM articles_fts"),
            Count(db, "SELECT count(*) FROM articles"));
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(
      sqlite3_exec(h, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)",
                   nullptr, nullptr, &err),
      SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

}  // namespace
}  // namespace newsd
