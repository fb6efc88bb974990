#include "extract/language.h"

#include <public/compact_lang_det.h>

#include <cctype>
#include <cstring>

namespace newsd {
namespace {

std::size_t CountLetters(std::string_view text, std::size_t enough) {
  std::size_t n = 0;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    // ASCII letters and UTF-8 lead bytes (non-ASCII characters are letters
    // often enough for this threshold).
    if (std::isalpha(c) || c >= 0xC0) ++n;
    if (n >= enough) break;
  }
  return n;
}

}  // namespace

std::string PrimaryLanguage(std::string_view tag) {
  std::size_t end = 0;
  while (end < tag.size() && tag[end] != '-' && tag[end] != '_') ++end;
  std::string code(tag.substr(0, end));
  if (code.size() != 2) return {};
  for (char& c : code) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // Deprecated codes still seen in the wild.
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "ji") return "yi";
  return code;
}

std::string_view LanguageSample(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back to the first byte of a character (never a continuation byte).
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  const std::size_t floor = end > 64 ? end - 64 : 0;
  for (std::size_t i = end; i > floor; --i) {
    const char c = text[i - 1];
    if (c == ' ' || c == '\n' || c == '\t') return text.substr(0, i - 1);
  }
  return text.substr(0, end);
}

LanguageGuess DetectLanguage(std::string_view text, const std::optional<std::string>& declared,
                             std::size_t min_letters) {
  LanguageGuess guess;
  if (CountLetters(text, min_letters) >= min_letters) {
    bool reliable = false;
    int valid_prefix = 0;
    const CLD2::Language lang = CLD2::DetectLanguageCheckUTF8(
        text.data(), static_cast<int>(text.size()), true, &reliable, &valid_prefix);
    if (lang != CLD2::UNKNOWN_LANGUAGE && lang != CLD2::TG_UNKNOWN_LANGUAGE) {
      const char* code = CLD2::LanguageCode(lang);
      std::string primary = code != nullptr ? PrimaryLanguage(code) : "";
      if (code != nullptr && std::strcmp(code, "jw") == 0) primary = "jv";
      if (!primary.empty()) {
        guess.code = primary;
        guess.reliable = reliable;
        return guess;
      }
    }
  }
  if (declared) guess.code = PrimaryLanguage(*declared);
  return guess;
}

}  // namespace newsd
