#include "daemon/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;

// Parses `text` as "/etc/newsd/t.toml" and returns the error message ("" if valid).
std::string Errors(const std::string& text) {
  auto c = ParseConfig(text, "/etc/newsd/t.toml");
  return c ? "" : c.error().message;
}

TEST(ConfigTest, BundledExampleParsesToExpectedValues) {
  auto c = LoadConfig(std::string(NEWSD_SOURCE_DIR) + "/examples/newsd.toml");
  ASSERT_OK(c);
  EXPECT_GE(c->feeds.size(), 12u);  // 12 + any feeds.d/ files of the developer
  EXPECT_EQ(c->feeds[0].id, "reuters-world");
  EXPECT_EQ(c->feeds[0].url.rfind("file:///", 0), 0u) << c->feeds[0].url;
  EXPECT_NE(c->feeds[0].url.find("/examples/feeds/reuters-world.xml"), std::string::npos);
  EXPECT_EQ(c->feeds[0].tags, (std::vector<std::string>{"world", "wire"}));
  EXPECT_EQ(c->schedule.default_interval, std::chrono::minutes(10));
  EXPECT_EQ(c->storage.retention, std::chrono::hours(24 * 90));
  EXPECT_EQ(c->daemon.state_dir, std::string(NEWSD_SOURCE_DIR) + "/var");
  ASSERT_EQ(c->watches.size(), 2u);
  EXPECT_EQ(c->watches[1].terms.size(), 5u);
  EXPECT_EQ(c->watches[1].threshold, 3.0);
  ASSERT_EQ(c->sinks.size(), 2u);
  EXPECT_EQ(c->sinks[0].path, std::string(NEWSD_SOURCE_DIR) + "/var/alerts.jsonl");
}

TEST(ConfigTest, FullFeedTable) {
  auto c = ParseConfig(R"(
[[feed]]
id = "trend-en"
url = "https://en.trend.az/feeds/index.rss"
interval = "5m"
tags = ["az", "en"]
full_text = true
headers = { Cookie = "consent=1" }
)",
                       "/etc/newsd/t.toml");
  ASSERT_OK(c);
  const auto& f = c->feeds.at(0);
  EXPECT_EQ(f.interval, std::chrono::minutes(5));
  EXPECT_TRUE(f.full_text);
  ASSERT_EQ(f.headers.size(), 1u);
  EXPECT_EQ(f.headers[0].first, "Cookie");
  EXPECT_EQ(f.origin, "/etc/newsd/t.toml:2");
}

TEST(ConfigTest, UnknownKeyNamesFileLineColumnAndSuggests) {
  const std::string e = Errors("[daemon]\nstate_dir = \"/tmp/x\"\nlog_levl = \"debug\"\n");
  EXPECT_EQ(e,
            "/etc/newsd/t.toml:3:1: [daemon]: unknown key \"log_levl\" (did you mean "
            "\"log_level\"?)");
}

TEST(ConfigTest, UnknownKeyWithoutNearMissHasNoSuggestion) {
  const std::string e = Errors("[[feed]]\nid = \"a\"\nurl = \"https://a.example/\"\ncolour = 1\n");
  EXPECT_THAT(e, HasSubstr("t.toml:4:1: [[feed]] \"a\": unknown key \"colour\""));
  EXPECT_THAT(e, ::testing::Not(HasSubstr("did you mean")));
}

TEST(ConfigTest, UnknownTopLevelTable) {
  EXPECT_THAT(
      Errors("[storag]\nfts = false\n"),
      HasSubstr("t.toml:1:2: unknown top-level key \"storag\" (did you mean \"storage\"?)"));
}

TEST(ConfigTest, DuplicateFeedIds) {
  const std::string e = Errors(R"([[feed]]
id = "a"
url = "https://a.example/rss"
[[feed]]
id = "a"
url = "https://b.example/rss"
)");
  EXPECT_THAT(e, HasSubstr("t.toml:5:6: [[feed]] \"a\" id: duplicate feed id \"a\""));
}

