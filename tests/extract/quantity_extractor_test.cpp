#include "extract/quantity_extractor.h"

#include <gtest/gtest.h>

#include "tests/extract/facts_test_util.h"

namespace newsd::testing {
namespace {

struct Q {
  double value;
  std::string unit;
  bool approx;
};

std::vector<Q> Quantities(const std::string& text) {
  Article a = RunFacts(text, 2021, 10, 4);
  ExpectValidOffsets(a);
  std::vector<Q> out;
  for (const auto& q : a.quantities) out.push_back({q.value, q.unit, q.approx});
  return out;
}

void ExpectOne(const std::string& text, double value, const std::string& unit, bool approx) {
  SCOPED_TRACE(text);
  auto qs = Quantities(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_DOUBLE_EQ(qs[0].value, value);
  EXPECT_EQ(qs[0].unit, unit);
  EXPECT_EQ(qs[0].approx, approx);
}

TEST(QuantityExtractorTest, DigitsWithSeparatorsAndDecimals) {
  ExpectOne("The war took over 6,500 lives.", 6500, "lives", true);
  ExpectOne("Officials counted 1,234,567 ballots.", 1234567, "ballots", false);
  ExpectOne("The rate is 11.25 now.", 11.25, "", false);
}

TEST(QuantityExtractorTest, NumberWords) {
  ExpectOne("Police arrested fourteen protesters.", 14, "protesters", false);
  ExpectOne("They brought two dozen eggs.", 24, "eggs", false);
  ExpectOne("The city has a million residents.", 1e6, "residents", false);
  ExpectOne("There were twenty-five boats.", 25, "boats", false);
  ExpectOne("The fund lost 1.5 million investors.", 1.5e6, "investors", false);
}

TEST(QuantityExtractorTest, CurrenciesAndPercent) {
  ExpectOne("Iran wants $3 billion in trade.", 3e9, "USD", false);
  ExpectOne("The deal is worth €50m.", 50e6, "EUR", false);
  ExpectOne("The bank lent £3bn last quarter.", 3e9, "GBP", false);
  ExpectOne("Inflation reached 9.95% in Turkey.", 9.95, "%", false);
  ExpectOne("Turnout was 42.6 per cent.", 42.6, "%", false);
  ExpectOne("They paid 200 euros each.", 200, "EUR", false);
}

TEST(QuantityExtractorTest, ThreeQuantitiesInParentheses) {
  auto qs = Quantities("Azerbaijan detained 35 Iranian vehicles (4 trucks and 31 fuel trucks).");
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_DOUBLE_EQ(qs[0].value, 35);
  EXPECT_EQ(qs[0].unit, "vehicles");
  EXPECT_DOUBLE_EQ(qs[1].value, 4);
  EXPECT_EQ(qs[1].unit, "trucks");
  EXPECT_DOUBLE_EQ(qs[2].value, 31);
  EXPECT_EQ(qs[2].unit, "trucks");
}

TEST(QuantityExtractorTest, ApproximationMarkers) {
  for (const char* marker : {"about", "around", "roughly", "over", "more than", "nearly", "almost",
                             "at least", "some", "up to", "an estimated"}) {
    ExpectOne(std::string("The march drew ") + marker + " 20,000 people.", 20000, "people", true);
  }
}

TEST(QuantityExtractorTest, NotQuantities) {
  EXPECT_TRUE(Quantities("The law passed in 2019.").empty());                // year
  EXPECT_TRUE(Quantities("It happened on 11 August 2021.").empty());         // date
  EXPECT_TRUE(Quantities("The meeting starts at 10:30 tomorrow.").empty());  // time
  EXPECT_TRUE(Quantities("He finished 3rd in the race.").empty());           // ordinal
  EXPECT_TRUE(Quantities("Call 020 7946 0958 now.").empty());                // phone
  EXPECT_TRUE(Quantities("Jane Smith, 45, said nothing.").empty());          // age by a name
  EXPECT_TRUE(Quantities("A 35-year-old man was hurt.").empty());            // age
  EXPECT_TRUE(Quantities("The Boeing 737 landed.").empty());                 // name
  EXPECT_TRUE(Quantities("The COVID-19 rules ended.").empty());              // name
  EXPECT_TRUE(Quantities("No one came.").empty());                           // "one"
}

TEST(QuantityExtractorTest, HyphenatedCompounds) {
  ExpectOne("It was a five-day tour.", 5, "day", false);
  ExpectOne("They announced a $100-million overhaul.", 1e8, "USD", false);
}

TEST(QuantityExtractorTest, SkipsGivenSpans) {
  Article a;
  a.text = "About 60 trucks came.";
  TextScan scan(a.text, &EnglishFacts().lexicon);
  QuantityExtractor qx(EnglishFacts());
  EXPECT_EQ(qx.Extract(scan, {}).size(), 1u);
  EXPECT_TRUE(qx.Extract(scan, {Span{6, 8}}).empty());
}

TEST(QuantityExtractorTest, GluedMIsMetresWithoutCurrency) {
  ExpectOne("The guest house is 400m from the bus stand.", 400, "m", false);
  ExpectOne("The club paid $5m for him.", 5e6, "USD", false);
}

TEST(QuantityExtractorTest, LabelNounsMakeNames) {
  EXPECT_TRUE(Quantities("He restored section 232 tariffs.").empty());
  EXPECT_TRUE(Quantities("The office is on Level 3 of the tower.").empty());
}

}  // namespace
}  // namespace newsd::testing
