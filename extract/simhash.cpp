#include "extract/simhash.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <array>
#include <bit>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace newsd {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

std::uint64_t Fnv1a(std::string_view s, std::uint64_t h = kFnvOffset) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// FNV alone mixes the high bits poorly for short inputs; finish with a
// fixed avalanche step (splitmix64's finaliser).
std::uint64_t Mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

icu::BreakIterator* ThreadWordIterator() {
  static const icu::BreakIterator* prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* it = icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status);
    return U_SUCCESS(status) ? it : nullptr;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> mine(prototype ? prototype->clone() : nullptr);
  return mine.get();
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

std::string Fold(std::string_view word) {
  bool ascii = true;
  for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string s(word);
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Full case folding straight on UTF-8 (no UTF-16 round trip): the same
// mapping as UnicodeString::foldCase with default options.
std::uint64_t FoldedHashUtf8(std::string_view word) {
  static const UCaseMap* const map = [] {
    UErrorCode status = U_ZERO_ERROR;
    UCaseMap* m = ucasemap_open("", U_FOLD_CASE_DEFAULT, &status);
    return U_SUCCESS(status) ? m : nullptr;
  }();
  char buf[256];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = map == nullptr || word.size() > 64
                        ? -1
                        : ucasemap_utf8FoldCase(map, buf, sizeof buf, word.data(),
                                                static_cast<int32_t>(word.size()), &status);
  if (n < 0 || U_FAILURE(status) || n > static_cast<int32_t>(sizeof buf)) {
    return Fnv1a(Fold(word));
  }
  return Fnv1a(std::string_view(buf, static_cast<std::size_t>(n)));
}

// Fnv1a(Fold(word)) without a copy when the word is ASCII.
std::uint64_t FoldedHash(std::string_view word) {
  std::uint64_t h = kFnvOffset;
  for (char c : word) {
    if (static_cast<unsigned char>(c) >= 0x80) return FoldedHashUtf8(word);
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// Appends the FNV-1a of every folded word of `text` (ICU word breaks).
void IcuWords(std::string_view text, std::vector<std::uint64_t>& words) {
  icu::BreakIterator* it = ThreadWordIterator();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (it == nullptr || U_FAILURE(status) || text.empty()) return;
  it->setText(ut.get(), status);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    const int32_t rule = it->getRuleStatus();
    if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    words.push_back(Fnv1a(
        Fold(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)))));
  }
  it->setText(icu::UnicodeString());
}

// kSpread[b]: the 8 bits of b, one per byte (bit i -> byte i = 0 or 1).
constexpr std::array<std::uint64_t, 256> MakeSpread() {
  std::array<std::uint64_t, 256> t{};
  for (std::size_t b = 0; b < 256; ++b) {
    for (int i = 0; i < 8; ++i) {
      if ((b >> i) & 1) t[b] |= std::uint64_t{1} << (8 * i);
    }
  }
  return t;
}
constexpr std::array<std::uint64_t, 256> kSpread = MakeSpread();

// SimHash of the word hashes: each bit votes +1/-1 per 3-shingle; a bit is
// set when its votes are positive, i.e. when it is set in more than half of
// the shingles. Counted 8 bits at a time in byte lanes (flushed before a
// lane can overflow).
std::uint64_t Combine(const std::vector<std::uint64_t>& words) {
  if (words.empty()) return 0;
  std::array<std::uint64_t, 64> counts{};
  std::array<std::uint64_t, 8> lanes{};  // lanes[j] byte i: bit 8j+i
  const std::size_t k = words.size() < 3 ? words.size() : 3;
  const std::size_t shingles = words.size() - k + 1;
  auto flush = [&] {
    for (std::size_t j = 0; j < 8; ++j) {
      for (std::size_t i = 0; i < 8; ++i) counts[8 * j + i] += (lanes[j] >> (8 * i)) & 0xFF;
      lanes[j] = 0;
    }
  };
  std::size_t pending = 0;
  for (std::size_t i = 0; i < shingles; ++i) {
    std::uint64_t h = kFnvOffset;
    for (std::size_t j = 0; j < k; ++j) h = (h ^ words[i + j]) * kFnvPrime;
    h = Mix(h);
    for (std::size_t j = 0; j < 8; ++j) lanes[j] += kSpread[(h >> (8 * j)) & 0xFF];
    if (++pending == 255) {
      flush();
      pending = 0;
    }
  }
  flush();
  std::uint64_t out = 0;
  for (std::size_t b = 0; b < 64; ++b) {
    if (2 * counts[b] > shingles) out |= std::uint64_t{1} << b;
  }
  return out;
}

