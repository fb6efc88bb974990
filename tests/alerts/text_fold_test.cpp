// The ASCII fast path of word segmentation must split text exactly as ICU's
// word break iterator does (the matcher relies on it for word positions and
// for whole-word matching): compared on every real page and feed in
// tests/data and on random strings built from the characters where the two
// could differ.
#include "alerts/text_fold.h"

#include <filesystem>
#include <random>

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace newsd::alerts {
namespace {

std::string Show(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20) {
      out += "\\x" + std::to_string(c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

TEST(WordSpans, FastPathAgreesWithIcuOnRealText) {
  std::size_t files = 0, bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(NEWSD_TEST_DATA)) {
    if (!e.is_regular_file()) continue;
    const auto ext = e.path().extension().string();
    if (ext != ".html" && ext != ".xml" && ext != ".txt" && ext != ".json" && ext != ".rss" &&
        ext != ".atom") {
      continue;
    }
    const std::string text = testing::ReadFile(e.path().string());
    ++files;
    bytes += text.size();
    ASSERT_EQ(WordSpans(text), IcuWordSpans(text)) << e.path();
  }
  EXPECT_GT(files, 20u);
  EXPECT_GT(bytes, 100000u);
}

TEST(WordSpans, FastPathAgreesWithIcuOnRandomStrings) {
  // Characters whose word-break class matters: letters, digits, '_', the
  // mid-word punctuation of UAX #29, separators, and non-ASCII neighbours
  // (accented and dotless letters, ’ “ — no-break space, CJK, Thai, a
  // combining mark, a soft hyphen).
  std::vector<std::string> alphabet = {"a",
                                       "Z",
                                       "x",
                                       "1",
                                       "0",
                                       "_",
                                       ".",
                                       ":",
                                       ",",
                                       ";",
                                       "'",
                                       " ",
                                       "\n",
                                       "-",
                                       "/",
                                       "(",
                                       "\"",
                                       "é",
                                       "İ",
                                       "ı",
                                       "\xE2\x80\x99",
                                       "“",
                                       "—",
                                       "…",
                                       "«",
                                       "\xC2\xA0",
                                       "中",
                                       "国",
                                       "ก",
                                       "ข",
                                       "\xCC\x81",
                                       "\xC2\xAD",
                                       "ə",
                                       "\xE2\x80\x98",
                                       "·"};
  for (char c = '!'; c <= '~'; ++c) {
    if (!std::isalnum(static_cast<unsigned char>(c))) alphabet.emplace_back(1, c);
  }
  std::mt19937 rng(20261123);
  for (int n = 0; n < 30000; ++n) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 14);
    for (int i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    ASSERT_EQ(WordSpans(s), IcuWordSpans(s)) << "'" << Show(s) << "'";
  }
}

TEST(WordSpans, KnownCases) {
  using V = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  EXPECT_EQ(WordSpans("U.S. troops"), (V{{0, 3}, {5, 11}}));
  EXPECT_EQ(WordSpans("3.5 and 1,000"), (V{{0, 3}, {4, 7}, {8, 13}}));
  EXPECT_EQ(WordSpans("don't"), (V{{0, 3}, {4, 5}}));
  EXPECT_EQ(WordSpans("a-b"), (V{{0, 1}, {2, 3}}));
  EXPECT_EQ(WordSpans("İstanbul'da"), (V{{0, 9}, {10, 12}}));
}

}  // namespace
}  // namespace newsd::alerts
