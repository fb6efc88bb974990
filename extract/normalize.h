// Text normalisation and the content hash (ICU). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

// Unicode NFC; typographic spaces (NBSP, U+2000..U+200A, U+202F, U+205F,
// U+3000, tabs) become a plain space; zero-width space, word joiner, BOM,
// soft hyphen and control characters are removed (ZWJ/ZWNJ are kept: they
// carry meaning in Persian, Indic scripts and emoji); U+2028/U+2029 become
// line/paragraph breaks; spaces are collapsed and lines trimmed; paragraphs
// stay separated by exactly one blank line. Quotes, dashes and diacritics
// are kept as they are. Invalid UTF-8 becomes U+FFFD.
std::string NormalizeText(std::string_view text);

// The key two texts share when they are "the same content": NFKC with case
// folding, every run of non-letters/digits (whitespace, punctuation,
// symbols) collapsed to one space, trimmed.
std::string ContentKey(std::string_view text);

// ContentKey computed the original way (ICU NFKC_Casefold over the whole
// text); ContentKey's piecewise ASCII fast path is tested against it.
std::string ContentKeyReference(std::string_view text);

// "sha256:" + lower-case hex SHA-256 of ContentKey(text).
std::string ContentHash(std::string_view text);

}  // namespace newsd
