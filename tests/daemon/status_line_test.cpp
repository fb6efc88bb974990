// The STATUS= line's wording (the counts themselves are checked against the
// real daemon in notify_test.cpp).
#include "daemon/status_line.h"

#include <gtest/gtest.h>

namespace newsd {
namespace {

TEST(StatusLineTest, FormatsLikeTheIssueExample) {
  EXPECT_EQ(FormatStatus({2000, 12, 40312}), "polling 2,000 feeds, 12 errors, 40,312 articles");
}

TEST(StatusLineTest, GroupsThousandsAtEveryLength) {
  EXPECT_EQ(FormatStatus({0, 0, 0}), "polling 0 feeds, 0 errors, 0 articles");
  EXPECT_EQ(FormatStatus({10, 100, 999}), "polling 10 feeds, 100 errors, 999 articles");
  EXPECT_EQ(FormatStatus({1000, 10000, 100000}),
            "polling 1,000 feeds, 10,000 errors, 100,000 articles");
  EXPECT_EQ(FormatStatus({3, 5, 1234567890}), "polling 3 feeds, 5 errors, 1,234,567,890 articles");
}

TEST(StatusLineTest, SingularForOne) {
  EXPECT_EQ(FormatStatus({1, 1, 1}), "polling 1 feed, 1 error, 1 article");
}

}  // namespace
}  // namespace newsd
