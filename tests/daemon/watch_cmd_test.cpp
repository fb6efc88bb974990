// `newsd watch test` and `newsd watch list` through the real binary on a real
// store filled by `newsd ingest` (the full pipeline, which also writes the
// alerts the back-test must agree with).
#include <sqlite3.h>

#include <random>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunCommand;
using testing::TempDir;

const char* kConfigTail = R"(
[[watch]]
id = "drills"
query = '"military drills" NEAR/6 border'
notify = ["file"]

[[watch]]
id = "drills-again"
query = '"military drills" NEAR/6 border'
realert = "on_revision"
notify = ["file"]

[[watch]]
id = "weighted"
terms = [["reservoir", 2], ["drought", 2], ["rain*", 1]]
threshold = 3

[[sink]]
id = "file"
type = "jsonl"
path = "alerts.jsonl"
)";

class WatchCmdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_ = dir_.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir_.str() +
                                        "/var\"\n[http]\nenabled = false\n" + kConfigTail);
  }

  testing::RunResult Newsd(std::vector<std::string> args) {
    args.insert(args.begin(), {NEWSD_BINARY, "--config", cfg_});
    return RunCommand(args, std::chrono::seconds(60));
  }

  void Ingest(const std::string& name, const std::string& body) {
    auto r = Newsd({"ingest", dir_.Write(name, body)});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  // Alerts the pipeline stored for `watch`.
  int64_t StoredAlerts(const std::string& watch) {
    sqlite3* db = nullptr;
    EXPECT_EQ(
        sqlite3_open_v2((dir_.str() + "/var/newsd.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
        SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM alerts WHERE watch = ?1", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, watch.c_str(), -1, SQLITE_TRANSIENT);
    int64_t n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  // The summary object of a --json run (its last line).
  static boost::json::object Summary(const std::string& out) {
    const auto nl = out.rfind('\n', out.size() - 2);
    auto v = boost::json::parse(out.substr(nl == std::string::npos ? 0 : nl + 1));
    return v.as_object();
  }

  TempDir dir_;
  std::string cfg_;
};

const char* kDrills =
    "Military drills near the border\n\n"
    "The army began military drills close to the northern border on Monday, the ministry "
    "said. Villagers reported columns of trucks on the main road.\n";
const char* kDrillsRevised =
    "Military drills near the border\n\n"
    "The army began military drills close to the northern border on Monday, the ministry "
    "said. Villagers reported columns of trucks and tanks on the main road at night.\n";
const char* kOther =
    "Harvest festival opens\n\n"
    "Farmers brought grain and fruit to the square. The border of the old town was "
    "decorated; no military parade this year, and no drills.\n";
const char* kDrought =
    "Drought empties the reservoir\n\n"
    "After months without rain the reservoir is at a tenth of its volume, and the drought "
    "is spreading south.\n";

TEST_F(WatchCmdTest, QueryPrintsHighlightedMatchesAndAgreesWithThePipeline) {
  Ingest("a.txt", kDrills);
  Ingest("b.txt", kOther);
  Ingest("c.txt", kDrought);
  ASSERT_EQ(StoredAlerts("drills"), 1);

  auto r = Newsd({"watch", "test", "\"military drills\" NEAR/6 border"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Not a terminal: hits are marked with [[...]].
  EXPECT_THAT(r.out, HasSubstr("[[Military drills]] near the [[border]]"));
  EXPECT_THAT(r.out, HasSubstr("began [[military drills]] close to the northern [[border]] on"));
  EXPECT_THAT(r.out, Not(HasSubstr("Harvest festival")));
  EXPECT_THAT(r.out, HasSubstr("3 articles since "));
  EXPECT_THAT(r.out, HasSubstr("1 matched, 1 alerts would have been sent"));
  EXPECT_THAT(r.out, Not(HasSubstr("\x1b[1m")));

  auto colored = Newsd({"watch", "test", "drought", "--color", "always"});
  ASSERT_EQ(colored.code, 0) << colored.err;
  EXPECT_THAT(colored.out, HasSubstr("\x1b[1mDrought\x1b[0m empties"));

  // The configured weighted watch: the same count as the pipeline stored.
  auto w = Newsd({"watch", "test", "--watch", "weighted", "--json"});
  ASSERT_EQ(w.code, 0) << w.err;
  auto s = Summary(w.out);
  EXPECT_EQ(s.at("alerts").as_int64(), StoredAlerts("weighted"));
  EXPECT_EQ(s.at("alerts").as_int64(), 1);
  EXPECT_EQ(s.at("articles").as_int64(), 3);
  auto first = boost::json::parse(w.out.substr(0, w.out.find('\n'))).as_object();
  EXPECT_EQ(first.at("type").as_string(), "match");
  EXPECT_EQ(first.at("score").as_double(), 5.0);
  EXPECT_EQ(first.at("title_marked").as_string(), "[[Drought]] empties the [[reservoir]]");
  // One day with alerts, and it is the day the article was fetched.
  ASSERT_EQ(s.at("per_day").as_object().size(), 1u);
  const std::string day(s.at("per_day").as_object().begin()->key());
  EXPECT_EQ(std::string(first.at("fetched").as_string()).substr(0, 10), day);
}

TEST_F(WatchCmdTest, RevisionsAlertAgainOnlyWithOnRevision) {
  Ingest("a.txt", kDrills);
  Ingest("a.txt", kDrillsRevised);  // same URL, new text: revision 2
  ASSERT_EQ(StoredAlerts("drills"), 1);
  ASSERT_EQ(StoredAlerts("drills-again"), 2);
  for (const auto& [watch, want] : {std::pair{"drills", 1}, {"drills-again", 2}}) {
    auto r = Newsd({"watch", "test", "--watch", watch, "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(Summary(r.out).at("alerts").as_int64(), want) << watch << "\n" << r.out;
    EXPECT_EQ(Summary(r.out).at("alerts").as_int64(), StoredAlerts(watch)) << watch;
    EXPECT_EQ(Summary(r.out).at("matched").as_int64(), 1) << watch;
  }
}

// A long report (30 sentences of generated words) after a fixed lead.
std::string LongReport(const std::string& changed_word) {
  static const char* kWords[] = {"army",     "ministry", "villagers", "trucks", "road",
                                 "schools",  "district", "residents", "region", "capital",
                                 "soldiers", "convoy",   "governor",  "river",  "bridge"};
  std::mt19937 rng(7);
  std::string body;
  for (int s = 0; s < 30; ++s) {
    for (int w = 0; w < 12; ++w) body += std::string(kWords[rng() % 15]) + " ";
    body += s == 17 ? changed_word + ". " : "today. ";
  }
  return "Military drills near the border\n\nThe army began military drills close to the "
         "northern border. " +
         body + "\n";
}

TEST_F(WatchCmdTest, NearDuplicateOfAnAlertedArticleDoesNotCount) {
  Ingest("a.txt", LongReport("yesterday"));
  Ingest("b.txt", LongReport("tonight"));  // another URL, nearly the same text
  ASSERT_EQ(StoredAlerts("drills"), 1);    // the pipeline did not alert the copy
  auto r = Newsd({"watch", "test", "--watch", "drills"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("alerts 0  (near-duplicate of #1, which alerted)"));
  EXPECT_THAT(r.out, HasSubstr("2 matched, 1 alerts would have been sent"));
}

TEST_F(WatchCmdTest, SinceLimitsTheWindow) {
  Ingest("a.txt", kDrills);
  auto r = Newsd({"watch", "test", "--watch", "drills", "--since", "1s", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Whatever was fetched more than 1 s ago is out; the window may hold the
  // article or not, but never more than it.
  EXPECT_LE(Summary(r.out).at("articles").as_int64(), 1);
  auto bad = Newsd({"watch", "test", "x", "--since", "yesterday"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--since: 'yesterday' is not a duration"));
}

TEST_F(WatchCmdTest, ErrorsAreUsageErrors) {
  Ingest("b.txt", kOther);
  auto syntax = Newsd({"watch", "test", "border NEAR drills"});
  EXPECT_EQ(syntax.code, 2);
  EXPECT_THAT(syntax.err, HasSubstr("column 8: NEAR needs a distance"));
  auto unknown = Newsd({"watch", "test", "--watch", "nope"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no [[watch]] \"nope\""));
  auto both = Newsd({"watch", "test", "x", "--watch", "drills"});
  EXPECT_EQ(both.code, 2);
  auto no_store = RunCommand({NEWSD_BINARY, "--config",
                              dir_.Write("other.toml", "[daemon]\nstate_dir = \"" + dir_.str() +
                                                           "/none\"\n[http]\nenabled = false\n"),
                              "watch", "test", "x"});
  EXPECT_EQ(no_store.code, 1) << no_store.err;
}

TEST_F(WatchCmdTest, ListShowsWatchesWithTheirSinks) {
  auto r = Newsd({"watch", "list"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("drills\n  query:   \"military drills\" NEAR/6 border\n"
                               "  notify:  file (jsonl)\n"));
  EXPECT_THAT(r.out, HasSubstr("  realert: on_revision\n"));
  EXPECT_THAT(r.out, HasSubstr("  terms:   reservoir:2, drought:2, rain*:1 (threshold 3)\n"
                               "  notify:  (none: stored only)\n"));
  auto j = Newsd({"watch", "list", "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  auto first = boost::json::parse(j.out.substr(0, j.out.find('\n'))).as_object();
  EXPECT_EQ(first.at("id").as_string(), "drills");
  EXPECT_EQ(first.at("notify").as_array()[0].as_object().at("type").as_string(), "jsonl");
}

}  // namespace
}  // namespace newsd
