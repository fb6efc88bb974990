// Splits text into the word tokens the entity model was trained on, following
// the CoNLL-2003 (Penn Treebank-like) conventions: punctuation apart, "'s"
// apart, hyphenated words and abbreviations ("U.S.", "Corp.") kept whole.
// ICU's word breaks split "Nagorno-Karabakh" and "U.S." differently from the
// training data, so this model-specific split is done here (see docs/NOTES.md).
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsd::ner {

// A token as a half-open byte range into the text it came from.
struct TokenSpan {
  std::size_t start = 0;
  std::size_t end = 0;
};

// Appends to `out` the tokens of text[begin, end). Offsets are into `text`.
void Tokenize(std::string_view text, std::size_t begin, std::size_t end,
              std::vector<TokenSpan>& out);

}  // namespace newsd::ner
