#include "extract/date_extractor.h"

#include <gtest/gtest.h>

#include "tests/extract/facts_test_util.h"

namespace newsd::testing {
namespace {

// Published Monday 2021-10-04 unless told otherwise.
std::vector<DateSpan> Dates(const std::string& text, int y = 2021, unsigned m = 10,
                            unsigned d = 4) {
  Article a = RunFacts(text, y, m, d);
  ExpectValidOffsets(a);
  return a.dates;
}

void ExpectOne(const std::string& text, const std::string& start, const std::string& end,
               int y = 2021, unsigned m = 10, unsigned d = 4) {
  SCOPED_TRACE(text);
  auto ds = Dates(text, y, m, d);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].start_date, start);
  EXPECT_EQ(ds[0].end_date, end);
}

TEST(DateExtractorTest, AbsoluteDates) {
  ExpectOne("It began on August 11 of 2021.", "2021-08-11", "2021-08-11");
  ExpectOne("It began on 11 August 2021.", "2021-08-11", "2021-08-11");
  ExpectOne("It began on 2021-08-11.", "2021-08-11", "2021-08-11");
  ExpectOne("It began on Aug. 11, 2021.", "2021-08-11", "2021-08-11");
  ExpectOne("It began in August 2021.", "2021-08-01", "2021-08-31");
  ExpectOne("The law passed in 2019.", "2019-01-01", "2019-12-31");
  ExpectOne("Prices fell in the 1990s.", "1990-01-01", "1999-12-31");
}

TEST(DateExtractorTest, Spans) {
  ExpectOne("Trucks came from July 11 to August 8.", "2021-07-11", "2021-08-08");
  ExpectOne("Talks ran between March and May 2022.", "2022-03-01", "2022-05-31");
  ExpectOne("It rained from 2019 to 2021.", "2019-01-01", "2021-12-31");
}

TEST(DateExtractorTest, SeasonsAreMeteorologicalNorthern) {
  ExpectOne("It opened in the autumn of 2020.", "2020-09-01", "2020-11-30");
  ExpectOne("It closed in winter 2020.", "2020-12-01", "2021-02-28");
  ExpectOne("It closed last summer.", "2021-06-01", "2021-08-31");
}

TEST(DateExtractorTest, RelativeToPublication) {
  ExpectOne("He left yesterday.", "2021-10-03", "2021-10-03");
  ExpectOne("He left last year.", "2020-01-01", "2020-12-31");
  ExpectOne("He leaves next month.", "2021-11-01", "2021-11-30");
  ExpectOne("He spoke earlier this week.", "2021-10-04", "2021-10-04");
  ExpectOne("He spoke on Tuesday.", "2021-09-28", "2021-09-28");       // the last Tuesday
  ExpectOne("He will speak on Tuesday.", "2021-10-05", "2021-10-05");  // future tense
  ExpectOne("He left two days ago.", "2021-10-02", "2021-10-02");
  ExpectOne("He spoke earlier this week.", "2021-10-04", "2021-10-07", 2021, 10, 7);
}

TEST(DateExtractorTest, YearlessDatesTakeTheSensibleYear) {
  ExpectOne("It happened on August 11.", "2021-08-11", "2021-08-11");
  // Published in January: "December 20" is last month, not next December.
  ExpectOne("It happened on December 20.", "2021-12-20", "2021-12-20", 2022, 1, 5);
  // Two months ahead without future tense is the past occurrence.
  ExpectOne("The attack on Oct. 7 shocked Israel.", "2023-10-07", "2023-10-07", 2024, 8, 8);
  ExpectOne("The vote will be on Oct. 27.", "2024-10-27", "2024-10-27", 2024, 10, 1);
}

TEST(DateExtractorTest, WithoutPublicationOnlyAbsolute) {
  Article a;
  a.text = "Yesterday, on August 11 and on 11 August 2021, last year.";
  TextScan scan(a.text, &EnglishFacts().lexicon);
  DateExtractor dx(EnglishFacts());
  auto ds = dx.Extract(scan, std::nullopt);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].start_date, "2021-08-11");
}

TEST(DateExtractorTest, NotDates) {
  EXPECT_TRUE(Dates("You may go.").empty());
  EXPECT_TRUE(Dates("They march on.").empty());
  EXPECT_TRUE(Dates("About 2000 people came.").empty());
}

TEST(DateExtractorTest, WeekdaysTiedToTheNarrativeOrTheFuture) {
  // "that Saturday" points into the story, not to the publication week.
  EXPECT_TRUE(Dates("I will never forget that Saturday evening in the city.").empty());
  // Published Thursday 2025-10-23: "ahead of Friday's election" is the next day.
  ExpectOne("She leads the polls ahead of Friday’s election.", "2025-10-24", "2025-10-24", 2025, 10,
            23);
}

}  // namespace
}  // namespace newsd::testing
