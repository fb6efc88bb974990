// Migrations, the FTS switch, retention, search and export on real files.
#include <gtest/gtest.h>

#include <set>

#include "core/time.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

using testing::BatchOf;
using testing::MakeArticle;
using testing::SubmitAndWait;

storage::Db Raw(const std::string& path) {
  storage::ConnectionOptions co;
  co.path = path;
  auto db = storage::OpenConnection(co);
  EXPECT_TRUE(db.has_value());
  return std::move(*db);
}

TEST(SchemaTest, FreshFileGetsCurrentVersionAndReopenKeepsData) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  {
    auto store = Store::Open(opts);
    ASSERT_OK(store);
    ASSERT_OK(SubmitAndWait(**store, BatchOf({MakeArticle("f", "1", "https://x.example/1", "T",
                                                          "Some text about drills.")})));
  }
  auto db = Raw(opts.path);
  auto v = db.QueryInt("PRAGMA user_version");
  ASSERT_OK(v);
  EXPECT_EQ(*v, storage::kSchemaVersion);
  auto av = db.QueryInt("PRAGMA auto_vacuum");
  ASSERT_OK(av);
  EXPECT_EQ(*av, 2);  // incremental
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  auto stats = (*reader)->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->articles, 1);
}

TEST(SchemaTest, MigratesAVersionOneFileToCurrent) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  {
    auto store = Store::Open(opts);
    ASSERT_OK(store);
  }
  {
    // Take the file back to version 1 by hand.
    auto db = Raw(opts.path);
    ASSERT_OK(
        db.Exec("DROP TABLE alerts; DROP TABLE alert_outbox; DROP TABLE dedup_stats;"
                "ALTER TABLE feeds DROP COLUMN config_url; DROP TABLE downstream_outbox; "
                "PRAGMA user_version = 1"));
  }
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  auto db = Raw(opts.path);
  auto n = db.QueryInt("SELECT count(*) FROM alert_outbox");
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);
  auto c = db.QueryInt("SELECT count(*) FROM feeds WHERE config_url = ''");  // v3 column
  ASSERT_OK(c);
}

TEST(SchemaTest, NewerSchemaIsRefusedWithClearMessage) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  {
    auto store = Store::Open(opts);
    ASSERT_OK(store);
  }
  {
    auto db = Raw(opts.path);
    ASSERT_OK(db.Exec("PRAGMA user_version = 99"));
  }
  auto store = Store::Open(opts);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().kind, ErrorKind::kUnsupported);
  EXPECT_NE(store.error().message.find("99"), std::string::npos);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos);
  EXPECT_NE(store.error().message.find(opts.path), std::string::npos);
  auto reader = StoreReader::Open(opts.path);
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().kind, ErrorKind::kUnsupported);
}

TEST(SchemaTest, FtsSwitchOffAndOnKeepsIndexConsistent) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  opts.fts = false;
  {
    auto store = Store::Open(opts);
    ASSERT_OK(store);
    ASSERT_OK(SubmitAndWait(**store, BatchOf({MakeArticle("f", "1", "https://x.example/1", "Drills",
                                                          "Military drills near the border.")})));
    auto reader = (*store)->NewReader();
    ASSERT_OK(reader);
    auto r = (*reader)->Search(SearchQuery{"drills"});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, ErrorKind::kUnsupported);
  }
  opts.fts = true;
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  ASSERT_OK((*reader)->CheckIntegrity());
  auto r = (*reader)->Search(SearchQuery{"drills"});
  ASSERT_OK(r);
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_NE(r->hits[0].snippet.find("[drills]"), std::string::npos) << r->hits[0].snippet;
}

