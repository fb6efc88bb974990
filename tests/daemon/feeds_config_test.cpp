// [feeds] include / managed: feeds kept in files included by the config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/feeds_file.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

constexpr const char* kMain =
    "[daemon]\nstate_dir = \"var\"\n\n[feeds]\ninclude = [\"feeds.d/*.toml\"]\n\n"
    "[[feed]]\nid = \"main-one\"\nurl = \"https://main.example/rss\"\n";

TEST(FeedsConfigTest, IncludedFilesAndTheManagedFileAddFeedsInOrder) {
  TempDir dir;
  const std::string cfg = dir.Write("newsd.toml", kMain);
  std::filesystem::create_directories(dir.path() / "feeds.d");
  dir.Write("feeds.d/b.toml", "[[feed]]\nid = \"b\"\nurl = \"https://b.example/feed\"\n");
  dir.Write("feeds.d/a.toml",
            "[[feed]]\nid = \"a\"\nurl = \"file:local.xml\"\ntitle = \"A site\"\n"
            "tags = [\"x\", \"y\"]\n");
  dir.Write("feeds.d/notes.txt", "not toml, not matched by the glob");
  auto c = LoadConfig(cfg);
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 3u);  // main, then a.toml, b.toml (sorted)
  EXPECT_EQ(c->feeds[0].id, "main-one");
  EXPECT_EQ(c->feeds[1].id, "a");
  EXPECT_EQ(c->feeds[1].title, "A site");
  EXPECT_EQ(c->feeds[1].tags, (std::vector<std::string>{"x", "y"}));
  // Relative file: URLs resolve against the included file's directory.
  EXPECT_EQ(c->feeds[1].url, "file://" + (dir.path() / "feeds.d/local.xml").string());
  EXPECT_EQ(c->feeds[1].origin, (dir.path() / "feeds.d/a.toml").string() + ":1");
  EXPECT_EQ(c->feeds[2].id, "b");
  // managed.toml (created now) is matched by the glob too and read once.
  EXPECT_EQ(c->feeds_section.managed, (dir.path() / "feeds.d/managed.toml").string());
  ASSERT_OK(AppendManagedFeeds(c->feeds_section.managed,
                               {NewFeed{"m", "https://m.example/atom", "M", {"t"}}}));
  auto again = LoadConfig(cfg);
  ASSERT_OK(again);
  ASSERT_EQ(again->feeds.size(), 4u);
  EXPECT_EQ(again->feeds[3].id, "m");
  EXPECT_EQ(again->feeds[3].tags, std::vector<std::string>{"t"});
}

TEST(FeedsConfigTest, ManagedFileIsReadWithoutAnIncludeAndMayBeMoved) {
  TempDir dir;
  const std::string cfg = dir.Write("newsd.toml", "[feeds]\nmanaged = \"subs/mine.toml\"\n");
  ASSERT_OK(AppendManagedFeeds(dir.str() + "/subs/mine.toml",
                               {NewFeed{"x", "https://x.example/", "", {}}}));
  auto c = LoadConfig(cfg);
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 1u);
  EXPECT_EQ(c->feeds[0].id, "x");
  ASSERT_OK(RemoveManagedFeed(dir.str() + "/subs/mine.toml", "x"));
  EXPECT_FALSE(RemoveManagedFeed(dir.str() + "/subs/mine.toml", "x"));
  auto after = LoadConfig(cfg);
  ASSERT_OK(after);
  EXPECT_TRUE(after->feeds.empty());
}

TEST(FeedsConfigTest, ErrorInAnIncludedFileNamesThatFileLineAndKey) {
  TempDir dir;
  const std::string cfg = dir.Write("newsd.toml", kMain);
  std::filesystem::create_directories(dir.path() / "feeds.d");
  const std::string inc = dir.Write("feeds.d/bad.toml",
                                    "[[feed]]\nid = \"ok\"\nurl = \"https://ok.example/\"\n\n"
                                    "[[feed]]\nid = \"late\"\nurl = \"https://l.example/\"\n"
                                    "interval = \"5 mins\"\nurll = \"x\"\n");
  auto c = LoadConfig(cfg);
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message, HasSubstr(inc + ":8:12: [[feed]] \"late\" interval:"));
  EXPECT_THAT(
      c.error().message,
      HasSubstr(inc + ":9:1: [[feed]] \"late\": unknown key \"urll\" (did you mean \"url\"?)"));
  EXPECT_THAT(c.error().message, Not(HasSubstr(cfg + ":")));
}

