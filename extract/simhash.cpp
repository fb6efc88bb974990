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

}  // namespace

std::uint64_t SimHash(std::string_view text) {
  std::vector<std::uint64_t> words;
  icu::BreakIterator* it = ThreadWordIterator();
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (it == nullptr || U_FAILURE(status) || text.empty()) return 0;
  it->setText(ut.get(), status);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    const int32_t rule = it->getRuleStatus();
    if (rule >= UBRK_WORD_NONE && rule < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    words.push_back(Fnv1a(
        Fold(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)))));
  }
  it->setText(icu::UnicodeString());
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

int HammingDistance(std::uint64_t a, std::uint64_t b) { return std::popcount(a ^ b); }

}  // namespace newsd
