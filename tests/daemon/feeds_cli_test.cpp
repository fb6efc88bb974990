// `newsd feeds import|export|list|add|remove` through the real binary: OPML
// round trip, a messy real-world-shaped import, discovery on saved real pages
// served over loopback, and the feed state table after a poll.
#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>
#include <tuple>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "daemon/config.h"
#include "tests/support/http_test_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::DataPath;
using ::testing::HasSubstr;
using testing::HttpTestServer;
using testing::ReadFile;
using testing::RunCommand;
using testing::RunResult;
using testing::TempDir;

std::string MinimalConfig(const TempDir& dir, const std::string& extra = "") {
  return dir.Write("newsd.toml",
                   "[daemon]\nstate_dir = \"var\"\n\n[fetch]\ntimeout = \"10s\"\n" + extra);
}

RunResult Feeds(const std::string& cfg, std::vector<std::string> args) {
  std::vector<std::string> argv = {NEWSD_BINARY, "--config", cfg, "feeds"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, std::chrono::seconds(60));
}

// (id, url, tags) of every feed, sorted, from `feeds list --json`.
using FeedRow = std::tuple<std::string, std::string, std::vector<std::string>>;
std::vector<FeedRow> ListedFeeds(const std::string& cfg) {
  auto r = Feeds(cfg, {"list", "--json"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::vector<FeedRow> rows;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    const auto o = boost::json::parse(line).as_object();
    std::vector<std::string> tags;
    for (const auto& t : o.at("tags").as_array()) tags.emplace_back(t.as_string());
    rows.emplace_back(std::string(o.at("id").as_string()), std::string(o.at("url").as_string()),
                      tags);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(FeedsCliTest, ImportOfAMessyOpmlSkipsWhatItCannotUse) {
  TempDir dir;
  const std::string cfg = MinimalConfig(
      dir,
      "\n[[feed]]\nid = \"spiegel\"\nurl = \"https://www.spiegel.de/schlagzeilen/index.rss\"\n");
  auto r = Feeds(cfg, {"import", DataPath("opml/messy.opml")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("imported 5 feeds into " + dir.str() +
                               "/feeds.d/managed.toml; "
                               "skipped 1 already subscribed, 1 repeated in the file, 2 without "
                               "a usable URL"));
  EXPECT_THAT(r.err, HasSubstr("skipped \"feed://podcasts.example.net/show\": unsupported scheme"));
  const auto rows = ListedFeeds(cfg);
  const std::vector<FeedRow> want = {
      {"ars-technica", "https://feeds.arstechnica.com/arstechnica/index", {"tech", "science"}},
      {"bbc-news-world", "https://feeds.bbci.co.uk/news/world/rss.xml", {"News"}},
      {"japantimes-co-jp", "https://www.japantimes.co.jp/feed/", {}},
      {"le-monde-fr-actualit-s", "https://www.lemonde.fr/rss/une.xml", {"News"}},
      {"orf", "https://rss.orf.at/news.xml", {"News", "Europe"}},
      {"spiegel", "https://www.spiegel.de/schlagzeilen/index.rss", {}},
  };
  EXPECT_EQ(rows, want);
  // Importing again adds nothing.
  auto again = Feeds(cfg, {"import", DataPath("opml/messy.opml")});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("imported 0 feeds"));
  EXPECT_EQ(ListedFeeds(cfg).size(), 6u);
}

TEST(FeedsCliTest, OpmlRoundTripKeepsFeedsAndTags) {
  for (const char* file : {"opml/example.opml", "opml/test-urls+.opml", "opml/messy.opml"}) {
    SCOPED_TRACE(file);
    TempDir a, b;
    const std::string cfg_a = MinimalConfig(a), cfg_b = MinimalConfig(b);
    ASSERT_EQ(Feeds(cfg_a, {"import", DataPath(file)}).code, 0);
    auto exported = Feeds(cfg_a, {"export"});
    ASSERT_EQ(exported.code, 0) << exported.err;
    EXPECT_THAT(exported.out, HasSubstr("<opml version=\"2.0\">"));
    const std::string opml = a.Write("out.opml", exported.out);
    ASSERT_EQ(Feeds(cfg_b, {"import", opml}).code, 0);
    const auto first = ListedFeeds(cfg_a);
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(ListedFeeds(cfg_b), first);
  }
}

TEST(FeedsCliTest, ImportReadsNestedFoldersAndCategories) {
  TempDir dir;
  const std::string cfg = MinimalConfig(dir);
  ASSERT_EQ(Feeds(cfg, {"import", DataPath("opml/example.opml")}).code, 0);
  ASSERT_EQ(Feeds(cfg, {"import", DataPath("opml/category.opml")}).code, 0);
  const auto rows = ListedFeeds(cfg);
  auto find = [&](const std::string& url) {
    for (const auto& r : rows) {
      if (std::get<1>(r) == url) return std::get<2>(r);
    }
    ADD_FAILURE() << "no " << url;
    return std::vector<std::string>{};
  };
  // text="Blogs" wins over title="should be ignored"; folders nest.
  EXPECT_EQ(find("https://blogs.example.com/~mike/.rss"),
            (std::vector<std::string>{"Blogs", "friends"}));
  EXPECT_EQ(find("https://example.com/feed.xml"), std::vector<std::string>{});
  EXPECT_EQ(find("http://feeds.bbci.co.uk/news/business/rss.xml?edition=int"),
            (std::vector<std::string>{"tag one", "tag_two", "tag/three"}));
  auto broken = Feeds(cfg, {"import", DataPath("opml/body-element-missing.opml")});
  EXPECT_EQ(broken.code, 2);
  EXPECT_THAT(broken.err, HasSubstr("has no <body>"));
}

TEST(FeedsCliTest, RemoveOnlyTouchesTheManagedFile) {
  TempDir dir;
  const std::string cfg =
      MinimalConfig(dir, "\n[[feed]]\nid = \"hand\"\nurl = \"https://hand.example/rss\"\n");
  ASSERT_EQ(Feeds(cfg, {"import", DataPath("opml/test-urls+.opml")}).code, 0);
  ASSERT_EQ(ListedFeeds(cfg).size(), 5u);
  auto r = Feeds(cfg, {"remove", "anotherfeed"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ListedFeeds(cfg).size(), 4u);
  auto hand = Feeds(cfg, {"remove", "hand"});
  EXPECT_EQ(hand.code, 2);
  EXPECT_THAT(hand.err, HasSubstr("is defined at " + cfg + ":7"));
  EXPECT_EQ(Feeds(cfg, {"remove", "nope"}).code, 2);
  EXPECT_EQ(ListedFeeds(cfg).size(), 4u);
}

TEST(FeedsCliTest, ListShowsPollingStateAfterOnce) {
  TempDir dir;
  const std::string feed = std::string(NEWSD_SOURCE_DIR) + "/examples/feeds/spiegel.xml";
  const std::string cfg = MinimalConfig(
      dir, "\n[[feed]]\nid = \"spiegel\"\nurl = \"file://" + feed +
               "\"\n\n[[feed]]\nid = \"missing\"\nurl = \"file://" + dir.str() + "/none.xml\"\n");
  auto before = Feeds(cfg, {"list"});
  ASSERT_EQ(before.code, 0) << before.err;
  EXPECT_THAT(before.out, ::testing::ContainsRegex("spiegel +new "));
  auto once = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(60));
  ASSERT_EQ(once.code, 0) << once.err;
  auto r = Feeds(cfg, {"list", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  std::string line;
  int seen = 0;
  while (std::getline(in, line)) {
    const auto o = boost::json::parse(line).as_object();
    ++seen;
    if (o.at("id").as_string() == "spiegel") {
      EXPECT_EQ(o.at("last_status").as_int64(), 200);
      EXPECT_TRUE(o.at("last_success").is_string());
      EXPECT_TRUE(o.at("next_poll").is_string());
      EXPECT_EQ(o.at("consecutive_errors").as_int64(), 0);
    } else {
      EXPECT_EQ(o.at("consecutive_errors").as_int64(), 1);
      EXPECT_TRUE(o.at("last_success").is_null());
      EXPECT_FALSE(o.at("last_error").as_string().empty());
    }
  }
  EXPECT_EQ(seen, 2);
  auto table = Feeds(cfg, {"list"});
  EXPECT_THAT(table.out, ::testing::ContainsRegex("spiegel +200 +20[0-9-]+T"));
  EXPECT_THAT(table.out, ::testing::ContainsRegex("missing +err +- +1 "));
}

}  // namespace
}  // namespace newsd
