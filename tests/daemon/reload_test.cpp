// SIGHUP applies feed-list changes live: the real `newsd run` with its feeds
// in an included file; a feed added to the file is polled and stored after
// SIGHUP, a removed one is no longer polled, a broken file is rejected with
// FILE:LINE:COL and the running feeds keep being polled.
#include <signal.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/reader.h"
#include "tests/support/http_test_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;
using testing::HttpTestServer;
using testing::ReadFile;
using testing::Subprocess;
using testing::TempDir;
using testing::WaitFor;

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string SampleFeed(const std::string& name) {
  return ReadFile(std::string(NEWSD_SOURCE_DIR) + "/examples/feeds/" + name);
}

// Articles first stored from `feed` (0 when the database is not there yet).
std::int64_t StoredArticles(const std::string& db, const std::string& feed) {
  if (!std::filesystem::exists(db)) return 0;
  auto r = StoreReader::Open(db);
  if (!r) return 0;
  auto stats = (*r)->Stats();
  if (!stats) return 0;
  for (const auto& f : stats->feeds) {
    if (f.feed == feed) return f.articles;
  }
  return 0;
}

std::string FeedTable(const std::string& id, const std::string& url) {
  return "[[feed]]\nid = \"" + id + "\"\nurl = \"" + url + "\"\ninterval = \"1s\"\n";
}

TEST(ReloadTest, SighupAddsAndRemovesFeedsLive) {
  TempDir dir;
  HttpTestServer server;
  server.Serve("/a.xml", SampleFeed("reuters-world.xml"));
  server.Serve("/b.xml", SampleFeed("guardian.xml"));  // no <ttl>: 1 s polls
  std::filesystem::create_directories(dir.path() / "feeds.d");
  dir.Write("feeds.d/a.toml", FeedTable("a", server.Url("/a.xml")));
  const std::string cfg = dir.Write(
      "newsd.toml",
      "[daemon]\nstate_dir = \"var\"\n\n[http]\nenabled = false\nlisten = \"127.0.0.1:0\"\n\n"
      "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\n\n[fetch]\nhost_gap = \"0s\"\n\n"
      "[feeds]\ninclude = [\"feeds.d/*.toml\"]\n");
  const std::string db = dir.str() + "/var/newsd.db";
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(WaitFor([&] { return StoredArticles(db, "a") > 0; }, std::chrono::seconds(30)))
      << FileText(log);
  EXPECT_EQ(server.Hits("/b.xml"), 0);

  // Add a feed in a new included file.
  dir.Write("feeds.d/b.toml", FeedTable("b", server.Url("/b.xml")));
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return StoredArticles(db, "b") > 0; }, std::chrono::seconds(30)))
      << FileText(log);
  EXPECT_THAT(FileText(log), HasSubstr("reload: feeds 1 added, 0 removed, 0 changed"));
  EXPECT_THAT(FileText(log), ::testing::Not(HasSubstr("take effect only at restart")));

  // A broken file is rejected, naming it; both feeds keep being polled.
  const std::string bad = dir.Write("feeds.d/c.toml", "[[feed]]\nid = \"c\"\nurll = \"x\"\n");
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return FileText(log).find("reload rejected") != std::string::npos; },
                      std::chrono::seconds(10)))
      << FileText(log);
  EXPECT_THAT(FileText(log), HasSubstr(bad + ":3:1: [[feed]] \"c\": unknown key \"urll\""));
  std::filesystem::remove(bad);

  // Remove feed a: after the reload it is not polled again.
  std::filesystem::remove(dir.path() / "feeds.d/a.toml");
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor(
      [&] { return FileText(log).find("reload: feeds 0 added, 1 removed") != std::string::npos; },
      std::chrono::seconds(10)))
      << FileText(log);
  const int a_hits = server.Hits("/a.xml");
  const int b_hits = server.Hits("/b.xml");
  // Feed b (1 s interval) is polled three more times meanwhile.
  ASSERT_TRUE(
      WaitFor([&] { return server.Hits("/b.xml") >= b_hits + 3; }, std::chrono::seconds(20)))
      << FileText(log);
  EXPECT_LE(server.Hits("/a.xml"), a_hits + 1);  // at most a poll already started
  EXPECT_TRUE(p.Running());
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST(ReloadTest, SighupAppliesAChangedUrl) {
  TempDir dir;
  HttpTestServer server;
  server.Serve("/old.xml", SampleFeed("spiegel.xml"));
  server.Serve("/new.xml", SampleFeed("nyt-home.xml"));  // no <ttl>/sy: hints
  const std::string base =
      "[daemon]\nstate_dir = \"var\"\n\n[http]\nenabled = false\nlisten = \"127.0.0.1:0\"\n\n"
      "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\n\n[feeds]\nmanaged = \"mine.toml\"\n\n"
      "[[sink]]\nid = \"l\"\ntype = \"log\"\n\n[[watch]]\nnotify = [\"l\"]\nid = \"w\"\n";
  const std::string cfg = dir.Write("newsd.toml", base + "query = \"Berlin\"\n");
  dir.Write("mine.toml", FeedTable("x", server.Url("/old.xml")));
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(WaitFor([&] { return server.Hits("/old.xml") > 0; }, std::chrono::seconds(30)))
      << FileText(log);
  dir.Write("mine.toml", FeedTable("x", server.Url("/new.xml")));
  dir.Write("newsd.toml", base + "query = \"Tokyo\"\n");  // a changed watch applies too
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return server.Hits("/new.xml") >= 2; }, std::chrono::seconds(30)))
      << FileText(log);
  EXPECT_THAT(FileText(log), HasSubstr("reload: feeds 0 added, 0 removed, 1 changed"));
  EXPECT_THAT(FileText(log), HasSubstr("reload: 1 watches compiled and applied"));
  const int old_hits = server.Hits("/old.xml");
  ASSERT_TRUE(WaitFor([&] { return server.Hits("/new.xml") >= 4; }, std::chrono::seconds(30)));
  EXPECT_LE(server.Hits("/old.xml"), old_hits);
  p.Signal(SIGTERM);
  EXPECT_EQ(p.Wait(std::chrono::seconds(10)).value_or(-1), 0);
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

