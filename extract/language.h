// Language identification of clean text (CLD2). Pure functions; thread-safe.
#pragma once

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

// "en-GB" -> "en", "pt_BR" -> "pt", "EN" -> "en"; "" when the primary
// subtag is not two ASCII letters.
std::string PrimaryLanguage(std::string_view tag);

}  // namespace newsd
