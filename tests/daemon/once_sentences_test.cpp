// `newsd once` runs the sentences stage only when something reads sentence
// offsets ([pipeline] facts = true); with facts off the articles are stored
// without them, with everything else (text, language, hashes) as before.
#include <sqlite3.h>

#include <string>

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::RunCommand;
using testing::TempDir;

struct Counts {
  int articles = 0;
  int with_text = 0;
  int with_sentences = 0;
  int with_lang = 0;
  int with_hashes = 0;
};

Counts Count(const std::string& db_path) {
  Counts c;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return c;
  }
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT count(*), sum(length(text) > 0), sum(length(sentences) > 0), sum(lang != ''), "
      "sum(content_hash LIKE 'sha256:%' AND simhash IS NOT NULL) FROM articles";
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    c.articles = sqlite3_column_int(st, 0);
    c.with_text = sqlite3_column_int(st, 1);
    c.with_sentences = sqlite3_column_int(st, 2);
    c.with_lang = sqlite3_column_int(st, 3);
    c.with_hashes = sqlite3_column_int(st, 4);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return c;
}

Counts OnceWithFacts(const TempDir& dir, const std::string& name, bool facts) {
  const std::string feed =
      std::string("file://") + NEWSD_SOURCE_DIR + "/examples/feeds/ctv-news.xml";
  const std::string state = dir.str() + "/" + name;
  const std::string cfg = dir.Write(
      name + ".toml",
      "[daemon]\nstate_dir = \"" + state + "\"\n[storage]\nfts = false\n[pipeline]\nfacts = " +
          (facts ? "true" : "false") + "\n[[feed]]\nid = \"ctv\"\nurl = \"" + feed + "\"\n");
  auto r = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(120));
  EXPECT_EQ(r.code, 0) << r.err;
  return Count(state + "/newsd.db");
}

TEST(OnceSentencesTest, StoredOnlyWhenFactsAreOn) {
  TempDir dir;
  const Counts lean = OnceWithFacts(dir, "lean", false);
  ASSERT_GT(lean.articles, 5);
  EXPECT_EQ(lean.with_text, lean.articles);
  EXPECT_EQ(lean.with_lang, lean.articles);
  EXPECT_EQ(lean.with_hashes, lean.articles);
  EXPECT_EQ(lean.with_sentences, 0);

  const Counts full = OnceWithFacts(dir, "full", true);
  EXPECT_EQ(full.articles, lean.articles);
  EXPECT_EQ(full.with_sentences, full.with_text);
}

}  // namespace
}  // namespace newsd
