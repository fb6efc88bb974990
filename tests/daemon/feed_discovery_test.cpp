// Feed discovery (`newsd feeds add URL`) on saved real pages served over
// loopback: <link rel="alternate"> (absolute, root- and path-relative hrefs),
// a page without links where a common path works, a page that is a feed,
// and nothing found.
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/feed_discovery.h"
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

const std::vector<std::pair<std::string, std::string>> kHtml = {
    {"Content-Type", "text/html; charset=utf-8"}};

std::string Page(const std::string& name) { return ReadFile(DataPath("discovery/" + name)); }
std::string SampleFeed(const std::string& name) {
  return ReadFile(std::string(NEWSD_SOURCE_DIR) + "/examples/feeds/" + name);
}

struct Site {
  TempDir dir;
  HttpTestServer server;
  std::string cfg = dir.Write("newsd.toml", "[daemon]\nstate_dir = \"var\"\n");

  RunResult Add(std::vector<std::string> args) {
    std::vector<std::string> argv = {NEWSD_BINARY, "--config", cfg, "feeds", "add"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv, std::chrono::seconds(60));
  }
  Result<Config> Load() const { return LoadConfig(cfg); }
};

TEST(FeedDiscoveryTest, FindsAlternateLinksAndResolvesThem) {
  const auto cnn = FindFeedLinks(Page("cnn_main_site.html"), "https://edition.cnn.com/");
  ASSERT_EQ(cnn.size(), 1u);  // the text/html alternates are not feeds
  EXPECT_EQ(cnn[0].url, "http://rss.cnn.com/rss/edition.rss");
  EXPECT_EQ(cnn[0].type, "application/rss+xml");
  EXPECT_EQ(cnn[0].title, "CNN - Top Stories [RSS]");
  const auto taz = FindFeedLinks(Page("taz.de.siemens.html"), "https://taz.de/Siemens/!5000/");
  ASSERT_FALSE(taz.empty());
  EXPECT_EQ(taz[0].url, "https://taz.de/!p4623/rss.xml");
  const auto lvdi = FindFeedLinks(Page("laviedesidees.fr.evaluation.html"),
                                  "https://laviedesidees.fr/dossiers/Evaluation.html");
  ASSERT_FALSE(lvdi.empty());
  EXPECT_EQ(lvdi[0].url, "https://laviedesidees.fr/dossiers/spip.php?page=backend");
  EXPECT_TRUE(FindFeedLinks(Page("arabic_article.html"), "https://a.example/").empty());
  // <base href> wins over the page URL; rel is a token list, type case-insensitive.
  const auto based = FindFeedLinks(
      "<html><head><base href=\"https://cdn.example/x/\"><link rel=\"Alternate home\" "
      "type=\"Application/Atom+XML\" href=\"atom.xml\"><link rel=\"alternate\" "
      "type=\"application/feed+json\" href=\" /f.json \"></head></html>",
      "https://site.example/a/b");
  ASSERT_EQ(based.size(), 2u);
  EXPECT_EQ(based[0].url, "https://cdn.example/x/atom.xml");
  EXPECT_EQ(based[1].url, "https://cdn.example/f.json");
}

TEST(FeedDiscoveryTest, AddFollowsAnAbsoluteLinkOnARealHomePage) {
  Site s;
  std::string html = Page("cnn_main_site.html");
  html = std::regex_replace(html, std::regex("http://rss\\.cnn\\.com"), s.server.Url(""));
  s.server.Serve("/", html, kHtml);
  s.server.Serve("/rss/edition.rss", SampleFeed("reuters-world.xml"),
                 {{"Content-Type", "application/rss+xml"}});
  auto r = s.Add({s.server.Url("/"), "--tag", "us", "--tag", "tv"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto c = s.Load();
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 1u);
  EXPECT_EQ(c->feeds[0].url, s.server.Url("/rss/edition.rss"));
  EXPECT_EQ(c->feeds[0].id, "reuters-world-news");
  EXPECT_EQ(c->feeds[0].title, "Reuters: World News");
  EXPECT_EQ(c->feeds[0].tags, (std::vector<std::string>{"us", "tv"}));
  EXPECT_THAT(c->feeds[0].origin, HasSubstr("feeds.d/managed.toml:"));
  EXPECT_EQ(s.server.Hits("/rss/edition.rss"), 1);
  // The same feed again: nothing to add.
  auto again = s.Add({s.server.Url("/")});
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("already subscribed: " + s.server.Url("/rss/edition.rss")));
}

