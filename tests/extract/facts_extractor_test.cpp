#include "extract/facts_extractor.h"

#include <gtest/gtest.h>

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

TEST(FactExtractorTest, OffsetsValidOnMultibyteAndBrokenText) {
  std::string text = "Ünïcödé «test» — “€5 billion,” said Zoë Ďurová on 3 März; \xC3";
  text += "\xFF\xFE \"unterminated 45% and ‘odd’ ’quotes‘ 1,000,000 people";
  Article a = RunFacts(text, 2022, 3, 3);
  ExpectValidOffsets(a);
}

}  // namespace
}  // namespace newsd::testing
