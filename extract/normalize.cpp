#include "extract/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/hash.h"
#include "extract/charset.h"

namespace newsd {
namespace {

// Applies an ICU normaliser to UTF-8; returns the input on ICU failure.
std::string Normalize(const icu::Normalizer2* n, std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  if (n == nullptr) return std::string(text);
  const icu::StringPiece piece(text.data(), static_cast<int32_t>(text.size()));
  if (n->isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(text);
  status = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(text.size()));
  n->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return std::string(text);
  return out;
}

bool IsSpaceLike(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0x1680 || c == 0x0B || c == 0x0C;
}

bool IsRemoved(UChar32 c) {
  return c == 0xAD || c == 0x200B || c == 0x2060 || c == 0xFEFF || c == 0x180E || c == '\r' ||
         (c < 0x20 && c != '\n') || (c >= 0x7F && c < 0xA0);
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(buf, len, 4, c, error);
  if (!error) out.append(buf, static_cast<std::size_t>(len));
}

}  // namespace

std::string NormalizeText(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string scrubbed = ScrubUtf8(text);
  const std::string nfc = Normalize(icu::Normalizer2::getNFCInstance(status), scrubbed);
  // Pass 1: map characters; newlines count (1 = line, 2+ = paragraph).
  std::string out;
  out.reserve(nfc.size());
  int newlines = 0;
  bool space = false;
  const auto* s = reinterpret_cast<const uint8_t*>(nfc.data());
  const auto length = static_cast<int32_t>(nfc.size());
  int32_t i = 0;
  // Before a kept character: the pending paragraph/line break or space.
  auto separate = [&] {
    if (!out.empty()) {
      if (newlines >= 2)
        out.append("\n\n");
      else if (newlines == 1)
        out.push_back('\n');
      else if (space)
        out.push_back(' ');
    }
    newlines = 0;
    space = false;
  };
  while (i < length) {
    const int32_t start = i;
    if (s[i] > 0x20 && s[i] < 0x7F) {  // printable ASCII: kept as it is
      separate();
      out.push_back(static_cast<char>(s[i++]));
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c == '\n' || c == 0x2028 || c == 0x85) {
      newlines += 1;
      space = false;
      continue;
    }
    if (c == 0x2029) {
      newlines += 2;
      space = false;
      continue;
    }
    if (IsSpaceLike(c)) {
      space = true;
      continue;
    }
    if (IsRemoved(c)) continue;
    separate();
    if (c < 0) {
      AppendUtf8(out, 0xFFFD);
    } else {
      out.append(nfc.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  return out;
}

std::string ContentKeyReference(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string folded =
      Normalize(icu::Normalizer2::getNFKCCasefoldInstance(status), ScrubUtf8(text));
  std::string out;
  out.reserve(folded.size());
  bool gap = false;
  const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
  const auto length = static_cast<int32_t>(folded.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    const int type = c < 0 ? static_cast<int>(U_OTHER_SYMBOL) : static_cast<int>(u_charType(c));
    const bool keep = u_isalnum(c) || type == U_NON_SPACING_MARK ||
                      type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
    if (!keep) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out.push_back(' ');
    gap = false;
    out.append(folded.data() + start, static_cast<std::size_t>(i - start));
  }
  return out;
}

// ContentKey's filter over NFKC-casefolded text: keeps letters, digits and
// marks, turns every other run into one space between kept characters.
class KeyFilter {
 public:
  explicit KeyFilter(std::string& out) : out_(out) {}

  void Ascii(char c) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      gap_ = true;
      return;
    }
    if (gap_ && !out_.empty()) out_.push_back(' ');
    gap_ = false;
    out_.push_back(c);
  }

  void Utf8(std::string_view folded) {
    const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
    const auto length = static_cast<int32_t>(folded.size());
    int32_t i = 0;
    while (i < length) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, length, c);
      const int type = c < 0 ? static_cast<int>(U_OTHER_SYMBOL) : static_cast<int>(u_charType(c));
      const bool keep = u_isalnum(c) || type == U_NON_SPACING_MARK ||
                        type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
      if (!keep) {
        gap_ = true;
        continue;
      }
      if (gap_ && !out_.empty()) out_.push_back(' ');
      gap_ = false;
      out_.append(folded.data() + start, static_cast<std::size_t>(i - start));
    }
  }

 private:
  std::string& out_;
  bool gap_ = false;
};

// True when NFKC_Casefold has a boundary before every ASCII character, so a
// text may be normalised piecewise, cut before any ASCII character.
bool AsciiBoundaries(const icu::Normalizer2* n) {
  if (n == nullptr) return false;
  for (UChar32 c = 0; c < 0x80; ++c) {
    if (!n->hasBoundaryBefore(c)) return false;
  }
  return true;
}

std::string ContentKey(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* const nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  static const bool piecewise = AsciiBoundaries(nfkc_cf);
  if (!piecewise) return ContentKeyReference(text);
  const std::string scrubbed = ScrubUtf8(text);
  const std::string_view t = scrubbed;
  std::string out;
  out.reserve(t.size());
  KeyFilter filter(out);
  const std::size_t n = t.size();
  auto ascii = [&](std::size_t i) { return static_cast<unsigned char>(t[i]) < 0x80; };
  std::size_t i = 0;
  while (i < n) {
    // An ASCII character not followed by a non-ASCII one (a combining mark,
    // a composing U+0338) folds alone: to lower case, NFKC keeps it.
    if (ascii(i) && (i + 1 == n || ascii(i + 1))) {
      char c = t[i++];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      filter.Ascii(c);
      continue;
    }
    // Otherwise up to the next ASCII character through ICU.
    std::size_t j = i + 1;
    while (j < n && !ascii(j)) ++j;
    filter.Utf8(Normalize(nfkc_cf, t.substr(i, j - i)));
    i = j;
  }
  return out;
}

std::string ContentHash(std::string_view text) { return "sha256:" + Sha256Hex(ContentKey(text)); }

}  // namespace newsd
