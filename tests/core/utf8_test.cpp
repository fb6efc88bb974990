#include "core/utf8.h"

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <unicode/utf8.h>

namespace newsd {
namespace {

// The plain ICU loop over the whole input: what IsValidUtf8 must agree with.
bool ReferenceValid(const std::string& bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

TEST(Utf8Test, KnownCases) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII text, longer than eight bytes"));
  EXPECT_TRUE(
      IsValidUtf8("Az\xC9\x99rbaycan \xD0\x98ран \xE2\x80\x9Cquote\xE2\x80\x9D \xF0\x9F\x93\xB0"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x80"));       // truncated at the end
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
}

TEST(Utf8Test, InvalidByteAfterEveryAsciiRunLengthIsFound) {
  // The fast path skips ASCII in 8-byte words: put the bad byte at every
  // offset around the word boundaries, and a valid sequence split by them.
  for (std::size_t run = 0; run < 20; ++run) {
    const std::string ascii(run, 'a');
    EXPECT_FALSE(IsValidUtf8(ascii + "\xFF" + "tail")) << run;
    EXPECT_FALSE(IsValidUtf8(ascii + "\xE2\x82")) << run;
    EXPECT_TRUE(IsValidUtf8(ascii + "\xE2\x82\xAC" + ascii)) << run;
  }
}

TEST(Utf8Test, AgreesWithTheIcuLoopOnRandomBytes) {
  std::mt19937 rng(42);
  const std::string pieces[] = {"a",    "word ", "\xC3\xA9",     "\xE2\x80\x94", "\xF0\x9F\x98\x80",
                                "\xC3", "\x80",  "\xED\xA0\x80", "\xF8",         "\xE0\x80\xAF"};
  int invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int parts = static_cast<int>(rng() % 24);
    for (int k = 0; k < parts; ++k) {
      // Mostly valid pieces, so both answers occur often.
      const std::size_t pick = rng() % 100 < 92 ? rng() % 5 : 5 + rng() % 5;
      s += pieces[pick];
    }
    const bool want = ReferenceValid(s);
    invalid += want ? 0 : 1;
    ASSERT_EQ(IsValidUtf8(s), want) << "round " << round;
  }
  EXPECT_GT(invalid, 1000);  // the generator really produced invalid inputs
  EXPECT_LT(invalid, 19000);
}

}  // namespace
}  // namespace newsd
