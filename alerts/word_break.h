// Word segmentation for watch rules (internal to alerts/): ICU word breaks
// (UAX #29 plus dictionaries), and an ASCII fast path that splits chunks of
// plain ASCII exactly as ICU would (checked against ICU in
// tests/alerts/text_fold_test.cpp). Apostrophes split words.
//
// Thread-safe: the ICU iterator is per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace newsd::alerts::word_break {

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

// One word-break iterator per thread (creating one costs far more than a word).
icu::BreakIterator* WordBreaker();

// Calls fn(start, end) for every word ICU finds in utf8[base, end) (letters,
// numbers, kana, ideographs); offsets are into `utf8`.
template <typename Fn>
inline void IcuWords(std::string_view utf8, std::size_t base, std::size_t limit, Fn&& fn) {
  icu::BreakIterator* bi = WordBreaker();
  if (bi == nullptr || limit <= base) return;
  const std::string_view part = utf8.substr(base, limit - base);
  UErrorCode s = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, part.data(), static_cast<std::int64_t>(part.size()), &s));
  if (U_FAILURE(s)) return;
  bi->setText(ut.get(), s);
  if (U_FAILURE(s)) return;
  const auto off = static_cast<std::int32_t>(base);
  std::int32_t start = bi->first();
  for (std::int32_t end = bi->next(); end != icu::BreakIterator::DONE;
       start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    // ICU keeps apostrophes inside words ("can't"); Turkish and Azerbaijani
    // put suffixes after one ("İstanbul'da"), so apostrophes split words.
    std::int32_t a = start;
    for (std::int32_t i = start; i < end;) {
      std::int32_t len = 0;
      const auto ch = static_cast<unsigned char>(part[i]);
      if (ch == '\'') len = 1;
      if (ch == 0xE2 && i + 2 < end && static_cast<unsigned char>(part[i + 1]) == 0x80 &&
          static_cast<unsigned char>(part[i + 2]) == 0x99) {
        len = 3;  // U+2019
      }
      if (len == 0) {
        ++i;
        continue;
      }
      if (i > a) fn(a + off, i + off, false);
      i += len;
      a = i;
    }
    if (end > a) fn(a + off, end + off, false);
  }
  // Detach the iterator from the UText before it is closed.
  bi->setText(icu::UnicodeString());
}

// Character classes of the ASCII fast path (UAX #29 Word_Break of ASCII).
enum : std::uint8_t {
  kSep = 0,        // Other / whitespace: a word boundary on both sides, never in a word
  kLetter = 1,     // ALetter
  kDigit = 2,      // Numeric
  kUnder = 3,      // ExtendNumLet ('_')
  kMidLetter = 4,  // unused: ICU does not join letters across ':' (MidLetter)
  kMidNum = 5,     // ',' ';' between digits (MidNum)
  kQuote = 6,      // '\'' (joins, but words are split at apostrophes anyway)
  kPoint = 7,      // '.': between letters or between digits
  kHigh = 8,       // a byte >= 0x80, or '@': the chunk goes to ICU
};

struct AsciiTable {
  std::uint8_t cls[256];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 256; ++c) {
      std::uint8_t k = kSep;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = kLetter;
      if (c >= '0' && c <= '9') k = kDigit;
      if (c == '_') k = kUnder;
      if (c == ',' || c == ';') k = kMidNum;
      if (c == '\'') k = kQuote;
      if (c == '.') k = kPoint;
      if (c >= 0x80 || c == '@') k = kHigh;  // '@': ICU joins e-mail addresses
      cls[c] = k;
    }
  }
};
inline constexpr AsciiTable kAscii;

inline std::uint8_t Cls(std::string_view s, std::size_t i) {
  return kAscii.cls[static_cast<unsigned char>(s[i])];
}

// Length of a non-ASCII character at `i` that is never part of a word and
// never joins two words (Word_Break = Other: no-break space, « », – —, “ ”,
// …; and ’, which joins but at which words are split anyway), else 0.
inline std::size_t HighSeparator(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 1 < s.size() && b(0) == 0xC2 && (b(1) == 0xA0 || b(1) == 0xAB || b(1) == 0xBB)) {
    return 2;
  }
  if (i + 2 < s.size() && b(0) == 0xE2 && b(1) == 0x80) {
    switch (b(2)) {
      case 0x93:  // – en dash
      case 0x94:  // — em dash
      case 0x99:  // ’
      case 0x9C:  // “
      case 0x9D:  // ”
      case 0xA6:  // …
        return 3;
      default:
        break;
    }
  }
  return 0;
}

