// `newsd parse` end to end: the real binary on files and stdin.
#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "tests/support/http_test_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;
};

// Runs `newsd parse <args>` through the shell; stderr goes to stdout when asked.
CommandRun NewsdParse(const std::string& args) {
  CommandRun r;
  const std::string cmd = std::string(NEWSD_BINARY) + " parse " + args;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(ParseCommand, PrintsTheInterfaceObject) {
  testing::TempDir dir;
  const std::string file =
      dir.Write("f.xml",
                "<rss version=\"2.0\"><channel><title>T&nbsp;1</title><item><link>a/b</link>"
                "<pubDate>Tue, 28 Sep 2021 10:00:00 GMT</pubDate></item></channel></rss>");
  CommandRun r = NewsdParse(file + " --base-url https://example.com/x/");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const boost::json::object o = boost::json::parse(r.out).as_object();
  EXPECT_EQ(o.at("format"), "rss2.0");
  EXPECT_EQ(o.at("title"), "T\u00a01");
  EXPECT_EQ(o.at("recovered"), true);
  EXPECT_EQ(o.at("warnings").as_array().at(0), "1:37: undefined entity &nbsp; read as U+00A0");
  const auto& item = o.at("items").as_array().at(0).as_object();
  EXPECT_EQ(item.at("link"), "https://example.com/x/a/b");
  EXPECT_EQ(item.at("published"), "2021-09-28T10:00:00Z");
  EXPECT_TRUE(item.at("updated").is_null());
}

TEST(ParseCommand, ReadsStdinWithContentType) {
  testing::TempDir dir;
  // "Тест" in KOI8-R, declared only by the Content-Type.
  const std::string file = dir.Write(
      "k.xml", "<rss version=\"2.0\"><channel><title>\xF4\xC5\xD3\xD4</title></channel></rss>");
  CommandRun r = NewsdParse("- --content-type 'text/xml; charset=KOI8-R' < " + file);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(boost::json::parse(r.out).at("title"), "Тест");
}

TEST(ParseCommand, NotAFeedExitsOne) {
  testing::TempDir dir;
  const std::string file = dir.Write("p.html", "<html><body>hello</body></html>");
  CommandRun r = NewsdParse(file + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("not a feed"), std::string::npos) << r.out;
}

TEST(ParseCommand, FetchesAUrlAndResolvesLinksAgainstIt) {
  testing::HttpTestServer server;
  server.Serve("/news/feed.xml",
               "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
               "<item><title>A</title><link>story/1</link></item></channel></rss>",
               {{"Content-Type", "application/rss+xml"}});
  CommandRun r = NewsdParse(server.Url("/news/feed.xml"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("\"link\":\"" + server.Url("/news/story/1") + "\""), std::string::npos)
      << r.out;
  EXPECT_EQ(server.Hits("/news/feed.xml"), 1);
}

TEST(ParseCommand, UnreachableUrlIsAClearError) {
  testing::HttpTestServer server;
  server.Serve("/gone", "", {});
  testing::TestRoute gone;
  gone.status = 410;
  server.Route("/gone", gone);
  CommandRun r = NewsdParse(server.Url("/gone") + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("HTTP status 410"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace newsd
