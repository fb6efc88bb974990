// Helpers shared by the fact-stage tests (quotes, quantities, dates).
#pragma once

#include <chrono>
#include <string>

#include "core/model.h"
#include "extract/facts_extractor.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

// An article with `text`, published at noon UTC on y-m-d (no date when y == 0),
// run through a fresh FactExtractor.
inline Article RunFacts(const std::string& text, int y = 0, unsigned m = 1, unsigned d = 1) {
  Article a;
  a.text = text;
  if (y) {
    using namespace std::chrono;
    a.published = TimePoint(sys_days(year(y) / month(m) / day(d))) + hours(12);
  }
  auto fx = FactExtractor::Create();
  EXPECT_TRUE(fx.has_value());
  if (fx) (*fx)->Extract(a);
  return a;
}

// Checks that every span of the article lies on UTF-8 code point boundaries
// inside the text and that the stored text equals the span.
inline void ExpectValidOffsets(const Article& a) {
  auto boundary = [&](std::size_t p) {
    return p == a.text.size() ||
           (p < a.text.size() && (static_cast<unsigned char>(a.text[p]) & 0xC0) != 0x80);
  };
  for (const auto& q : a.quotes) {
    EXPECT_LE(q.start, q.end);
    EXPECT_LE(q.end, a.text.size());
    EXPECT_TRUE(boundary(q.start) && boundary(q.end));
    EXPECT_EQ(a.text.substr(q.start, q.end - q.start), q.text);
  }
  for (const auto& q : a.quantities) {
    EXPECT_LE(q.end, a.text.size());
    EXPECT_TRUE(boundary(q.start) && boundary(q.end));
    EXPECT_EQ(a.text.substr(q.start, q.end - q.start), q.text);
  }
  for (const auto& d : a.dates) {
    EXPECT_LE(d.end, a.text.size());
    EXPECT_TRUE(boundary(d.start) && boundary(d.end));
    EXPECT_EQ(a.text.substr(d.start, d.end - d.start), d.text);
  }
}

}  // namespace newsd::testing
