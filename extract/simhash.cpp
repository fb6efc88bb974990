#include "extract/simhash.h"

#include <unicode/brkiter.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <array>
#include <bit>
#include <memory>
#include <string>
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

std::uint64_t Combine(const std::vector<std::uint64_t>& words) {
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

// Word classes of UAX #29 as ICU's root word rules see ASCII ('@' is a
// letter there, ':' is not MidLetter).
enum WordClass : unsigned char { kOther, kLetter, kDigit, kExtendNumLet, kMidNumLet, kMidNum };

constexpr std::array<WordClass, 128> MakeClasses() {
  std::array<WordClass, 128> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = kLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kLetter;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kDigit;
  t['@'] = kLetter;
  t['_'] = kExtendNumLet;
  t['.'] = kMidNumLet;
  t['\''] = kMidNumLet;  // Single_Quote: MidNumLet between letters and digits alike
  t[','] = kMidNum;
  t[';'] = kMidNum;
  return t;
}
constexpr std::array<WordClass, 128> kClasses = MakeClasses();

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Appends the words of `token` (ASCII, no whitespace) exactly as ICU's word
// BreakIterator splits them (rules WB5-WB13b; no Extend/Format/Katakana/
// Hebrew/emoji in ASCII), folded to lower case. A segment is a word (rule
// status >= 100) when it has a letter or a digit, or is "_"x2 or longer.
void AsciiWords(std::string_view token, std::vector<std::uint64_t>& words) {
  const std::size_t n = token.size();
  auto cls = [&](std::size_t i) {
    return i < n ? kClasses[static_cast<unsigned char>(token[i])] : kOther;
  };
  std::size_t start = 0;
  bool alnum = false;
  for (std::size_t i = 0; i < n; ++i) {
    const WordClass c = cls(i);
    alnum = alnum || c == kLetter || c == kDigit;
    const WordClass next = cls(i + 1);
    bool join = false;
    if (i + 1 < n) {
      const WordClass prev = i > 0 ? cls(i - 1) : kOther;
      const WordClass next2 = cls(i + 2);
      const bool alnum_c = c == kLetter || c == kDigit;
      const bool alnum_next = next == kLetter || next == kDigit;
      if (alnum_c && alnum_next) {
        join = true;  // WB5, WB8, WB9, WB10
      } else if (c == kLetter && next == kMidNumLet && next2 == kLetter) {
        join = true;  // WB6
      } else if (c == kMidNumLet && prev == kLetter && next == kLetter) {
        join = true;  // WB7
      } else if (c == kDigit && (next == kMidNumLet || next == kMidNum) && next2 == kDigit) {
        join = true;  // WB12
      } else if ((c == kMidNumLet || c == kMidNum) && prev == kDigit && next == kDigit) {
        join = true;  // WB11
      } else if ((alnum_c || c == kExtendNumLet) && next == kExtendNumLet) {
        join = true;  // WB13a
      } else if (c == kExtendNumLet && alnum_next) {
        join = true;  // WB13b
      }
    }
    if (join) continue;
    const std::size_t len = i + 1 - start;
    if (alnum || (len > 1 && cls(start) == kExtendNumLet)) {
      std::uint64_t h = kFnvOffset;
      for (std::size_t j = start; j <= i; ++j) {
        char ch = token[j];
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        h ^= static_cast<unsigned char>(ch);
        h *= kFnvPrime;
      }
      words.push_back(h);
    }
    start = i + 1;
    alnum = false;
  }
}

}  // namespace

std::uint64_t SimHashReference(std::string_view text) {
  std::vector<std::uint64_t> words;
  IcuWords(text, words);
  return Combine(words);
}

// Whitespace-separated tokens: pure-ASCII ones are split by AsciiWords, runs
// of tokens with other characters by ICU, each run together with the
// whitespace around it. ASCII whitespace next to an ASCII non-space character
// is always a word boundary (UAX #29 joins a space only with another space or
// a following Extend/Format/ZWJ, which the ICU run then includes), so the
// pieces break exactly as the whole text does.
std::uint64_t SimHash(std::string_view text) {
  std::vector<std::uint64_t> words;
  words.reserve(text.size() / 5);
  const std::size_t n = text.size();
  std::size_t i = 0;
  std::size_t icu_start = std::string_view::npos;  // start of the pending ICU run
  std::size_t ws_start = 0;                        // start of the current whitespace run
  while (i < n) {
    if (IsAsciiSpace(text[i])) {
      ++i;
      continue;
    }
    const std::size_t tok = i;
    bool ascii = true;
    while (i < n && !IsAsciiSpace(text[i])) {
      ascii = ascii && static_cast<unsigned char>(text[i]) < 0x80;
      ++i;
    }
    if (ascii) {
      if (icu_start != std::string_view::npos) {
        IcuWords(text.substr(icu_start, tok - icu_start), words);
        icu_start = std::string_view::npos;
      }
      AsciiWords(text.substr(tok, i - tok), words);
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
