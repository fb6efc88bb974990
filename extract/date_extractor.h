// The date stage: finds absolute dates ("11 August 2021", "2021-08-11",
// "August 2021", "in 2019", "the 1990s", "the autumn of 2020"), spans ("from
// July 11 to August 8", "between March and May 2022") and relative dates
// ("yesterday", "on Tuesday", "last year", "earlier this week", "two days
// ago") and resolves each to a closed range of calendar days. Relative and
// year-less dates need the publication date; without one they are skipped.
// The rules are in bench/facts_gold/GUIDELINE.md.
//
// Thread rules: immutable after construction; Extract may run concurrently.
#pragma once

#include <optional>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/model.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"

namespace newsd {

class DateExtractor {
 public:
  // `lang` must outlive the extractor (the tables in facts_lang.h are static).
  explicit DateExtractor(const FactLanguage& lang) : lang_(lang) {}

  // The dates of `scan` in text order, with byte offsets into scan.text.
  // `published` anchors relative and year-less dates (UTC calendar day).
  std::vector<DateSpan> Extract(const TextScan& scan, std::optional<TimePoint> published) const;

 private:
  const FactLanguage& lang_;
};

}  // namespace newsd
