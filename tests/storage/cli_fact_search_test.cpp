// `newsd search` with fact terms (entity:, quote:) run as the real binary
// against a database written through the Store.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "core/time.h"
#include "storage/fact_query.h"
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

Entity At(const std::string& text, const std::string& surface, EntityType type,
          const std::string& canonical, std::size_t nth = 0) {
  std::size_t p = text.find(surface);
  for (std::size_t i = 0; i < nth && p != std::string::npos; ++i) p = text.find(surface, p + 1);
  EXPECT_NE(p, std::string::npos) << surface;
  return Entity{surface, type, p, p + surface.size(), canonical};
}

Quote QuoteOf(const std::string& text, const std::string& words,
              std::optional<std::string> speaker) {
  std::size_t p = text.find(words);
  EXPECT_NE(p, std::string::npos) << words;
  return Quote{words, std::move(speaker), p, p + words.size()};
}

class CliFactSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir_.str() + "\"\n");
    auto store = Store::Open(testing::TestOptions(dir_));
    ASSERT_OK(store);
    const TimePoint t0 = *MakeUtc(2026, 11, 20, 6);
    const std::string hansen = testing::TestText("time_001.txt");
    const std::string cnn = testing::TestText("cnn_article.txt");
    // A: Hansen, named in full once and by surname later (canonical = full name).
    auto a = testing::MakeArticle("trend-en", "g1", "https://x.example/hansen",
                                  "Hansen warns on warming", hansen, t0);
    a.entities = {At(hansen, "James Hansen", EntityType::kPerson, "James Hansen"),
                  At(hansen, "Hansen", EntityType::kPerson, "James Hansen", 1),
                  At(hansen, "Congress", EntityType::kOrg, "Congress")};
    a.quotes = {QuoteOf(hansen, "Humanity made a Faustian bargain", "James Hansen")};
    // C: a different person and quotes; one without a speaker.
    auto c = testing::MakeArticle("aa-en", "g2", "https://y.example/2", "Winter storm", cnn,
                                  t0 + std::chrono::hours(1));
    c.entities = {At(cnn, "Steve Cowan", EntityType::kPerson, "Steve Cowan"),
                  At(cnn, "Pennsylvania", EntityType::kLoc, "Pennsylvania")};
    c.quotes = {QuoteOf(cnn, "We dodged a bullet,", "Steve Cowan"),
                QuoteOf(cnn, "I thought the lines were going to be ridiculous,", std::nullopt)};
    // D: Hansen only by surname, in another feed and language, fetched later.
    auto d = testing::MakeArticle("es-feed", "g3", "https://z.example/3", "Hansen, otra vez",
                                  hansen, t0 + std::chrono::hours(2));
    d.lang = "es";
    d.entities = {At(hansen, "Hansen", EntityType::kPerson, "James Hansen", 2)};
    d.quotes = {QuoteOf(hansen, "Humanity made a Faustian bargain", "James Hansen")};
    auto outcome = testing::SubmitAndWait(**store, testing::BatchOf({a, c, d}));
    ASSERT_OK(outcome);
    auto reader = StoreReader::Open(dir_.str() + "/newsd.db");
    ASSERT_OK(reader);
    ExportFilter all;
    ASSERT_OK((*reader)->Export(all, [&](const Article& art) -> Status {
      ids_[art.guid] = art.id;
      return OkStatus();
    }));
    ASSERT_EQ(ids_.size(), 3u);
  }
  std::string Cmd(const std::string& rest) { return "-c " + config_ + " " + rest; }
  // The ids `newsd search ARGS --json` prints, in order; rc must be 0.
  std::vector<std::int64_t> Ids(const std::string& args) {
    auto r = RunNewsd(Cmd("search " + args + " --json"));
    EXPECT_EQ(r.rc, 0) << args;
    std::vector<std::int64_t> v;
    for (const auto& o : Lines(r.out)) v.push_back(o.at("id").as_int64());
    return v;
  }

  testing::TempDir dir_;
  std::string config_;
  std::map<std::string, std::int64_t> ids_;  // guid -> article id
};

TEST_F(CliFactSearchTest, EntityMatchesCanonicalNameAndSurfaceText) {
  const auto a = ids_["g1"], c = ids_["g2"], d = ids_["g3"];
  // The canonical name finds D too, which only says "Hansen"; newest first.
  EXPECT_EQ(Ids("'entity:\"James Hansen\"'"), (std::vector<std::int64_t>{d, a}));
  // Case-insensitive; the surface text matches as well as the canonical name.
  EXPECT_EQ(Ids("'entity:\"steve cowan\"'"), (std::vector<std::int64_t>{c}));
  EXPECT_EQ(Ids("entity:Hansen"), (std::vector<std::int64_t>{d, a}));
  EXPECT_EQ(Ids("entity:Pennsylvania"), (std::vector<std::int64_t>{c}));
  EXPECT_TRUE(Ids("'entity:\"James Cowan\"'").empty());
  // Two entity terms must both match.
  EXPECT_EQ(Ids("'entity:Hansen entity:Congress'"), (std::vector<std::int64_t>{a}));
  // The snippet shows the entity in context.
  auto r = RunNewsd(Cmd("search 'entity:\"Steve Cowan\"' --json"));
  ASSERT_EQ(r.rc, 0);
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(std::string(lines[0].at("snippet").as_string()).find("[Steve Cowan]"),
            std::string::npos)
      << lines[0].at("snippet");
}

