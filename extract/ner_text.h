// Small text helpers shared by the entity recogniser, its features and its
// trainer: hashing, case classes and word shapes of UTF-8 tokens.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsd::ner {

// 64-bit hash of a byte string (FNV-1a followed by a final mix).
std::uint64_t HashBytes(std::string_view s);

// Combines two hashes into one (order matters).
inline std::uint64_t HashMix(std::uint64_t a, std::uint64_t b) {
  std::uint64_t h = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Lower-cases a UTF-8 token (ASCII fast path, ICU for the rest).
std::string ToLower(std::string_view s);
// The same into `out` (its capacity is reused).
void ToLowerInto(std::string_view s, std::string& out);

// Case class of a token.
struct CaseInfo {
  bool has_upper = false;    // any upper-case letter
  bool has_lower = false;    // any lower-case letter
  bool first_upper = false;  // the first letter is upper case
  bool has_digit = false;
  bool has_letter = false;
};
CaseInfo ClassifyCase(std::string_view s);

// Word shape with runs compressed: "Aliyev" -> "Xx", "U.S." -> "X.X.",
// "1996-08-22" -> "d-d-d". Non-ASCII letters count as X or x by case.
std::string Shape(std::string_view s);
// HashBytes(Shape(s)) without building the string.
std::uint64_t ShapeHash(std::string_view s);

}  // namespace newsd::ner
