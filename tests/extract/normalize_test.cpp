#include "extract/normalize.h"

#include <gtest/gtest.h>

#include "extract/html_text.h"

namespace newsd {
namespace {

TEST(NormalizeTest, ComposesToNfc) {
  EXPECT_EQ(NormalizeText("Cafe\xCC\x81"), "Caf\xC3\xA9");  // e + combining acute
}

TEST(NormalizeTest, CleansTypographicWhitespaceZeroWidthAndSoftHyphens) {
  EXPECT_EQ(NormalizeText("a\xC2\xA0\xC2\xA0"
                          "b\xE2\x80\x89"
                          "c"),
            "a b c");
  EXPECT_EQ(NormalizeText("zero\xE2\x80\x8Bwidth, soft\xC2\xADhyphen\xEF\xBB\xBF"),
            "zerowidth, softhyphen");
  EXPECT_EQ(NormalizeText("  line one  \n\n\n\n  line two \t"), "line one\n\nline two");
}

TEST(NormalizeTest, KeepsQuotesDashesDiacriticsAndJoiners) {
  const std::string s =
      "\xE2\x80\x9CZa\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87\xE2\x80\x9D \xE2\x80\x94 "
      "\xD9\x85\xE2\x80\x8C\xDB\x8C";  // Persian with ZWNJ
  EXPECT_EQ(NormalizeText(s), s);
}

TEST(ContentHashTest, HasTheContractedForm) {
  const std::string h = ContentHash("Some text");
  ASSERT_EQ(h.size(), 7u + 64u);
  EXPECT_EQ(h.substr(0, 7), "sha256:");
}

TEST(ContentHashTest, InvariantUnderWhitespaceMarkupCaseAndPunctuation) {
  const std::string base = ContentHash("The army held drills near the border.");
  EXPECT_EQ(ContentHash("  the ARMY held\n\ndrills   near the border "), base);
  EXPECT_EQ(ContentHash(HtmlFragmentToText("<p>The <b>army</b> held</p><div>drills near "
                                           "the&nbsp;border.</div>")),
            base);
  EXPECT_EQ(ContentHash("The army held drills \xE2\x80\x94 near the border!"), base);
}

TEST(ContentHashTest, DiffersWhenWordsDiffer) {
  EXPECT_NE(ContentHash("The army held drills near the border."),
            ContentHash("The navy held drills near the border."));
  // Full-width letters fold to ASCII under NFKC.
  EXPECT_EQ(ContentKey("\xEF\xBC\xA1\xEF\xBC\xA2 c"), "ab c");
}

}  // namespace
}  // namespace newsd
