#include "extract/simhash.h"

#include <gtest/gtest.h>

#include <string>

namespace newsd {
namespace {

const char* kArticle =
    "Azerbaijan and Iran held talks on Tuesday about the situation near their common border, "
    "where military drills were reported last week. The foreign ministers met in Baku and "
    "agreed to set up a joint commission on border security. Officials said the commission "
    "would meet every three months and report to both governments. Analysts said the talks "
    "eased tensions that had grown since the summer, when both sides moved troops closer to "
    "the frontier. Trade between the two countries rose by twelve percent last year.";

TEST(SimHashTest, NearCopiesAreClose) {
  std::string copy = kArticle;
  copy.replace(copy.find("twelve"), 6, "eleven");
  copy += " Updated at noon.";
  const int d = HammingDistance(SimHash(kArticle), SimHash(copy));
  EXPECT_LE(d, 10);
  // Case and spacing do not matter.
  std::string upper = kArticle;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(SimHash(kArticle), SimHash(upper));
}

TEST(SimHashTest, DifferentTextsAreFar) {
  const char* other =
      "The central bank kept interest rates unchanged on Thursday and signalled that it "
      "expects inflation to fall back to its target by the end of next year. Markets had "
      "widely expected the decision. The governor told reporters that wage growth remained "
      "strong and that the bank was ready to act if prices rose faster than forecast.";
  EXPECT_GE(HammingDistance(SimHash(kArticle), SimHash(other)), 16);
}

TEST(SimHashTest, StableAndEmpty) {
  EXPECT_EQ(SimHash(kArticle), SimHash(kArticle));
  EXPECT_EQ(SimHash(""), 0u);
  EXPECT_EQ(SimHash(" ... , "), 0u);
  EXPECT_EQ(HammingDistance(0, ~std::uint64_t{0}), 64);
}

}  // namespace
}  // namespace newsd