TEST(SearchTest, RanksFiltersPagesAndRejectsBadQueries) {
  testing::TempDir dir;
  auto store = Store::Open(testing::TestOptions(dir));
  ASSERT_OK(store);
  std::vector<Article> v;
  for (int i = 0; i < 5; ++i) {
    auto a = MakeArticle(i % 2 ? "odd" : "even", std::to_string(i),
                         "https://s.example/" + std::to_string(i), "Report " + std::to_string(i),
                         "Troops held exercises. " +
                             std::string(i == 3 ? "Drills drills drills." : "Drills.") +
                             " Unique token t" + std::to_string(i));
    a.simhash = 0;
    a.lang = i == 4 ? "de" : "en";
    v.push_back(a);
  }
  ASSERT_OK(SubmitAndWait(**store, BatchOf(v)));
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  auto all = (*reader)->Search(SearchQuery{"drills"});
  ASSERT_OK(all);
  ASSERT_EQ(all->hits.size(), 5u);
  EXPECT_EQ(all->hits[0].title, "Report 3");  // most mentions ranks first
  SearchQuery q{"drills"};
  q.feed = "odd";
  auto odd = (*reader)->Search(q);
  ASSERT_OK(odd);
  EXPECT_EQ(odd->hits.size(), 2u);
  q = SearchQuery{"drills"};
  q.lang = "de";
  auto de = (*reader)->Search(q);
  ASSERT_OK(de);
  ASSERT_EQ(de->hits.size(), 1u);
  EXPECT_EQ(de->hits[0].title, "Report 4");
  q = SearchQuery{"drills"};
  q.limit = 2;
  std::set<std::int64_t> seen;
  int pages = 0;
  while (true) {
    auto p = (*reader)->Search(q);
    ASSERT_OK(p);
    for (const auto& h : p->hits) seen.insert(h.id);
    ++pages;
    if (p->next_cursor.empty()) break;
    q.cursor = p->next_cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  auto bad = (*reader)->Search(SearchQuery{"\"unbalanced"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
}

TEST(ExportTest, StreamsOldestFirstWithFilters) {
  testing::TempDir dir;
  auto store = Store::Open(testing::TestOptions(dir));
  ASSERT_OK(store);
  const TimePoint t0 = *MakeUtc(2026, 11, 1);
  std::vector<Article> v;
  for (int i = 0; i < 6; ++i) {
    auto a = MakeArticle(i % 2 ? "b" : "a", std::to_string(i),
                         "https://e.example/" + std::to_string(i), "T" + std::to_string(i),
                         "Body " + std::to_string(i), t0 + std::chrono::hours(10 - i));
    a.simhash = 0;
    a.entities = {Entity{"Body", EntityType::kOrg, 0, 4, "Body Corp"}};
    a.quotes = {Quote{"x", std::string("Someone"), 0, 1}};
    a.quantities = {Quantity{"5 trucks", 5, "trucks", true, 1, 2}};
    a.dates = {DateSpan{"Nov 1", "2026-11-01", "2026-11-01", 0, 3}};
    v.push_back(a);
  }
  ASSERT_OK(SubmitAndWait(**store, BatchOf(v)));
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  std::vector<std::string> titles;
  ExportFilter f;
  f.since = t0 + std::chrono::hours(6);
  f.until = t0 + std::chrono::hours(10);
  ASSERT_OK((*reader)->Export(f, [&](const Article& a) -> Status {
    titles.push_back(a.title);
    EXPECT_EQ(a.entities.size(), 1u);
    EXPECT_EQ(a.quantities.size(), 1u);
    EXPECT_EQ(a.quantities[0].unit, "trucks");
    EXPECT_EQ(a.dates.size(), 1u);
    EXPECT_EQ(a.quotes.size(), 1u);
    return OkStatus();
  }));
  EXPECT_EQ(titles, (std::vector<std::string>{"T4", "T3", "T2", "T1"}));
  titles.clear();
  f = ExportFilter{};
  f.feed = "b";
  ASSERT_OK((*reader)->Export(f, [&](const Article& a) -> Status {
    titles.push_back(a.title);
    return OkStatus();
  }));
  EXPECT_EQ(titles, (std::vector<std::string>{"T5", "T3", "T1"}));
}

TEST(RetentionTest, DeletesOldArticlesWithAllRowsAndKeepsFtsConsistent) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  const TimePoint t0 = *MakeUtc(2026, 1, 1);
  const std::string body = testing::TestText("spanish_article.txt");
  std::vector<Article> old, fresh;
  auto routing = std::make_shared<AlertRouting>();
  (*routing)["w"] = WatchRoute{{"hook"}, false};
  for (int i = 0; i < 600; ++i) {
    auto a = MakeArticle("f", "old-" + std::to_string(i), "https://r.example/o" + std::to_string(i),
                         "Old " + std::to_string(i), "viejo " + std::to_string(i) + " " + body,
                         t0 + std::chrono::seconds(i));
    a.simhash = 0;
    a.entities = {Entity{"viejo", EntityType::kLoc, 0, 5, ""}};
    a.matches = {WatchMatch{"w", 1, {}}};
    old.push_back(std::move(a));
  }
  for (int i = 0; i < 10; ++i) {
    auto a = MakeArticle("f", "new-" + std::to_string(i), "https://r.example/n" + std::to_string(i),
                         "New " + std::to_string(i), "nuevo " + std::to_string(i) + " " + body,
                         t0 + std::chrono::days(100));
    a.simhash = 0;
    fresh.push_back(std::move(a));
  }
  WriteBatch ob = BatchOf(old);
  ob.routing = routing;
  ASSERT_OK(SubmitAndWait(**store, std::move(ob)));
  ASSERT_OK(SubmitAndWait(**store, BatchOf(fresh)));
  auto report = (*store)->RunRetention(t0 + std::chrono::days(90));
  ASSERT_OK(report);
  EXPECT_EQ(report->articles_deleted, 600);  // two chunks of at most 500
  EXPECT_GT(report->pages_freed, 0);
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  ASSERT_OK((*reader)->CheckIntegrity());
  auto stats = (*reader)->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->articles, 10);
  EXPECT_EQ(stats->alerts, 0);
  EXPECT_EQ(stats->outbox_pending, 0);
  EXPECT_EQ(stats->free_pages, 0);
  auto db = Raw(opts.path);
  for (const char* t : {"entities", "article_sources"}) {
    auto n = db.QueryInt(std::string("SELECT count(*) FROM ") + t +
                         " WHERE article_id NOT IN (SELECT id FROM articles)");
    ASSERT_OK(n);
    EXPECT_EQ(*n, 0) << t;
  }
  auto hits = (*reader)->Search(SearchQuery{"viejo"});
  ASSERT_OK(hits);
  EXPECT_TRUE(hits->hits.empty());
  auto fresh_hits = (*reader)->Search(SearchQuery{"nuevo"});
  ASSERT_OK(fresh_hits);
  EXPECT_EQ(fresh_hits->hits.size(), 10u);
}

}  // namespace
}  // namespace newsd
