// Schema version 5 (compact dedup indexes): a version-4 file written by the
// version-4 newsd binary migrates in place and deduplication still finds its
// articles; every dedup lookup is an index search (EXPLAIN QUERY PLAN).
//
// tests/data/storage/v4.db was made by `newsd once` of the schema-4 binary
// (main, built 2026-11-23 15:51 UTC) over two file: feeds, twice (see
// tests/data/storage/README.md): article 1 (layer-3 source from a second feed, then revision 2),
// article 2 (plus a layer-4 content-hash source), article 3 (near-duplicate of 2), article 4 (new).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "storage/article_writer.h"
#include "storage/codec.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

using testing::SubmitAndWait;

storage::Db Raw(const std::string& path) {
  storage::ConnectionOptions co;
  co.path = path;
  auto db = storage::OpenConnection(co);
  EXPECT_TRUE(db.has_value());
  return std::move(*db);
}

struct StoredRow {
  std::string feed, guid, canonical_url, title, content_hash;
  std::uint64_t simhash = 0;
  std::int64_t fetched = 0;
  std::int64_t revision = 0;
  bool operator==(const StoredRow&) const = default;
};

std::map<std::int64_t, StoredRow> Rows(storage::Db& db) {
  std::map<std::int64_t, StoredRow> out;
  auto s = db.Prepare(
      "SELECT id, feed, guid, canonical_url, title, content_hash, simhash, fetched, revision "
      "FROM articles ORDER BY id");
  EXPECT_TRUE(s.has_value());
  if (!s) return out;
  while (true) {
    auto row = s->Step();
    if (!row || !*row) break;
    out[s->Int(0)] = StoredRow{s->Text(1), s->Text(2), s->Text(3),
                               s->Text(4), s->Text(5), storage::SimhashFromColumn(s->Int(6)),
                               s->Int(7),  s->Int(8)};
  }
  return out;
}

std::string CopyV4File(const testing::TempDir& dir) {
  const std::string path = dir.str() + "/newsd.db";
  std::filesystem::copy_file(testing::DataPath("storage/v4.db"), path);
  return path;
}

std::string QueryPlan(storage::Db& db, const std::string& sql) {
  auto s = db.Prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(s.has_value()) << sql;
  std::string plan;
  if (!s) return plan;
  while (true) {
    auto row = s->Step();
    if (!row || !*row) break;
    plan += s->Text(3) + "\n";
  }
  return plan;
}

Article Item(const std::string& feed, const std::string& guid, const std::string& url,
             const StoredRow& like, std::int64_t fetched) {
  Article a;
  a.feed = feed;
  a.guid = guid;
  a.url = url;
  a.canonical_url = CanonicalizeUrl(url);
  a.title = like.title;
  a.text = "Text of " + guid + ".";
  a.lang = "en";
  a.fetched = storage::FromUnix(fetched);
  a.content_hash = like.content_hash;
  a.simhash = like.simhash;
  return a;
}