inline bool IsWordCls(std::uint8_t c) { return c == kLetter || c == kDigit || c == kUnder; }

// The two-byte characters (U+0080..U+07FF) whose Word_Break is ALetter:
// Latin with diacritics, Greek, Cyrillic, Armenian, Arabic letters... In the
// word rules they behave exactly as ASCII letters, so chunks of ASCII and
// these letters take the fast path too. One bit per code point, from ICU's
// properties.
struct TwoByteLetters {
  std::uint64_t bits[0x800 / 64] = {};
  bool Has(unsigned cp) const { return ((bits[cp >> 6] >> (cp & 63)) & 1) != 0; }
};
const TwoByteLetters& Letters2();

// 2 if a two-byte letter of `t` starts at `i`, else 0.
inline std::size_t FastLetter(const TwoByteLetters& t, std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0xC2 || b0 > 0xDF || i + 1 >= s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if ((b1 & 0xC0) != 0x80) return 0;
  return t.Has(((b0 & 0x1Fu) << 6) | (b1 & 0x3Fu)) ? 2 : 0;
}

// The words of a chunk of ASCII word characters, two-byte letters (see
// Letters2) and mid punctuation (no separators), as ICU's word rules find
// them: letters, digits and '_' run together (a lone '_' is not a word, "__"
// is); '.' joins letters, '.', ',' or ';' join digits (ICU does not join
// letters across ':'). In such a chunk every byte >= 0x80 is part of a letter.
template <typename Fn>
inline void AsciiWords(std::string_view s, std::size_t a, std::size_t b, Fn&& fn) {
  const auto Cls = [](std::string_view t, std::size_t i) {
    const std::uint8_t c = word_break::Cls(t, i);
    return c == kHigh ? static_cast<std::uint8_t>(kLetter) : c;
  };
  std::size_t k = a;
  while (k < b) {
    if (!IsWordCls(Cls(s, k))) {
      ++k;
      continue;
    }
    const std::size_t start = k;
    while (true) {
      while (k < b && IsWordCls(Cls(s, k))) ++k;
      if (k + 1 >= b) break;
      const std::uint8_t m = Cls(s, k), prev = Cls(s, k - 1), next = Cls(s, k + 1);
      const bool letters = prev == kLetter && next == kLetter && (m == kMidLetter || m == kPoint);
      const bool digits = prev == kDigit && next == kDigit && (m == kMidNum || m == kPoint);
      if (!letters && !digits) break;
      ++k;
    }
    // ICU: a lone '_' is not a word, "__" is.
    if (k - start > 1 || Cls(s, start) != kUnder) {
      fn(static_cast<std::int32_t>(start), static_cast<std::int32_t>(k), true);
    }
  }
}

// Calls fn(start, end, fast) for every word (letters, numbers, kana,
// ideographs), in order. Text is cut into chunks at characters that are
// always word boundaries (whitespace, most punctuation); chunks of ASCII and
// two-byte letters go through the fast path above (fast = true), runs of
// chunks with other characters through ICU (the same words:
// tests/alerts/text_fold_test.cpp compares both on real text).
template <typename Fn>
inline void ForEachWord(std::string_view utf8, Fn&& fn) {
  const TwoByteLetters& letters = Letters2();
  const std::size_t n = utf8.size();
  std::size_t icu_start = 0, icu_end = 0;  // pending run of non-ASCII chunks
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t c = Cls(utf8, i);
    if (c == kSep) {
      ++i;
      continue;
    }
    if (c == kHigh) {
      if (const std::size_t len = HighSeparator(utf8, i)) {
        i += len;
        continue;
      }
    }
    // A chunk: up to the next separator.
    const std::size_t a = i;
    bool ascii = true;
    while (i < n) {
      const std::uint8_t k = Cls(utf8, i);
      if (k == kSep) break;
      if (k == kHigh) {
        if (HighSeparator(utf8, i) != 0) break;
        if (FastLetter(letters, utf8, i) != 0) {
          i += 2;
          continue;
        }
        ascii = false;
      }
      ++i;
    }
    if (ascii) {
      if (icu_end > icu_start) IcuWords(utf8, icu_start, icu_end, fn);
      icu_start = icu_end = 0;
      AsciiWords(utf8, a, i, fn);
    } else {
      if (icu_end == icu_start) icu_start = a;
      icu_end = i;
    }
  }
  if (icu_end > icu_start) IcuWords(utf8, icu_start, icu_end, fn);
}

}  // namespace newsd::alerts::word_break