TEST_F(CliFactSearchTest, QuoteMatchesWordsOfAQuotation) {
  const auto a = ids_["g1"], c = ids_["g2"], d = ids_["g3"];
  EXPECT_EQ(Ids("quote:bullet"), (std::vector<std::int64_t>{c}));
  EXPECT_EQ(Ids("quote:RIDICULOUS"), (std::vector<std::int64_t>{c}));  // speaker null: found too
  EXPECT_EQ(Ids("'quote:\"Faustian bargain\"'"), (std::vector<std::int64_t>{d, a}));
  // "Faustian" is in A's text but "payment" only outside its stored quote.
  EXPECT_TRUE(Ids("quote:payment").empty());
  EXPECT_TRUE(Ids("'quote:faustian entity:\"Steve Cowan\"'").empty());
  EXPECT_TRUE(Ids("'quote:100%'").empty());  // LIKE wildcards are literal
  auto r = RunNewsd(Cmd("search quote:dodged"));
  ASSERT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("[We dodged a bullet,]"), std::string::npos) << r.out;
}

TEST_F(CliFactSearchTest, MixesWithTextAndFilters) {
  const auto a = ids_["g1"], c = ids_["g2"], d = ids_["g3"];
  // FTS text and an entity: both must match; bm25 order, FTS snippet.
  auto both = Ids("'geoengineering entity:\"James Hansen\"'");
  EXPECT_EQ(std::set<std::int64_t>(both.begin(), both.end()), (std::set<std::int64_t>{a, d}));
  EXPECT_TRUE(Ids("'geoengineering entity:\"Steve Cowan\"'").empty());
  EXPECT_EQ(Ids("'snow quote:bullet'"), (std::vector<std::int64_t>{c}));
  // --lang, --feed and --since narrow fact searches as they do text searches.
  EXPECT_EQ(Ids("'entity:\"James Hansen\"' --lang es"), (std::vector<std::int64_t>{d}));
  EXPECT_EQ(Ids("'entity:\"James Hansen\"' --feed trend-en"), (std::vector<std::int64_t>{a}));
  EXPECT_EQ(Ids("'entity:\"James Hansen\"' --since 2026-11-20T07:30:00Z"),
            (std::vector<std::int64_t>{d}));
  EXPECT_EQ(Ids("'geoengineering entity:Hansen' --lang en"), (std::vector<std::int64_t>{a}));
  // Pages: the cursor continues after the last hit.
  auto r = RunNewsd(Cmd("search entity:Hansen --json --limit 1"));
  ASSERT_EQ(r.rc, 0);
  ASSERT_EQ(Lines(r.out).size(), 1u);
  EXPECT_EQ(Ids("entity:Hansen --limit 1 --cursor 1"), (std::vector<std::int64_t>{a}));
}

TEST_F(CliFactSearchTest, BadFactTermsAreUsageErrors) {
  EXPECT_EQ(RunNewsd(Cmd("search entity:")).rc, 2);
  EXPECT_EQ(RunNewsd(Cmd("search 'quote:\"unclosed'")).rc, 2);
  EXPECT_EQ(RunNewsd(Cmd("search 'quote:\"\"'")).rc, 2);
  EXPECT_EQ(RunNewsd(Cmd("search 'entity:Hansen \"broken'")).rc, 2);  // FTS rest is checked
}

// Fact terms need no full-text index; text terms still say it is off.
TEST(CliFactSearchNoFtsTest, FactTermsWorkWithoutTheFullTextIndex) {
  testing::TempDir dir;
  const std::string config =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() + "\"\n");
  auto opts = testing::TestOptions(dir);
  opts.fts = false;
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  const std::string cnn = testing::TestText("cnn_article.txt");
  auto c = testing::MakeArticle("aa-en", "g2", "https://y.example/2", "Winter storm", cnn,
                                *MakeUtc(2026, 11, 20, 6));
  c.entities = {At(cnn, "Steve Cowan", EntityType::kPerson, "Steve Cowan")};
  c.quotes = {QuoteOf(cnn, "We dodged a bullet,", "Steve Cowan")};
  ASSERT_OK(testing::SubmitAndWait(**store, testing::BatchOf({c})));
  auto r = RunNewsd("-c " + config + " search 'entity:\"Steve Cowan\" quote:bullet' --json");
  EXPECT_EQ(r.rc, 0);
  EXPECT_EQ(Lines(r.out).size(), 1u);
  EXPECT_NE(RunNewsd("-c " + config + " search 'bullet entity:\"Steve Cowan\"'").rc, 0);
}

TEST(FactQueryTest, SplitsFactTermsFromText) {
  auto q = ParseFactQuery("drills entity:\"Ilham Aliyev\" NEAR quote:surprised \"entity:x y\"");
  ASSERT_OK(q);
  EXPECT_EQ(q->entities, (std::vector<std::string>{"Ilham Aliyev"}));
  EXPECT_EQ(q->quotes, (std::vector<std::string>{"surprised"}));
  // Inside an FTS phrase nothing is a fact term.
  EXPECT_EQ(q->fts, "drills  NEAR  \"entity:x y\"");
  auto only = ParseFactQuery("Entity:Karabakh QUOTE:\"say \"\"no\"\"\"");
  ASSERT_OK(only);
  EXPECT_EQ(only->fts, "");
  EXPECT_EQ(only->entities, (std::vector<std::string>{"Karabakh"}));
  EXPECT_EQ(only->quotes, (std::vector<std::string>{"say \"no\""}));
  EXPECT_FALSE(HasFactTerms("title:drills \"entity:x\" myentity:y"));
  EXPECT_TRUE(HasFactTerms("(entity:x)"));
}

}  // namespace
}  // namespace newsd