TEST(FeedsConfigTest, DuplicateIdAcrossFilesNamesBothPlaces) {
  TempDir dir;
  const std::string cfg = dir.Write("newsd.toml", kMain);
  std::filesystem::create_directories(dir.path() / "feeds.d");
  dir.Write("feeds.d/a.toml", "[[feed]]\nid = \"shared\"\nurl = \"https://a.example/\"\n");
  const std::string b = dir.Write("feeds.d/b.toml",
                                  "\n[[feed]]\nid = \"shared\"\nurl = \"https://b.example/\"\n\n"
                                  "[[feed]]\nid = \"main-one\"\nurl = \"https://c.example/\"\n");
  auto c = LoadConfig(cfg);
  ASSERT_FALSE(c);
  const std::string a = (dir.path() / "feeds.d/a.toml").string();
  EXPECT_THAT(c.error().message, HasSubstr(b +
                                           ":3:6: [[feed]] \"shared\" id: duplicate feed id "
                                           "\"shared\", also defined at " +
                                           a + ":1"));
  EXPECT_THAT(c.error().message,
              HasSubstr(b +
                        ":7:6: [[feed]] \"main-one\" id: duplicate feed id \"main-one\", "
                        "also defined at " +
                        cfg + ":7"));
}

TEST(FeedsConfigTest, MissingIncludeAndForeignKeysAreErrors) {
  TempDir dir;
  const std::string cfg = dir.Write(
      "newsd.toml", "[feeds]\ninclude = [\"extra.toml\", \"none.d/*.toml\"]\nmanged = \"x\"\n");
  auto c = LoadConfig(cfg);
  ASSERT_FALSE(c);
  EXPECT_THAT(c.error().message,
              HasSubstr(cfg + ":2:11: [feeds] include: no file \"" + dir.str() + "/extra.toml\""));
  EXPECT_THAT(c.error().message, HasSubstr("unknown key \"manged\" (did you mean \"managed\"?)"));
  // A glob that matches nothing is fine; a [[watch]] in an included file is not.
  const std::string inc = dir.Write("extra.toml", "[[watch]]\nid = \"w\"\nquery = \"x\"\n");
  dir.Write("newsd.toml", "[feeds]\ninclude = [\"extra.toml\", \"none.d/*.toml\"]\n");
  auto d = LoadConfig(cfg);
  ASSERT_FALSE(d);
  EXPECT_THAT(d.error().message, HasSubstr(inc + ":1:"));
  EXPECT_THAT(d.error().message, HasSubstr("unknown top-level key \"watch\" (an included feeds "
                                           "file holds only [[feed]] tables)"));
}

TEST(FeedsConfigTest, WatchesMayNameFeedsFromIncludedFiles) {
  TempDir dir;
  dir.Write("more.toml", "[[feed]]\nid = \"inc\"\nurl = \"https://i.example/\"\n");
  const std::string cfg =
      dir.Write("newsd.toml",
                "[feeds]\ninclude = [\"more.toml\"]\n\n[[sink]]\nid = \"l\"\ntype = \"log\"\n\n"
                "[[watch]]\nid = \"w\"\nquery = \"x\"\nfeeds = [\"inc\"]\nnotify = [\"l\"]\n");
  EXPECT_OK(LoadConfig(cfg));
}

TEST(FeedsConfigTest, FeedIdsAreStableSlugsMadeUnique) {
  std::set<std::string> taken{"bbc-news"};
  EXPECT_EQ(MakeFeedId("BBC News", "https://bbc.co.uk/rss", taken), "bbc-news-2");
  EXPECT_EQ(MakeFeedId("BBC News", "https://bbc.co.uk/rss", taken), "bbc-news-3");
  EXPECT_EQ(MakeFeedId("", "https://www.Example.org/feed", taken), "example-org");
  EXPECT_EQ(MakeFeedId("日本語", "https://www.nhk.or.jp/rss", taken), "nhk-or-jp");
  EXPECT_EQ(MakeFeedId("  Le Monde — À la une  ", "https://lemonde.fr/", taken), "le-monde-la-une");
}

}  // namespace
}  // namespace newsd
