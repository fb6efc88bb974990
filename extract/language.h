// Language identification of clean text (CLD2). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsd {

struct LanguageGuess {
  std::string code;       // ISO 639-1 ("en", "de", "zh"), "" when unknown
  bool reliable = false;  // CLD2's reliability flag (always false for a declared fallback)
};

// Identifies the language of `text` (valid UTF-8 plain text). When the text
// is too short for CLD2 (fewer than `min_letters` letters) or CLD2 does not
// know, falls back to `declared` (BCP 47 or "pt_BR"-style; reduced to its
// primary subtag when that is two letters).
LanguageGuess DetectLanguage(std::string_view text, const std::optional<std::string>& declared,
                             std::size_t min_letters = 40);

// The first ~`max_bytes` of `text` for DetectLanguage: cut at a UTF-8
// character boundary, and at the last whitespace before it when there is one
// in the last 64 bytes (no torn word). The whole text when it is shorter.
// CLD2's cost is linear in its input and a few KB decide the language of a
// single-language article as well as the whole text does
// (bench/lang_sample_bench.cpp measures the agreement).
std::string_view LanguageSample(std::string_view text, std::size_t max_bytes);

// Bytes of clean text the pipeline's language stage looks at.
inline constexpr std::size_t kLanguageSampleBytes = 2048;

// "en-GB" -> "en", "pt_BR" -> "pt", "EN" -> "en"; "" when the primary
// subtag is not two ASCII letters.
std::string PrimaryLanguage(std::string_view tag);

}  // namespace newsd