TEST(FeedDiscoveryTest, AddResolvesRootAndPathRelativeLinks) {
  Site s;
  s.server.Serve("/Siemens/!5000/", Page("taz.de.siemens.html"), kHtml);
  s.server.Serve("/!p4623/rss.xml", SampleFeed("spiegel.xml"));
  auto r = s.Add({s.server.Url("/Siemens/!5000/")});
  ASSERT_EQ(r.code, 0) << r.err;
  s.server.Serve("/dossiers/Evaluation.html", Page("laviedesidees.fr.evaluation.html"), kHtml);
  s.server.Serve("/dossiers/spip.php", SampleFeed("tpm.atom"),
                 {{"Content-Type", "application/atom+xml"}});
  auto r2 = s.Add({s.server.Url("/dossiers/Evaluation.html"), "--id", "lvdi"});
  ASSERT_EQ(r2.code, 0) << r2.err;
  auto c = s.Load();
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 2u);
  EXPECT_EQ(c->feeds[0].url, s.server.Url("/!p4623/rss.xml"));
  EXPECT_EQ(c->feeds[1].id, "lvdi");
  EXPECT_EQ(c->feeds[1].url, s.server.Url("/dossiers/spip.php?page=backend"));
  ASSERT_EQ(s.server.Requests("/dossiers/spip.php").size(), 1u);
  EXPECT_EQ(s.server.Requests("/dossiers/spip.php")[0].target, "/dossiers/spip.php?page=backend");
}

TEST(FeedDiscoveryTest, PageWithoutLinksFallsBackToCommonPaths) {
  Site s;
  s.server.Serve("/2024/05/article.html", Page("arabic_article.html"), kHtml);
  // A site that answers every path with HTML does not count as a feed.
  s.server.Serve("/feed", Page("arabic_article.html"), kHtml);
  s.server.Serve("/rss.xml", SampleFeed("japan-times.xml"));
  auto r = s.Add({s.server.Url("/2024/05/article.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  auto c = s.Load();
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 1u);
  EXPECT_EQ(c->feeds[0].url, s.server.Url("/rss.xml"));
  EXPECT_EQ(s.server.Hits("/feed"), 1);
}

TEST(FeedDiscoveryTest, SeveralFeedsAddTheFirstOrAllOfThem) {
  Site s;
  s.server.Serve("/",
                 "<html><head>"
                 "<link rel=alternate type=application/rss+xml href=/a.xml>"
                 "<link rel=alternate type=application/rss+xml href=/gone.xml>"
                 "<link rel=alternate type=application/atom+xml href=/b.atom>"
                 "</head><body>hi</body></html>",
                 kHtml);
  s.server.Serve("/a.xml", SampleFeed("moscow-times.xml"));
  s.server.Serve("/b.atom", SampleFeed("tpm.atom"));
  auto first = s.Add({s.server.Url("/")});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("found 2 feeds"));
  EXPECT_THAT(first.err, HasSubstr("use --all"));
  ASSERT_EQ(s.Load()->feeds.size(), 1u);
  auto all = s.Add({s.server.Url("/"), "--all"});
  ASSERT_EQ(all.code, 0) << all.err;
  auto c = s.Load();
  ASSERT_OK(c);
  ASSERT_EQ(c->feeds.size(), 2u);
  EXPECT_EQ(c->feeds[1].url, s.server.Url("/b.atom"));
}

TEST(FeedDiscoveryTest, AFeedUrlIsAddedAsIsAndNothingFoundIsAClearError) {
  Site s;
  s.server.Serve("/news.rdf", SampleFeed("orf-at.rdf"));
  auto r = s.Add({s.server.Url("/news.rdf")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(s.server.Hits("/feed"), 0);  // no discovery needed

  s.server.Serve("/page.html", Page("arabic_article.html"), kHtml);
  auto none = s.Add({s.server.Url("/page.html")});
  EXPECT_EQ(none.code, 1);
  EXPECT_THAT(none.err, HasSubstr("no feed found at " + s.server.Url("/page.html") +
                                  ": the page is not a feed, it declares no <link "
                                  "rel=\"alternate\"> feed, and none of the common paths"));
  auto down = s.Add({s.server.Url("/missing")});
  EXPECT_EQ(down.code, 1);
  EXPECT_THAT(down.err, HasSubstr("HTTP status 404"));
  auto c = s.Load();
  ASSERT_OK(c);
  EXPECT_EQ(c->feeds.size(), 1u);
}

}  // namespace
}  // namespace newsd
