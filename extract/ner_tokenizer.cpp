#include "extract/ner_tokenizer.h"

#include <array>
#include <cstdint>
#include <string>

namespace newsd::ner {
namespace {

// Length of the UTF-8 sequence at p[i] if it is white space, else 0.
std::size_t SpaceLen(std::string_view t, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < t.size()) {
    auto b1 = static_cast<unsigned char>(t[i + 1]);
    auto b2 = static_cast<unsigned char>(t[i + 2]);
    if (b1 == 0x80 && (b2 <= 0x8B || b2 == 0xAF)) return 3;  // U+2000..200B, U+202F
  }
  if (c == 0xE3 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80 &&
      static_cast<unsigned char>(t[i + 2]) == 0x80)
    return 3;  // U+3000
  return 0;
}

// Length of a punctuation character that always stands alone, else 0.
std::size_t PunctLen(std::string_view t, std::size_t i, bool edge) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  switch (c) {
    case '"':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case ';':
    case '!':
    case '?':
    case '<':
    case '>':
    case '|':
      return 1;
    case ':':
    case '\'':
    case '`':
    case '*':
      return edge ? 1 : 0;
    default:
      break;
  }
  if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
    auto b2 = static_cast<unsigned char>(t[i + 2]);
    // en/em dash, horizontal bar, typographic quotes, ellipsis
    if (b2 == 0x93 || b2 == 0x94 || b2 == 0x95 || b2 == 0x9C || b2 == 0x9D || b2 == 0x9E ||
        b2 == 0xA6)
      return 3;
    if (b2 == 0x98 || b2 == 0x99) return edge ? 3 : 0;  // single quotes (apostrophe inside)
  }
  if (c == 0xC2 && i + 1 < t.size()) {
    auto b1 = static_cast<unsigned char>(t[i + 1]);
    if (b1 == 0xAB || b1 == 0xBB) return 2;  // « »
  }
  return 0;
}

bool IsAbbrevStem(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kAbbrev = {
      "mr",   "mrs", "ms",  "dr",   "jr",  "sr",     "st",  "mt",  "ft",   "co",
      "corp", "inc", "ltd", "bros", "gen", "col",    "lt",  "sgt", "capt", "gov",
      "sen",  "rep", "rev", "prof", "no",  "vs",     "jan", "feb", "aug",  "sept",
      "oct",  "nov", "dec", "plc",  "cie", "messrs", "ave", "adm", "cmdr", "maj"};
  if (w.size() == 1) return true;                          // initials: "J."
  if (w.find('.') != std::string_view::npos) return true;  // "U.S"
  std::string lower;
  for (char c : w) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  for (auto a : kAbbrev)
    if (lower == a) return true;
  return false;
}

void SplitChunk(std::string_view t, std::size_t b, std::size_t e, std::vector<TokenSpan>& out) {
  // Leading punctuation.
  while (b < e) {
    std::size_t n = PunctLen(t, b, true);
    if (n == 0) break;
    out.push_back({b, b + n});
    b += n;
  }
  // Trailing pieces, last first (a fixed buffer: no allocation per word).
  TokenSpan tail[8];
  std::size_t ntail = 0;
  while (e > b && ntail < 6) {
    // Find the start of the last UTF-8 character.
    std::size_t k = e - 1;
    while (k > b && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
    std::size_t n = PunctLen(t, k, true);
    if (n == e - k) {
      tail[ntail++] = {k, e};
      e = k;
      continue;
    }
    if (t[k] == '.' && k == e - 1) {
      // Keep the period of an abbreviation; split a sentence-final one.
      if (k > b && IsAbbrevStem(t.substr(b, k - b))) break;
      tail[ntail++] = {k, e};
      e = k;
      continue;
    }
    break;
  }
  // Possessive 's / ’s.
  if (e - b > 2 && (t[e - 1] == 's' || t[e - 1] == 'S')) {
    if (t[e - 2] == '\'' && e - b > 2) {
      tail[ntail++] = {e - 2, e};
      e -= 2;
    } else if (e - b > 4 && t.substr(e - 4, 3) == "\xE2\x80\x99") {
      tail[ntail++] = {e - 4, e};
      e -= 4;
    }
  }
  // Inner dashes and punctuation that always stands alone split the word.
  std::size_t s = b;
  for (std::size_t i = b; i < e;) {
    auto c = static_cast<unsigned char>(t[i]);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      ++i;
      continue;
    }
    std::size_t n = PunctLen(t, i, false);
    if (n > 0) {
      if (i > s) out.push_back({s, i});
      out.push_back({i, i + n});
      i += n;
      s = i;
    } else {
      ++i;
    }
  }
  if (e > s) out.push_back({s, e});
  while (ntail > 0) out.push_back(tail[--ntail]);
}

}  // namespace

void Tokenize(std::string_view text, std::size_t begin, std::size_t end,
              std::vector<TokenSpan>& out) {
  if (end > text.size()) end = text.size();
  std::size_t i = begin;
  while (i < end) {
    std::size_t sp = SpaceLen(text, i);
    if (sp > 0) {
      i += sp;
      continue;
    }
    std::size_t j = i;
    while (j < end) {
      auto c = static_cast<unsigned char>(text[j]);
      if (c > ' ' && c < 0x80) {  // printable ASCII: never white space
        ++j;
        continue;
      }
      if (SpaceLen(text, j) != 0) break;
      ++j;
    }
    SplitChunk(text, i, j, out);
    i = j;
  }
}

}  // namespace newsd::ner
