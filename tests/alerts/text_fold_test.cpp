// The ASCII fast path of word segmentation must split text exactly as ICU's
// word break iterator does (the matcher relies on it for word positions and
// for whole-word matching): compared on every real page and feed in
// tests/data and on random strings built from the characters where the two
// could differ.
#include "alerts/text_fold.h"

#include <algorithm>
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

// Characters whose word-break class matters: letters, digits, '_', the
// mid-word punctuation of UAX #29, separators, and non-ASCII neighbours
// (accented and dotless letters, ’ “ — no-break space, CJK, Thai, a
// combining mark, a soft hyphen).
std::vector<std::string> Alphabet() {
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
  return alphabet;
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
  const std::vector<std::string> alphabet = Alphabet();
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

// FoldText (ASCII fast paths) against IcuFoldText (every word split and
// folded by ICU): the same stream and the same word offsets.
std::string Describe(const FoldedText& f) {
  std::string out = "'" + Show(f.stream) + "'";
  for (const auto& w : f.word) {
    out += " " + std::to_string(w.pos) + ":" + std::to_string(w.src_start) + "-" +
           std::to_string(w.src_end);
  }
  return out;
}

TEST(FoldText, FastPathsAgreeWithIcuOnMultilingualText) {
  // One article per country of ../shared/corpora/news-pages (41 countries,
  // Latin with diacritics, Cyrillic, Arabic, Devanagari, Hebrew, CJK, Korean).
  const std::string text =
      testing::ReadFile(std::string(NEWSD_TEST_DATA) + "/alerts/multilingual.txt");
  ASSERT_GT(text.size(), 100000u);
  std::size_t lines = 0, non_ascii_lines = 0;
  for (FoldMode mode : {FoldMode::kFold, FoldMode::kCase}) {
    const FoldedText fast = FoldText(text, mode);
    ASSERT_EQ(Describe(fast), Describe(IcuFoldText(text, mode)));
    EXPECT_GT(fast.words(), 15000u);
    // Line by line too: different chunk boundaries at the ends.
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      const std::string_view line(text.data() + start, end - start);
      ++lines;
      non_ascii_lines += std::any_of(line.begin(), line.end(),
                                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
      ASSERT_EQ(Describe(FoldText(line, mode)), Describe(IcuFoldText(line, mode)))
          << "'" << line << "'";
      start = end + 1;
    }
  }
  EXPECT_GT(non_ascii_lines, 200u);
  EXPECT_GT(lines, 1000u);
}

TEST(FoldText, FastPathsAgreeWithIcuOnRandomStrings) {
  std::vector<std::string> alphabet = Alphabet();
  // Upper case, letters whose folding changes their length or script
  // (Cyrillic й decomposes), and invalid UTF-8: a lone lead byte, a lone
  // continuation byte, an overlong form.
  for (const char* extra : {"A", "Q", "Ä", "ß", "\xEF\xAC\x81" /* ﬁ */, "ǅ", "Σ", "ς", "Ǆ", "Й",
                            "\xC3", "\x80", "\xC1\x81", "\xD0"}) {
    alphabet.emplace_back(extra);
  }
  std::mt19937 rng(8);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = 1 + static_cast<int>(rng() % 14);
    for (int i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    for (FoldMode mode : {FoldMode::kFold, FoldMode::kCase}) {
      ASSERT_EQ(Describe(FoldText(s, mode)), Describe(IcuFoldText(s, mode)))
          << "'" << Show(s) << "'";
    }
  }
}

TEST(FoldText, KnownCases) {
  const FoldedText f = FoldText("Zürich, İSTANBUL don't U.S.", FoldMode::kFold);
  EXPECT_EQ(f.stream, " zurich istanbul don t u.s ");
  ASSERT_EQ(f.words(), 5u);
  EXPECT_EQ(Describe(f), "' zurich istanbul don t u.s ' 1:0-7 8:9-18 17:19-22 21:23-24 23:25-28");
  EXPECT_EQ(FoldText("Zürich U.S.", FoldMode::kCase).stream, " Zürich U.S ");
  EXPECT_EQ(FoldText("", FoldMode::kFold).stream, " ");
  EXPECT_EQ(FoldText(" ... -- ", FoldMode::kFold).words(), 0u);
  EXPECT_EQ(FoldText("Straße \xEF\xAC\x81ve", FoldMode::kFold).stream, " strasse five ");
  // Pieces: a separator word between them, piece numbers, offsets per piece.
  FoldedTextBuilder b(FoldMode::kFold);
  b.AddPiece("Ilham Aliyev", 0);
  b.AddPiece("Baku", 1);
  b.AddPiece("", 2);
  b.AddPiece("Æ ok", 3);
  const FoldedText p = b.Finish();
  EXPECT_EQ(p.stream, " ilham aliyev \x01 baku \x01 \x01 æ ok ");
  std::vector<std::uint32_t> pieces, starts;
  for (const auto& w : p.word) {
    pieces.push_back(w.piece);
    starts.push_back(w.src_start);
  }
  EXPECT_EQ(pieces, (std::vector<std::uint32_t>{0, 0, 1, 1, 2, 3, 3, 3}));
  EXPECT_EQ(starts, (std::vector<std::uint32_t>{0, 6, 0, 0, 0, 0, 0, 3}));
}

TEST(FoldText, WordBeforeWithAndWithoutHint) {
  const FoldedText f = FoldText("a bb ccc dddd", FoldMode::kFold);  // " a bb ccc dddd "
  ASSERT_EQ(f.words(), 4u);
  for (long hint : {-1L, 0L, 1L, 2L, 3L, 7L}) {
    EXPECT_EQ(f.WordBefore(0, hint), -1) << hint;
    EXPECT_EQ(f.WordBefore(1, hint), 0) << hint;
    EXPECT_EQ(f.WordBefore(2, hint), 0) << hint;  // the space after "a"
    EXPECT_EQ(f.WordBefore(3, hint), 1) << hint;  // "bb" starts at 3
    EXPECT_EQ(f.WordBefore(9, hint), 2) << hint;
    EXPECT_EQ(f.WordBefore(10, hint), 3) << hint;
    EXPECT_EQ(f.WordBefore(100, hint), 3) << hint;
  }
  EXPECT_EQ(f.WordAt(3), 1);
  EXPECT_EQ(f.WordAt(4), -1);
}

}  // namespace
}  // namespace newsd::alerts
