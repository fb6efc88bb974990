// Display helpers of `newsd watch test`: the hits of a watch in an article's
// title and text, highlighted, and snippets of the text around them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace newsd {

// How hits are marked: ANSI bold (for a terminal) or [[...]] (for files,
// pipes and JSON).
enum class HitStyle { kAnsi, kBrackets };

// `text` with the byte ranges of `spans` whose field is `field` marked
// (overlapping spans merged); newlines become spaces.
std::string Highlight(std::string_view text, const std::vector<MatchSpan>& spans,
                      std::string_view field, HitStyle style);

// Up to `max` snippets of `text` around the spans of field "text" (and of
// "entity"/"quote", whose offsets are into the text too): about `context`
// bytes either side, cut at UTF-8 character boundaries, hits marked,
// "…" where the text goes on.
std::vector<std::string> Snippets(std::string_view text, const std::vector<MatchSpan>& spans,
                                  HitStyle style, std::size_t context = 60, std::size_t max = 3);

}  // namespace newsd
