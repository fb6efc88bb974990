#include "extract/charset.h"

#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace newsd {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The charset named after "charset=" in the first 4 KB, lower-cased, or "".
std::string SniffMetaCharset(std::string_view bytes) {
  const std::string head = Lower(bytes.substr(0, 4096));
  std::size_t pos = 0;
  while ((pos = head.find("charset", pos)) != std::string::npos) {
    pos += 7;
    std::size_t i = pos;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\t')) ++i;
    if (i >= head.size() || head[i] != '=') continue;
    ++i;
    while (i < head.size() && (head[i] == ' ' || head[i] == '"' || head[i] == '\'')) ++i;
    std::size_t end = i;
    while (end < head.size() &&
           (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' ||
            head[end] == '_' || head[end] == ':' || head[end] == '.')) {
      ++end;
    }
    if (end > i) return head.substr(i, end - i);
  }
  return {};
}

bool IsUtf8Name(const std::string& name) { return name == "utf-8" || name == "utf8"; }

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// Converts with ICU; returns false when the charset is unknown to ICU.
bool Convert(std::string_view bytes, const std::string& charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  // Browsers read "iso-8859-1" and "us-ascii" as windows-1252.
  std::string name = charset;
  if (name == "iso-8859-1" || name == "latin1" || name == "us-ascii" || name == "ascii") {
    name = "windows-1252";
  }
  std::unique_ptr<UConverter, ConverterCloser> from(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status) || !from) return false;
  std::unique_ptr<UConverter, ConverterCloser> to(ucnv_open("UTF-8", &status));
  if (U_FAILURE(status) || !to) return false;
  out.resize(bytes.size() * 3 + 16);
  char* target = out.data();
  const char* source = bytes.data();
  ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source,
                 bytes.data() + bytes.size(), nullptr, nullptr, nullptr, nullptr, true, true,
                 &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<std::size_t>(target - out.data()));
  return true;
}

}  // namespace

std::string ScrubUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out.append("\xEF\xBF\xBD");
    } else {
      out.append(bytes.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  return out;
}

std::string ToUtf8(std::string_view bytes, std::string_view declared) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return ScrubUtf8(bytes.substr(3));
  std::string charset;
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    charset = bytes[0] == '\xFF' ? "utf-16le" : "utf-16be";
    bytes.remove_prefix(2);
  } else if (!declared.empty()) {
    charset = Lower(declared);
  } else {
    charset = SniffMetaCharset(bytes);
  }
  // Well-formed UTF-8 with non-ASCII bytes is almost never a legacy charset
  // by chance, while saved pages often keep a stale declaration: trust the bytes.
  if (charset.rfind("utf-16", 0) != 0 && IsValidUtf8(bytes)) return std::string(bytes);
  if (charset.empty()) charset = "windows-1252";
  if (IsUtf8Name(charset)) return ScrubUtf8(bytes);
  std::string out;
  if (Convert(bytes, charset, out)) return ScrubUtf8(out);
  return ScrubUtf8(bytes);
}

}  // namespace newsd