int Lines(const std::string& path, const std::string& needle) {
  std::ifstream in(path);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line.find(needle) != std::string::npos;
  return n;
}

std::string AlertingConfig(const std::string& feeds, const std::string& watches_and_sinks) {
  return "[daemon]\nstate_dir = \"var\"\n\n[http]\nenabled = false\nlisten = \"127.0.0.1:0\"\n\n"
         "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\n\n[fetch]\nhost_gap = \"0s\"\n\n" +
         feeds + watches_and_sinks;
}

TEST(ReloadTest, SighupAppliesChangedWatchesAndSinksLive) {
  TempDir dir;
  HttpTestServer server;
  server.Serve("/a.xml", SampleFeed("reuters-world.xml"));  // mentions Trump, not China
  server.Serve("/b.xml", SampleFeed("ctv-news.xml"));       // mentions China
  const std::string feed_a = FeedTable("a", server.Url("/a.xml"));
  const std::string feed_b = FeedTable("b", server.Url("/b.xml"));
  const std::string first =
      "[[watch]]\nid = \"trump\"\nquery = 'Trump'\nnotify = [\"one\"]\n\n"
      "[[sink]]\nid = \"one\"\ntype = \"jsonl\"\npath = \"one.jsonl\"\n";
  const std::string cfg = dir.Write("newsd.toml", AlertingConfig(feed_a, first));
  const std::string one = dir.str() + "/one.jsonl";
  const std::string two = dir.str() + "/two.jsonl";
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(
      WaitFor([&] { return Lines(one, "\"watch\":\"trump\"") > 0; }, std::chrono::seconds(30)))
      << FileText(log);

  // A watch rule that does not compile: the whole new config is rejected
  // (feed b is not added either) and the running rules keep working.
  dir.Write("newsd.toml", AlertingConfig(feed_a + feed_b,
                                         first + "\n[[watch]]\nid = \"bad\"\nquery = '(China'\n"));
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return FileText(log).find("reload rejected") != std::string::npos; },
                      std::chrono::seconds(10)))
      << FileText(log);
  EXPECT_EQ(server.Hits("/b.xml"), 0);

  // New watch "china" to a new sink "two"; watch "trump" and sink "one" go.
  dir.Write("newsd.toml",
            AlertingConfig(feed_a + feed_b,
                           "[[watch]]\nid = \"china\"\nquery = 'China'\nnotify = [\"two\"]\n\n"
                           "[[sink]]\nid = \"two\"\ntype = \"jsonl\"\npath = \"two.jsonl\"\n"));
  const int trump_alerts = Lines(one, "\"watch\":\"trump\"");
  p.Signal(SIGHUP);
  ASSERT_TRUE(
      WaitFor([&] { return Lines(two, "\"watch\":\"china\"") > 0; }, std::chrono::seconds(30)))
      << FileText(log);
  EXPECT_THAT(FileText(log), HasSubstr("reload: 1 watches compiled and applied"));
  EXPECT_THAT(FileText(log), HasSubstr("reload: alert delivery restarted with 1 sinks"));
  EXPECT_THAT(FileText(log), ::testing::Not(HasSubstr("take effect only at restart")));
  // Feed b also mentions Trump: the removed watch raised nothing more, and
  // nothing went to the removed sink.
  EXPECT_EQ(Lines(two, "\"watch\":\"trump\""), 0);
  EXPECT_EQ(Lines(one, "\"watch\":\"trump\""), trump_alerts);
  EXPECT_EQ(Lines(one, "\"watch\":\"china\""), 0);
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

}  // namespace
}  // namespace newsd
