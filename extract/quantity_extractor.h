// The quantity stage: finds counted or measured amounts ("about 60 Iranian
// trucks", "$3 billion", "9.95%", "two dozen", "3bn", "over 6,500 lives"),
// normalises the value to a double, names the unit (the counted noun, an ISO
// 4217 currency code or "%") and flags approximations ("about", "more than",
// "at least", ...). Years, dates, times, ordinals, phone numbers, ages next to
// names and numbers that are part of names ("Boeing 737") are not quantities.
// The rules are in bench/facts_gold/GUIDELINE.md.
//
// Thread rules: immutable after construction; Extract may run concurrently.
#pragma once

#include <vector>

#include "core/model.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"

namespace newsd {

class QuantityExtractor {
 public:
  // `lang` must outlive the extractor (the tables in facts_lang.h are static).
  explicit QuantityExtractor(const FactLanguage& lang) : lang_(lang) {}

  // The quantities of `scan` in text order. Numbers whose first byte lies in
  // one of `skip` (byte spans sorted by start, e.g. the dates found before)
  // are left out.
  std::vector<Quantity> Extract(const TextScan& scan, const std::vector<Span>& skip) const;

 private:
  const FactLanguage& lang_;
};

}  // namespace newsd
