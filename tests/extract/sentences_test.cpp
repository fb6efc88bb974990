#include "extract/sentences.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsd {
namespace {

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  for (const Sentence& s : SplitSentences(text))
    out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SentencesTest, SplitsPlainSentences) {
  EXPECT_EQ(
      Split("One sentence here. Another one follows! And a third?"),
      (std::vector<std::string>{"One sentence here.", "Another one follows!", "And a third?"}));
}

TEST(SentencesTest, KeepsNewsAbbreviationsInside) {
  EXPECT_EQ(Split("Mr. Smith met Dr. Jones and Gen. Brown in Sept. last year. They talked."),
            (std::vector<std::string>{"Mr. Smith met Dr. Jones and Gen. Brown in Sept. last year.",
                                      "They talked."}));
  EXPECT_EQ(Split("He lives at No. 10 Downing Street. The U.S. Army arrived at 9 a.m. Monday."),
            (std::vector<std::string>{"He lives at No. 10 Downing Street.",
                                      "The U.S. Army arrived at 9 a.m. Monday."}));
  EXPECT_EQ(Split("John F. Kennedy spoke. Sen. Warren replied."),
            (std::vector<std::string>{"John F. Kennedy spoke.", "Sen. Warren replied."}));
}

TEST(SentencesTest, AmbiguousAbbreviationCanEndASentence) {
  EXPECT_EQ(Split("Troops returned to the U.S. The war was over."),
            (std::vector<std::string>{"Troops returned to the U.S.", "The war was over."}));
}

TEST(SentencesTest, NeverCrossesParagraphsAndSpansAreExact) {
  const std::string text = "First paragraph ends with Mr.\n\nSecond paragraph.";
  const auto spans = SplitSentences(text);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(text.substr(spans[1].start, spans[1].end - spans[1].start), "Second paragraph.");
  EXPECT_TRUE(SplitSentences("").empty());
  EXPECT_TRUE(SplitSentences("   \n\n ").empty());
}

TEST(SentencesTest, HandlesNonLatinScripts) {
  const std::string text =
      "\xE4\xBB\x8A\xE5\xA4\xA9\xE4\xB8\x8B\xE9\x9B\xA8\xE3\x80\x82"
      "\xE6\x98\x8E\xE5\xA4\xA9\xE6\x99\xB4\xE3\x80\x82";  // 今天下雨。明天晴。
  EXPECT_EQ(SplitSentences(text).size(), 2u);
}

}  // namespace
}  // namespace newsd
