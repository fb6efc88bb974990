#include "alerts/word_break.h"

#include "alerts/text_fold.h"

#include <unicode/uchar.h>

namespace newsd::alerts {
namespace word_break {

icu::BreakIterator* WordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) b.reset();
    return b;
  }();
  return bi.get();
}

const TwoByteLetters& Letters2() {
  static const TwoByteLetters t = [] {
    TwoByteLetters r;
    for (UChar32 c = 0x80; c < 0x800; ++c) {
      if (u_getIntPropertyValue(c, UCHAR_WORD_BREAK) == U_WB_ALETTER) {
        r.bits[c >> 6] |= std::uint64_t{1} << (c & 63);
      }
    }
    return r;
  }();
  return t;
}

}  // namespace word_break

std::vector<std::pair<std::uint32_t, std::uint32_t>> IcuWordSpans(std::string_view utf8) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  word_break::IcuWords(utf8, 0, utf8.size(), [&](std::int32_t a, std::int32_t b, bool) {
    out.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  });
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> WordSpans(std::string_view utf8) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  word_break::ForEachWord(utf8, [&](std::int32_t a, std::int32_t b, bool) {
    out.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  });
  return out;
}

}  // namespace newsd::alerts
