#include "extract/facts_extractor.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "tests/extract/facts_test_util.h"

namespace newsd::testing {
namespace {

// The example of issue 7.
TEST(FactExtractorTest, IssueExampleAliyevTrucks) {
  Article a = RunFacts(
      "Azerbaijani President Ilham Aliyev spoke to reporters in Baku.\n\n"
      "Noting that about 60 Iranian trucks 'illegally entered Karabakh' from August 11 to "
      "September 11, Aliyev said that Azerbaijan was correctly charging the trucks.",
      2021, 10, 4);
  ExpectValidOffsets(a);
  ASSERT_EQ(a.quantities.size(), 1u);
  EXPECT_DOUBLE_EQ(a.quantities[0].value, 60);
  EXPECT_EQ(a.quantities[0].unit, "trucks");
  EXPECT_TRUE(a.quantities[0].approx);
  ASSERT_EQ(a.dates.size(), 1u);
  EXPECT_EQ(a.dates[0].start_date, "2021-08-11");
  EXPECT_EQ(a.dates[0].end_date, "2021-09-11");
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].text, "illegally entered Karabakh");
  ASSERT_TRUE(a.quotes[0].speaker.has_value());
  EXPECT_EQ(*a.quotes[0].speaker, "Ilham Aliyev");
}

TEST(FactExtractorTest, UsesEntityCanonicalNames) {
  Article a;
  a.text = "“We will not accept this,” Aliyev said.";
  Entity e;
  e.text = "Aliyev";
  e.type = EntityType::kPerson;
  e.start = a.text.find("Aliyev");
  e.end = e.start + 6;
  e.canonical = "Ilham Aliyev";
  a.entities.push_back(e);
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  (*fx)->Extract(a);
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker.value_or(""), "Ilham Aliyev");
}

TEST(FactExtractorTest, UnsupportedLanguageGivesNothing) {
  Article a;
  a.text = "Er sagte, 60 Lastwagen seien am 11. August gekommen.";
  a.lang = "de";
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  (*fx)->Extract(a);
  EXPECT_TRUE(a.quantities.empty());
  EXPECT_TRUE(a.dates.empty());
}

TEST(FactExtractorTest, ExtractReplacesPreviousResults) {
  Article a = RunFacts("Some 20,000 people marched.", 2024, 5, 1);
  ASSERT_EQ(a.quantities.size(), 1u);
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  (*fx)->Extract(a);
  EXPECT_EQ(a.quantities.size(), 1u);
}

// One extractor, many threads: every thread must see what a lone run sees.
TEST(FactExtractorTest, ConcurrentExtractMatchesSerial) {
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  std::vector<Article> inputs;
  for (int i = 0; i < 8; ++i) {
    Article a;
    a.text = "“We saw " + std::to_string(10 + i) +
             " trucks,” Ilham Aliyev said on Tuesday.\n\nAbout $" + std::to_string(i + 1) +
             " billion was spent from July 11 to August 8, the ministry said.";
    a.published = TimePoint(std::chrono::sys_days(std::chrono::year(2021) / 10 / 4));
    inputs.push_back(a);
  }
  std::vector<Article> serial = inputs;
  for (auto& a : serial) (*fx)->Extract(a);
  std::vector<std::vector<Article>> results(4, inputs);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&fx, &r] {
      for (int rep = 0; rep < 20; ++rep) {
        for (auto& a : r) (*fx)->Extract(a);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      ASSERT_EQ(r[i].quotes.size(), serial[i].quotes.size());
      ASSERT_EQ(r[i].quantities.size(), serial[i].quantities.size());
      ASSERT_EQ(r[i].dates.size(), serial[i].dates.size());
      for (std::size_t k = 0; k < r[i].quantities.size(); ++k) {
        EXPECT_EQ(r[i].quantities[k].value, serial[i].quantities[k].value);
      }
      for (std::size_t k = 0; k < r[i].quotes.size(); ++k) {
        EXPECT_EQ(r[i].quotes[k].speaker, serial[i].quotes[k].speaker);
      }
    }
  }
}

// Every article of the hand-annotated gold set: offsets must be valid UTF-8
// boundaries whose text matches, and the issue's constructions must be found.
TEST(FactExtractorTest, GoldArticlesGiveValidOffsets) {
  std::ifstream in(std::string(NEWSD_SOURCE_DIR) + "/bench/facts_gold/texts_gold.json");
  ASSERT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  boost::json::value v = boost::json::parse(ss.str());
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  std::size_t facts = 0;
  for (const auto& [key, art] : v.as_object()) {
    Article a;
    a.text = std::string(art.as_object().at("text").as_string());
    a.published = TimePoint(std::chrono::sys_days(std::chrono::year(2024) / 6 / 1));
    (*fx)->Extract(a);
    ExpectValidOffsets(a);
    facts += a.quotes.size() + a.quantities.size() + a.dates.size();
  }
  EXPECT_GT(facts, 100u);
}

TEST(FactExtractorTest, OffsetsValidOnMultibyteAndBrokenText) {
  std::string text = "Ünïcödé «test» — “€5 billion,” said Zoë Ďurová on 3 März; \xC3";
  text += "\xFF\xFE \"unterminated 45% and ‘odd’ ’quotes‘ 1,000,000 people";
  Article a = RunFacts(text, 2022, 3, 3);
  ExpectValidOffsets(a);
}

}  // namespace
}  // namespace newsd::testing

namespace newsd::testing {
namespace {

// Texts glued from fragments that stress the lexers (marks, digits, dashes,
// multi-byte and broken UTF-8): offsets must stay valid whatever comes.
TEST(FactExtractorTest, RandomFragmentSoupKeepsOffsetsValid) {
  const std::vector<std::string> parts = {"“",
                                          "”",
                                          "‘",
                                          "’",
                                          "\"",
                                          "'",
                                          "«",
                                          "»",
                                          "„",
                                          " ",
                                          "\n\n",
                                          "said",
                                          " he said ",
                                          "Aliyev",
                                          "$",
                                          "€",
                                          "£",
                                          "3",
                                          "1,5",
                                          "2021",
                                          "-",
                                          "–",
                                          "%",
                                          "bn",
                                          "about",
                                          "August",
                                          "11",
                                          "Tuesday",
                                          "last",
                                          "year",
                                          ".",
                                          ",",
                                          ":",
                                          "ü",
                                          "\xC3",
                                          "\xFF",
                                          "trucks",
                                          "the spokesperson",
                                          "according to",
                                          "million",
                                          "1990s",
                                          "ago",
                                          "two"};
  std::uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  auto fx = FactExtractor::Create();
  ASSERT_OK(fx);
  for (int round = 0; round < 300; ++round) {
    Article a;
    std::size_t n = next() % 60;
    for (std::size_t i = 0; i < n; ++i) a.text += parts[next() % parts.size()];
    a.published = TimePoint(std::chrono::sys_days(std::chrono::year(2022) / 3 / 3));
    (*fx)->Extract(a);
    ExpectValidOffsets(a);
  }
}

}  // namespace
}  // namespace newsd::testing