// The original vote loop, for SimHashReference.
std::uint64_t CombineReference(const std::vector<std::uint64_t>& words) {
  if (words.empty()) return 0;
  std::array<std::int64_t, 64> votes{};
  const std::size_t k = words.size() < 3 ? words.size() : 3;
  for (std::size_t i = 0; i + k <= words.size(); ++i) {
    std::uint64_t h = kFnvOffset;
    for (std::size_t j = 0; j < k; ++j) h = (h ^ words[i + j]) * kFnvPrime;
    h = Mix(h);
    for (int b = 0; b < 64; ++b) votes[static_cast<std::size_t>(b)] += (h >> b) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (votes[static_cast<std::size_t>(b)] > 0) out |= std::uint64_t{1} << b;
  }
  return out;
}

// Word-break classes of UAX #29 as ICU's root word rules use them ('@' is
// a letter there, ':' is not MidLetter, Single_Quote acts as MidNumLet
// outside Hebrew). kIcu: a character whose rules this file does not model
// (Extend, Format, ZWJ, Katakana, Hebrew, regional indicators, emoji,
// newlines, WSegSpace, dictionary scripts): its token goes to ICU.
enum WordClass : unsigned char {
  kOther,
  kLetter,
  kDigit,
  kExtendNumLet,
  kMidNumLet,
  kMidLetter,
  kMidNum,
  kIcu
};

// Code points below this are classified by the table; the rest go to ICU.
constexpr UChar32 kTableLimit = 0x3000;

WordClass Classify(UChar32 c) {
  if (c == '@') return kLetter;
  if (c == ':') return kOther;
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT ||
      u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
      u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) {
    return kIcu;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HAN) {
    return kIcu;
  }
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE:  // joins only Hebrew letters, which go to ICU
      return kOther;
    case U_WB_ALETTER:
      return kLetter;
    case U_WB_NUMERIC:
      return kDigit;
    case U_WB_EXTENDNUMLET:
      return kExtendNumLet;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return kMidNumLet;
    case U_WB_MIDLETTER:
      return kMidLetter;
    case U_WB_MIDNUM:
      return kMidNum;
    default:
      return kIcu;
  }
}

