// Sentence segmentation (ICU sentence BreakIterator) corrected for the
// abbreviations common in news (Mr., Dr., Gen., Sept., No. 10, U.S., a.m.,
// initials like "John F. Kennedy"). Thread-safe: each thread uses its own
// clone of one ICU iterator built once.
#pragma once

#include <string_view>
#include <vector>

#include "core/model.h"

namespace newsd {

// The sentences of `text` (valid UTF-8) as byte ranges [start, end) with
// surrounding whitespace excluded, in order, non-overlapping. A sentence
// never crosses a line or paragraph break. Empty text gives no sentences.
std::vector<Sentence> SplitSentences(std::string_view text);

}  // namespace newsd
