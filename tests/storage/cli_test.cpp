// `newsd export`, `newsd search`, `newsd stats` run as the real binary
// against a database written through the Store.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>

#include "core/time.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

struct Run {
  int rc = -1;
  std::string out;
};

Run RunNewsd(const std::string& args) {
  Run r;
  const std::string cmd = std::string(NEWSD_BINARY) + " " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<boost::json::object> Lines(const std::string& out) {
  std::vector<boost::json::object> v;
  std::size_t pos = 0;
  while (pos < out.size()) {
    auto nl = out.find('\n', pos);
    if (nl == std::string::npos) nl = out.size();
    if (nl > pos) v.push_back(boost::json::parse(out.substr(pos, nl - pos)).as_object());
    pos = nl + 1;
  }
  return v;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir_.str() + "\"\n");
    auto store = Store::Open(testing::TestOptions(dir_));
    ASSERT_OK(store);
    const TimePoint t0 = *MakeUtc(2026, 11, 20, 6);
    const std::string body = testing::TestText("time_001.txt");
    auto a = testing::MakeArticle("trend-en", "g1", "https://x.example/hansen?utm_medium=rss",
                                  "Hansen warns on warming", body, t0);
    a.entities = {Entity{"James Hansen", EntityType::kPerson, 0, 12, ""}};
    auto b = a;
    b.feed = "aa-en";
    b.guid = "other";
    auto c = testing::MakeArticle("aa-en", "g2", "https://y.example/2", "Unrelated",
                                  testing::TestText("cnn_article.txt"), t0 + std::chrono::hours(1));
    ASSERT_OK(testing::SubmitAndWait(**store, testing::BatchOf({a, b, c})));
  }
  std::string Cmd(const std::string& rest) { return "-c " + config_ + " " + rest; }

  testing::TempDir dir_;
  std::string config_;
};

TEST_F(CliTest, ExportPrintsTheInterfaceObjectsOldestFirst) {
  auto r = RunNewsd(Cmd("export --since 2026-11-20T00:00:00Z"));
  ASSERT_EQ(r.rc, 0);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("title").as_string(), "Hansen warns on warming");
  EXPECT_EQ(lines[0].at("canonical_url").as_string(), "https://x.example/hansen");
  ASSERT_EQ(lines[0].at("sources").as_array().size(), 2u);
  EXPECT_EQ(lines[0].at("entities").as_array().size(), 1u);
  EXPECT_EQ(lines[0].at("revision").as_int64(), 1);
  EXPECT_TRUE(lines[0].at("duplicate_of").is_null());
  EXPECT_EQ(lines[0].at("fetched").as_string(), "2026-11-20T06:00:00Z");
  EXPECT_EQ(lines[1].at("title").as_string(), "Unrelated");

  auto until = RunNewsd(Cmd("export --until 2026-11-20T06:30:00Z --feed aa-en"));
  ASSERT_EQ(until.rc, 0);
  EXPECT_EQ(Lines(until.out).size(), 1u);
  EXPECT_EQ(RunNewsd(Cmd("export --since yesterday")).rc, 2);
}

// A downstream consumer exports in consecutive windows (`--since` = the
// previous run's `--until`). The windows are on the time newsd fetched the
// article, half-open [since, until): an article published long ago but
// fetched now is in the current window, one with a recent `published` but
// fetched earlier is not, one without `published` is not lost, and an
// article fetched exactly on a boundary comes out of one window only.
TEST_F(CliTest, ExportWindowsAreOnFetchTimeHalfOpen) {
  {
    auto store = Store::Open(testing::TestOptions(dir_));
    ASSERT_OK(store);
    const TimePoint day = *MakeUtc(2026, 11, 21, 0);
    const std::string body = testing::TestText("cnn_article.txt");
    auto old_news = testing::MakeArticle("w", "old", "https://w.example/old", "Old published",
                                         "Archive piece. " + body, day + std::chrono::hours(10));
    old_news.published = *MakeUtc(2021, 9, 28, 10);
    auto late = testing::MakeArticle("w", "late", "https://w.example/late", "Fetched before",
                                     "Early fetch. " + body, day - std::chrono::hours(20));
    late.published = day + std::chrono::hours(12);  // inside the window, fetched before it
    auto undated = testing::MakeArticle("w", "undated", "https://w.example/undated", "No date",
                                        "No date at all. " + body, day + std::chrono::hours(11));
    auto edge = testing::MakeArticle("w", "edge", "https://w.example/edge", "On the boundary",
                                     "Boundary case. " + body, day + std::chrono::hours(24));
    edge.published = day + std::chrono::hours(23);
    for (Article* a : {&old_news, &late, &undated, &edge}) a->simhash = 0;
    ASSERT_OK(testing::SubmitAndWait(**store, testing::BatchOf({old_news, late, undated, edge})));
  }
  auto titles = [&](const std::string& window) {
    auto r = RunNewsd(Cmd("export --feed w " + window));
    EXPECT_EQ(r.rc, 0) << window;
    std::vector<std::string> out;
    for (const auto& o : Lines(r.out)) out.emplace_back(o.at("title").as_string());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(titles("--since 2026-11-21T00:00:00Z --until 2026-11-22T00:00:00Z"),
            (V{"Old published", "No date"}));  // oldest fetch first
  EXPECT_EQ(titles("--since 2026-11-22T00:00:00Z --until 2026-11-23T00:00:00Z"),
            (V{"On the boundary"}));
  EXPECT_EQ(titles("--until 2026-11-21T00:00:00Z"), (V{"Fetched before"}));
}

TEST_F(CliTest, SearchAndStats) {
  auto r = RunNewsd(Cmd("search warming --json --limit 5"));
  ASSERT_EQ(r.rc, 0);
  auto hits = Lines(r.out);
  ASSERT_GE(hits.size(), 1u);
  EXPECT_EQ(hits[0].at("title").as_string(), "Hansen warns on warming");
  EXPECT_NE(std::string(hits[0].at("snippet").as_string()).find("[warming]"), std::string::npos);
  EXPECT_EQ(RunNewsd(Cmd("search '\"broken'")).rc, 2);

  auto s = RunNewsd(Cmd("stats --json"));
  ASSERT_EQ(s.rc, 0);
  auto o = Lines(s.out).at(0);
  EXPECT_EQ(o.at("articles").as_int64(), 2);
  EXPECT_EQ(o.at("dedup_by_layer").as_object().at("canonical_url").as_int64(), 1);
  EXPECT_GT(o.at("db_bytes").as_int64(), 0);
}

}  // namespace
}  // namespace newsd