const std::vector<WordClass>& ClassTable() {
  static const std::vector<WordClass> table = [] {
    std::vector<WordClass> t(kTableLimit);
    for (UChar32 c = 0; c < kTableLimit; ++c) t[static_cast<std::size_t>(c)] = Classify(c);
    return t;
  }();
  return table;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool AlNum(WordClass c) { return c == kLetter || c == kDigit; }

// Appends the words of `token` (no ASCII whitespace) exactly as ICU's word
// BreakIterator splits them (rules WB5-WB13b), folded as Fold does. A
// segment is a word (rule status >= 100) when it has a letter or a digit,
// or is two or more ExtendNumLet. False (nothing appended) when the token
// has a kIcu character or invalid UTF-8.
bool FastWords(std::string_view token, std::vector<std::uint64_t>& words,
               std::vector<std::pair<std::uint32_t, WordClass>>& cps) {
  const std::vector<WordClass>& table = ClassTable();
  cps.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(token.data());
  const auto length = static_cast<int32_t>(token.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0 || c >= kTableLimit) return false;
    const WordClass k = table[static_cast<std::size_t>(c)];
    if (k == kIcu) return false;
    cps.emplace_back(static_cast<std::uint32_t>(start), k);
  }
  const std::size_t n = cps.size();
  auto cls = [&](std::size_t j) { return j < n ? cps[j].second : kOther; };
  std::size_t seg = 0;
  bool alnum = false;
  for (std::size_t j = 0; j < n; ++j) {
    const WordClass c = cls(j);
    alnum = alnum || AlNum(c);
    bool join = false;
    if (j + 1 < n) {
      const WordClass prev = j > 0 ? cls(j - 1) : kOther;
      const WordClass next = cls(j + 1);
      const WordClass next2 = cls(j + 2);
      const bool mid_letter = next == kMidNumLet || next == kMidLetter;
      const bool mid_num = next == kMidNumLet || next == kMidNum;
      if (AlNum(c) && AlNum(next)) {
        join = true;  // WB5, WB8, WB9, WB10
      } else if (c == kLetter && mid_letter && next2 == kLetter) {
        join = true;  // WB6
      } else if ((c == kMidNumLet || c == kMidLetter) && prev == kLetter && next == kLetter) {
        join = true;  // WB7
      } else if (c == kDigit && mid_num && next2 == kDigit) {
        join = true;  // WB12
      } else if ((c == kMidNumLet || c == kMidNum) && prev == kDigit && next == kDigit) {
        join = true;  // WB11
      } else if ((AlNum(c) || c == kExtendNumLet) && next == kExtendNumLet) {
        join = true;  // WB13a
      } else if (c == kExtendNumLet && AlNum(next)) {
        join = true;  // WB13b
      }
    }
    if (join) continue;
    if (alnum || (j > seg && cls(seg) == kExtendNumLet)) {
      const std::size_t from = cps[seg].first;
      const std::size_t to = j + 1 < n ? cps[j + 1].first : token.size();
      words.push_back(FoldedHash(token.substr(from, to - from)));
    }
    seg = j + 1;
    alnum = false;
  }
  return true;
}

}  // namespace

std::uint64_t SimHashReference(std::string_view text) {
  std::vector<std::uint64_t> words;
  IcuWords(text, words);
  return CombineReference(words);
}

// Whitespace-separated tokens: those FastWords models are split there, runs
// of the others by ICU, each run together with the whitespace around it. ASCII whitespace next to
// an ASCII non-space character is always a word boundary (UAX #29 joins a space only with another
// space or a following Extend/Format/ZWJ, which the ICU run then includes), so the pieces break
// exactly as the whole text does.
std::uint64_t SimHash(std::string_view text) {
  std::vector<std::uint64_t> words;
  words.reserve(text.size() / 5);
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::size_t icu_start = std::string_view::npos;  // start of the pending ICU run
  std::size_t ws_start = 0;                        // start of the current whitespace run
  std::vector<std::uint64_t> token_words;          // FastWords' output (ICU runs come first)
  std::vector<std::pair<std::uint32_t, WordClass>> cps;
  while (i < n) {
    if (IsAsciiSpace(text[i])) {
      ++i;
      continue;
    }
    const std::size_t tok = i;
    while (i < n && !IsAsciiSpace(text[i])) ++i;
    if (FastWords(text.substr(tok, i - tok), token_words, cps)) {
      if (icu_start != std::string_view::npos) {
        IcuWords(text.substr(icu_start, tok - icu_start), words);
        icu_start = std::string_view::npos;
      }
      words.insert(words.end(), token_words.begin(), token_words.end());
      token_words.clear();
    } else if (icu_start == std::string_view::npos) {
      icu_start = ws_start;
    }
    ws_start = i;
  }
  if (icu_start != std::string_view::npos) IcuWords(text.substr(icu_start), words);
  return Combine(words);
}

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace newsd
