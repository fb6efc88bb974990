#include "core/time.h"

#include <gtest/gtest.h>

namespace newsd {
namespace {

using std::chrono::seconds;

TEST(TimeTest, FormatsRfc3339InUtc) {
  auto t = MakeUtc(2021, 9, 28, 10, 0, 5);
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatRfc3339(*t), "2021-09-28T10:00:05Z");
  EXPECT_EQ(FormatDate(*t), "2021-09-28");
}

TEST(TimeTest, ParsesRfc3339WithOffsetsAndFractions) {
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2021-09-28T12:00:00+02:00")), "2021-09-28T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2021-09-28T10:00:00.123Z")), "2021-09-28T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2021-09-28T04:30:00-05:30")), "2021-09-28T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2021-09-28")), "2021-09-28T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2021-09-28 10:00:00")), "2021-09-28T10:00:00Z");
}

TEST(TimeTest, RejectsGarbageInsteadOfGuessing) {
  EXPECT_FALSE(ParseRfc3339(""));
  EXPECT_FALSE(ParseRfc3339("yesterday"));
  EXPECT_FALSE(ParseRfc3339("2021-13-01"));
  EXPECT_FALSE(ParseRfc3339("2021-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2021-09-28T10:00:00Zjunk"));
}

TEST(TimeTest, ParsesDurations) {
  EXPECT_EQ(*ParseDuration("30s"), seconds(30));
  EXPECT_EQ(*ParseDuration("5m"), seconds(300));
  EXPECT_EQ(*ParseDuration("1h"), seconds(3600));
  EXPECT_EQ(*ParseDuration("1d"), seconds(86400));
  EXPECT_EQ(*ParseDuration("1h30m"), seconds(5400));
  EXPECT_EQ(FormatDuration(seconds(5400)), "1h30m");
}

TEST(TimeTest, RejectsBadDurationsWithAHelpfulMessage) {
  for (const char* bad : {"5 mins", "", "m", "10", "-5m", "5x", "1.5h"}) {
    auto d = ParseDuration(bad);
    ASSERT_FALSE(d) << bad;
    EXPECT_NE(d.error().message.find("30s, 5m, 1h, 1d"), std::string::npos) << bad;
  }
}

TEST(TimeTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(*MakeUtc(2026, 1, 1));
  const auto t0 = clock.Now();
  clock.Advance(seconds(120));
  EXPECT_EQ(clock.Now() - t0, seconds(120));
}

}  // namespace
}  // namespace newsd