TEST(ConfigTest, BadDurationNamesKeyAndForms) {
  const std::string e =
      Errors("[[feed]]\nid = \"a\"\nurl = \"https://a.example/\"\ninterval = \"5 mins\"\n");
  EXPECT_THAT(e, HasSubstr("t.toml:4:12: [[feed]] \"a\" interval: invalid duration \"5 mins\""));
  EXPECT_THAT(e, HasSubstr("30s, 5m, 1h, 1d"));
}

TEST(ConfigTest, UrlsThatDoNotParse) {
  EXPECT_THAT(Errors("[[feed]]\nid = \"a\"\nurl = \"http://exa mple.com/\"\n"),
              HasSubstr("t.toml:3:7: [[feed]] \"a\" url: \"http://exa mple.com/\" is not a valid"));
  EXPECT_THAT(Errors("[[feed]]\nid = \"a\"\nurl = \"feeds/x.xml\"\n"),
              HasSubstr("t.toml:3:7: [[feed]] \"a\" url:"));
  EXPECT_THAT(Errors("[[feed]]\nid = \"a\"\nurl = \"gopher://x.example/\"\n"),
              HasSubstr("unsupported URL scheme \"gopher\""));
}

TEST(ConfigTest, MissingRequiredKeyAndWrongType) {
  const std::string e = Errors("[[feed]]\nid = \"a\"\ntags = \"x\"\n");
  EXPECT_THAT(e, HasSubstr("t.toml:1:1: [[feed]] \"a\": missing required key \"url\""));
  EXPECT_THAT(
      e, HasSubstr("t.toml:3:8: [[feed]] \"a\" tags: expected an array of strings, got a string"));
}

TEST(ConfigTest, TomlSyntaxErrorHasPosition) {
  const std::string e = Errors("[daemon]\nstate_dir = \"/x\nworkers = 2\n");
  EXPECT_THAT(e, ::testing::StartsWith("/etc/newsd/t.toml:2:"));
}

TEST(ConfigTest, AllErrorsAreReportedAtOnce) {
  const std::string e = Errors("[daemon]\nworkerz = 1\n[storage]\nsynchronous = \"off\"\n");
  EXPECT_THAT(e, HasSubstr("t.toml:2:1:"));
  EXPECT_THAT(e, HasSubstr("t.toml:4:15: [storage] synchronous: must be \"normal\" or \"full\""));
}

TEST(ConfigTest, WatchMustNameExistingSinks) {
  const std::string e = Errors(R"([[watch]]
id = "w"
query = "Iran"
notify = ["nowhere"]
)");
  EXPECT_THAT(e, HasSubstr("t.toml:4:10: [[watch]] \"w\" notify: no sink with id \"nowhere\""));
}

TEST(ConfigTest, SinkKeysDependOnType) {
  const std::string e = Errors(R"([[sink]]
id = "f"
type = "jsonl"
path = "alerts.jsonl"
url = "https://x.example/"
)");
  EXPECT_THAT(e, HasSubstr("t.toml:5:1: [[sink]] \"f\": unknown key \"url\""));
  auto ok = ParseConfig("[[sink]]\nid = \"f\"\ntype = \"jsonl\"\npath = \"a.jsonl\"\n",
                        "/etc/newsd/t.toml");
  ASSERT_OK(ok);
  EXPECT_EQ(ok->sinks[0].path, "/etc/newsd/a.jsonl");
  EXPECT_THAT(Errors("[[sink]]\nid = \"f\"\ntype = \"pigeon\"\n"),
              HasSubstr("t.toml:3:8: [[sink]] \"f\" type: unknown sink type \"pigeon\""));
}

TEST(ConfigTest, WeightedTermsNeedThreshold) {
  EXPECT_THAT(Errors("[[watch]]\nid = \"w\"\nterms = [[\"Iran\", 2]]\n"),
              HasSubstr("weighted \"terms\" need a \"threshold\""));
  EXPECT_THAT(Errors("[[watch]]\nid = \"w\"\nterms = [[\"Iran\"]]\nthreshold = 1\n"),
              HasSubstr("each entry must be [\"term\", weight]"));
}

TEST(ConfigTest, MissingFileIsNotFound) {
  auto c = LoadConfig("/nonexistent/newsd.toml");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, ErrorKind::kNotFound);
  EXPECT_THAT(c.error().message, HasSubstr("/nonexistent/newsd.toml"));
}

}  // namespace
}  // namespace newsd