TEST(MigrationTest, VersionFourFileMigratesAndDedupStillFindsItsArticles) {
  testing::TempDir dir;
  const std::string path = CopyV4File(dir);
  std::map<std::int64_t, StoredRow> before;
  std::string raw_hash_a4;
  {
    auto db = Raw(path);
    auto v = db.QueryInt("PRAGMA user_version");
    ASSERT_OK(v);
    ASSERT_EQ(*v, 4);
    before = Rows(db);
    auto s =
        db.Prepare("SELECT raw_hash FROM article_sources WHERE feed = 'feeda' AND guid = 'a-4'");
    ASSERT_OK(s);
    auto row = s->Step();
    ASSERT_TRUE(row && *row);
    raw_hash_a4 = s->Text(0);
  }
  ASSERT_EQ(before.size(), 4u);
  ASSERT_EQ(before[1].revision, 2);

  auto opts = testing::TestOptions(dir);
  opts.fts = true;
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  {
    auto db = Raw(path);
    auto v = db.QueryInt("PRAGMA user_version");
    ASSERT_OK(v);
    EXPECT_EQ(*v, 5);
    // Stored values (content hash, SimHash, ...) are untouched by the migration.
    EXPECT_EQ(Rows(db), before);
    auto old_index = db.QueryInt(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = "
        "'articles_content_hash'");
    ASSERT_OK(old_index);
    EXPECT_EQ(*old_index, 0);
    auto band_cols = db.QueryInt("SELECT count(*) FROM pragma_index_info('articles_sh2')");
    ASSERT_OK(band_cols);
    EXPECT_EQ(*band_cols, 2);  // (sh2, simhash): no fetched
    auto ok = db.Prepare("PRAGMA integrity_check");
    ASSERT_OK(ok);
    ASSERT_TRUE(ok->Step().value_or(false));
    EXPECT_EQ(ok->Text(0), "ok");
  }

  const std::int64_t t = before[4].fetched;
  WriteBatch b;
  // Layer 1: the same feed item with the same raw content.
  b.articles.push_back(Item("feeda", "a-4", "https://news.example/es/uno", before[4], t + 60));
  b.raw_hashes.push_back(raw_hash_a4);
  // Layer 3: article 1's canonical URL (other tracking parameters), same content.
  b.articles.push_back(
      Item("feedc", "c-1", "https://news.example/story/one?utm_medium=social", before[1], t + 60));
  // Layer 4: article 2's content hash under a new URL.
  b.articles.push_back(Item("feedc", "c-2", "https://elsewhere.example/two", before[2], t + 60));
  // Layer 5: SimHash 2 bits from article 4's, inside the 7-day window.
  StoredRow near = before[4];
  near.content_hash = "sha256:" + std::string(64, 'a');
  near.simhash ^= 0x0000000100000001ull;
  b.articles.push_back(Item("feedc", "c-3", "https://third.example/x", near, t + 3600));
  // Same SimHash distance but fetched 8 days later: outside the window, new.
  StoredRow late = near;
  late.content_hash = "sha256:" + std::string(64, 'b');
  b.articles.push_back(Item("feedc", "c-4", "https://fourth.example/y", late, t + 8 * 86400));
  for (std::size_t i = b.raw_hashes.size(); i < b.articles.size(); ++i) {
    b.raw_hashes.push_back("raw-" + std::to_string(i));
  }
  auto out = SubmitAndWait(**store, std::move(b));
  ASSERT_OK(out);
  ASSERT_EQ(out->size(), 5u);
  const auto& o = *out;
  EXPECT_EQ(o[0].layer, DedupLayer::kUnchanged);
  EXPECT_EQ(o[0].article_id, 4);
  EXPECT_EQ(o[1].layer, DedupLayer::kCanonicalUrl);
  EXPECT_EQ(o[1].article_id, 1);
  EXPECT_EQ(o[1].revision, 2);
  EXPECT_EQ(o[2].layer, DedupLayer::kContentHash);
  EXPECT_EQ(o[2].article_id, 2);
  EXPECT_EQ(o[3].layer, DedupLayer::kNearDuplicate);
  EXPECT_EQ(o[3].duplicate_of, std::optional<std::int64_t>(4));
  EXPECT_EQ(o[4].layer, DedupLayer::kNone);
  EXPECT_FALSE(o[4].duplicate_of.has_value());
  EXPECT_GT(o[4].article_id, 4);

  // The old near-duplicate link and the FTS index survived too.
  auto reader = (*store)->NewReader();
  ASSERT_OK(reader);
  auto old_dup = (*reader)->GetArticle(3);
  ASSERT_OK(old_dup);
  ASSERT_TRUE(old_dup->has_value());
  EXPECT_EQ((*old_dup)->article.duplicate_of, std::optional<std::int64_t>(2));
  auto revised = (*reader)->GetArticle(1);
  ASSERT_OK(revised);
  ASSERT_TRUE(revised->has_value());
  ASSERT_EQ((*revised)->revisions.size(), 1u);
  EXPECT_EQ((*revised)->revisions[0].title, "Story one");
  SearchQuery q;
  q.query = "corrected";
  auto page = (*reader)->Search(q);
  ASSERT_OK(page);
  ASSERT_EQ(page->hits.size(), 1u);
  EXPECT_EQ(page->hits[0].id, 1);
  auto db = Raw(path);
  EXPECT_OK(db.Exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"));
}

TEST(MigrationTest, EveryDedupLookupIsAnIndexSearch) {
  testing::TempDir dir;
  auto store = Store::Open(testing::TestOptions(dir));
  ASSERT_OK(store);
  auto db = Raw(testing::TestOptions(dir).path);
  const std::vector<std::tuple<std::string, std::string>> want = {
      {storage::kSourceLookupSql, "SEARCH article_sources USING PRIMARY KEY (feed=? AND guid=?)"},
      {storage::kUrlLookupSql,
       "SEARCH articles USING COVERING INDEX articles_canonical_url (canonical_url=?)"},
      {storage::kContentHashLookupSql,
       "SEARCH articles USING INDEX articles_content_key (<expr>=?)"},
      {storage::BandLookupSql(0), "SEARCH articles USING COVERING INDEX articles_sh0 (sh0=?)"},
      {storage::BandLookupSql(3), "SEARCH articles USING COVERING INDEX articles_sh3 (sh3=?)"},
  };
  for (const auto& [sql, step] : want) {
    const std::string plan = QueryPlan(db, sql);
    EXPECT_EQ(plan, step + "\n") << sql;
  }
}

TEST(MigrationTest, ContentHashLookupComparesTheWholeHash) {
  // Two hashes that share the indexed last 12 characters: the second is not a
  // duplicate of the first.
  testing::TempDir dir;
  auto store = Store::Open(testing::TestOptions(dir));
  ASSERT_OK(store);
  const std::string tail = "0123456789ab";
  auto a = testing::MakeArticle("f", "1", "https://x.example/1", "One", "First text here.");
  a.content_hash = "sha256:" + std::string(52, 'c') + tail;
  auto b = testing::MakeArticle("f", "2", "https://x.example/2", "Two", "Other words entirely.");
  b.content_hash = "sha256:" + std::string(52, 'd') + tail;
  auto c = b;
  c.guid = "3";
  c.url = c.canonical_url = "https://y.example/3";
  auto out = SubmitAndWait(**store, testing::BatchOf({a, b, c}));
  ASSERT_OK(out);
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].layer, DedupLayer::kNone);
  EXPECT_EQ((*out)[1].layer, DedupLayer::kNone);
  EXPECT_NE((*out)[1].article_id, (*out)[0].article_id);
  EXPECT_EQ((*out)[2].layer, DedupLayer::kContentHash);
  EXPECT_EQ((*out)[2].article_id, (*out)[1].article_id);
}

}  // namespace
}  // namespace newsd
