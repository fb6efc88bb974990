#include "extract/ner_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newsd::ner {

std::uint64_t HashBytes(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return HashMix(h, s.size());
}

std::string ToLower(std::string_view s) {
  std::string out;
  ToLowerInto(s, out);
  return out;
}

void ToLowerInto(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < n) {
    if (p[i] < 0x80) {
      char c = static_cast<char>(p[i]);
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      ++i;
      continue;
    }
    UChar32 cp;
    std::int32_t start = i;
    U8_NEXT(p, i, n, cp);
    if (cp < 0) {
      out.append(s.substr(start, i - start));
      continue;
    }
    UChar32 lo = u_tolower(cp);
    char buf[4];
    std::int32_t len = 0;
    UBool err = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), len, 4, lo, err);
    if (err) {
      out.append(s.substr(start, i - start));
    } else {
      out.append(buf, len);
    }
  }
}

namespace {

// 'X', 'x', 'd' or the character itself (as a class byte).
template <typename F>
void ForEachClass(std::string_view s, F&& f) {
  std::int32_t i = 0;
  const auto n = static_cast<std::int32_t>(s.size());
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  while (i < n) {
    if (p[i] < 0x80) {
      char c = static_cast<char>(p[i++]);
      if (c >= 'A' && c <= 'Z') {
        f('X');
      } else if (c >= 'a' && c <= 'z') {
        f('x');
      } else if (c >= '0' && c <= '9') {
        f('d');
      } else {
        f(c);
      }
      continue;
    }
    UChar32 cp;
    U8_NEXT(p, i, n, cp);
    if (cp < 0) {
      f('?');
    } else if (u_isupper(cp) || u_istitle(cp)) {
      f('X');
    } else if (u_islower(cp)) {
      f('x');
    } else if (u_isalpha(cp)) {
      f('a');  // uncased letter (Arabic, CJK, ...)
    } else if (u_isdigit(cp)) {
      f('d');
    } else {
      f('-');
    }
  }
}

}  // namespace

CaseInfo ClassifyCase(std::string_view s) {
  CaseInfo ci;
  bool ascii = true;
  for (char c : s) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    bool seen_letter = false;
    for (char c : s) {
      bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z';
      if (up || lo) {
        if (!seen_letter) ci.first_upper = up;
        seen_letter = true;
        ci.has_letter = true;
        ci.has_upper |= up;
        ci.has_lower |= lo;
      } else if (c >= '0' && c <= '9') {
        ci.has_digit = true;
      }
    }
    return ci;
  }
  bool first_letter = true;
  ForEachClass(s, [&](char c) {
    if (c == 'X' || c == 'x' || c == 'a') {
      if (first_letter) ci.first_upper = (c == 'X');
      first_letter = false;
      ci.has_letter = true;
      if (c == 'X') ci.has_upper = true;
      if (c == 'x') ci.has_lower = true;
    } else if (c == 'd') {
      ci.has_digit = true;
    }
  });
  return ci;
}

std::string Shape(std::string_view s) {
  std::string out;
  ForEachClass(s, [&](char c) {
    if (out.empty() || out.back() != c) out.push_back(c);
  });
  return out;
}

std::uint64_t ShapeHash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  std::size_t len = 0;
  char last = 0;
  ForEachClass(s, [&](char c) {
    if (len > 0 && c == last) return;
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
    last = c;
    ++len;
  });
  return HashMix(h, len);
}

}  // namespace newsd::ner
