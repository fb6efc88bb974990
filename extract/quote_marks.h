// Finds the quoted stretches of a text from its quotation marks: straight
// (" ') and typographic (“ ” ‘ ’ « » „ “ ‚ ‘ ‹ ›) marks, paired by kind within
// a paragraph. An opening mark at a paragraph start with no closing mark in
// that paragraph marks a quote that continues into the next paragraph (the
// journalistic convention). Single marks are only paired outside double
// quotes, and an apostrophe inside a word ("don’t", "Iran’s") never opens or
// closes a quote.
//
// Thread rules: pure function.
#pragma once

#include <string_view>
#include <vector>

namespace newsd {

struct QuoteMarks {
  std::size_t open = 0;    // byte offset of the opening mark
  std::size_t start = 0;   // first byte inside the marks
  std::size_t end = 0;     // one past the last byte inside the marks
  std::size_t close = 0;   // one past the closing mark (== end when it continues)
  bool continues = false;  // no closing mark: the quote goes on in the next paragraph
};

// The quotes of `text` (paragraphs split by "\n\n") in text order; the inner
// span is trimmed of white space and never empty.
std::vector<QuoteMarks> FindQuoteMarks(std::string_view text);

}  // namespace newsd
