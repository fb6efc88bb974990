#include "feeds/charset.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "feeds/html_entities.h"

namespace newsd {
namespace {

std::string LowerTrim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '"' || s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' ||
                        s.back() == '\'' || s.back() == ';'))
    s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// WHATWG-style reading of labels that ICU would take too literally.
std::string WebCharsetName(const std::string& label) {
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "latin-1" ||
      label == "us-ascii" || label == "ascii" || label == "iso_8859-1" || label == "l1" ||
      label == "cp1252" || label == "windows-1252" || label == "x-cp1252")
    return "windows-1252";
  if (label == "gb2312" || label == "gbk" || label == "x-gbk" || label == "cp936") return "GBK";
  if (label == "tis-620" || label == "iso-8859-11") return "windows-874";
  if (label == "euc-kr" || label == "ks_c_5601-1987") return "windows-949";
  if (label == "iso-8859-9" || label == "latin5") return "windows-1254";
  if (label == "utf8" || label == "unicode-1-1-utf-8") return "UTF-8";
  return label;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct SubstitutionCount {
  std::size_t count = 0;
};

void CountingSubstitute(const void* context, UConverterToUnicodeArgs* args, const char* code_units,
                        int32_t length, UConverterCallbackReason reason, UErrorCode* err) {
  if (reason <= UCNV_IRREGULAR) {
    ++static_cast<SubstitutionCount*>(const_cast<void*>(context))->count;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, err);
}

ConverterPtr OpenConverter(const std::string& name) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(name.c_str(), &err));
  if (U_FAILURE(err)) return nullptr;
  return conv;
}

// Converts with `conv`; returns false on an ICU failure other than bad bytes.
bool Convert(UConverter* conv, std::string_view bytes, std::string& out, std::size_t& replaced) {
  SubstitutionCount count;
  UErrorCode err = U_ZERO_ERROR;
  ucnv_setToUCallBack(conv, CountingSubstitute, &count, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return false;
  std::u16string wide(bytes.size() * 2 + 16, u'\0');
  const int32_t n = ucnv_toUChars(conv, wide.data(), static_cast<int32_t>(wide.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return false;
  wide.resize(static_cast<std::size_t>(n));
  out.assign(wide.size() * 3 + 4, '\0');
  int32_t len = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len, wide.data(), n, 0xFFFD,
                     nullptr, &err);
  if (U_FAILURE(err)) return false;
  out.resize(static_cast<std::size_t>(len));
  replaced = count.count;
  return true;
}

// The encoding="..." of an XML declaration near the start ("" if none).
std::string XmlDeclEncoding(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 1024);
  const std::size_t decl = head.find("<?xml");
  if (decl == std::string_view::npos) return "";
  const std::size_t end = head.find("?>", decl);
  const std::string_view d = head.substr(decl, end == std::string_view::npos ? 200 : end - decl);
  const std::size_t enc = d.find("encoding");
  if (enc == std::string_view::npos) return "";
  std::size_t i = enc + 8;
  while (i < d.size() && (d[i] == ' ' || d[i] == '=' || d[i] == '\t')) ++i;
  if (i >= d.size() || (d[i] != '"' && d[i] != '\'')) return "";
  const char q = d[i];
  const std::size_t close = d.find(q, i + 1);
  if (close == std::string_view::npos) return "";
  return std::string(d.substr(i + 1, close - i - 1));
}

bool StartsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && std::memcmp(s.data(), p.data(), p.size()) == 0;
}

bool ValidateUtf8(std::string_view bytes, bool& has_c1);

// U+0080..U+009F are C1 controls no text means; documents that contain them
// were windows-1252 text mislabelled as Latin-1/UTF-8 (smart quotes, dashes).
void FixC1Controls(std::string& s) {
  std::size_t i = 0;
  while (true) {
    const void* p = std::memchr(s.data() + i, '\xC2', s.size() - i);
    if (!p) return;
    i = static_cast<const char*>(p) - s.data();
    const auto next = static_cast<unsigned char>(i + 1 < s.size() ? s[i + 1] : 0);
    if (next >= 0x80 && next <= 0x9F) break;
    ++i;
  }
  std::string out;
  out.reserve(s.size());
  out.append(s, 0, i);
  while (i < s.size()) {
    const auto next = static_cast<unsigned char>(i + 1 < s.size() ? s[i + 1] : 0);
    if (s[i] == '\xC2' && next >= 0x80 && next <= 0x9F) {
      AppendNumericReference(out, next);
      i += 2;
    } else {
      out.push_back(s[i]);
      ++i;
    }
  }
  s = std::move(out);
}

}  // namespace

std::string ContentTypeCharset(std::string_view content_type) {
  std::string lower(content_type);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  const std::size_t p = lower.find("charset");
  if (p == std::string::npos) return "";
  std::size_t i = p + 7;
  while (i < lower.size() && (lower[i] == ' ' || lower[i] == '\t')) ++i;
  if (i >= lower.size() || lower[i] != '=') return "";
  ++i;
  std::size_t end = content_type.find(';', i);
  if (end == std::string_view::npos) end = content_type.size();
  std::string v = LowerTrim(content_type.substr(i, end - i));
  return v;
}

namespace {

// IsValidUtf8 that also notes whether a C1 control (U+0080..U+009F) occurs.
bool ValidateUtf8(std::string_view bytes, bool& has_c1) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const int32_t n = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < n) {
    // ASCII runs eight bytes at a time; on little-endian machines jump straight
    // to the first non-ASCII byte of the word.
    if (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      const std::uint64_t high = w & 0x8080808080808080ULL;
      if (high == 0) {
        i += 8;
        continue;
      }
      if constexpr (std::endian::native == std::endian::little) {
        i += std::countr_zero(high) >> 3;
      } else {
        while (s[i] < 0x80) ++i;
      }
    } else if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const std::uint8_t b = s[i];
    // Inline fast paths for the common 2- and 3-byte forms; ICU's U8_NEXT
    // (which rejects overlongs and surrogates) for everything else.
    if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
      has_c1 = has_c1 || (b == 0xC2 && s[i + 1] < 0xA0);
      i += 2;
      continue;
    }
    if (b >= 0xE1 && b <= 0xEC && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

namespace {
DecodedDocument Decode(std::string_view bytes, std::string_view content_type);
}  // namespace

DecodedDocument DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  DecodedDocument doc = Decode(bytes, content_type);
  // Already-valid UTF-8 input was checked for C1 controls during validation.
  if (doc.charset != "UTF-8" || doc.has_c1) FixC1Controls(doc.utf8);
  return doc;
}

namespace {

DecodedDocument Decode(std::string_view bytes, std::string_view content_type) {
  DecodedDocument doc;
  std::string_view body = bytes;
  std::vector<std::pair<std::string, std::string>> candidates;  // (charset, source)

  if (StartsWith(body, "\xEF\xBB\xBF")) {
    body.remove_prefix(3);
    candidates.emplace_back("UTF-8", "bom");
  } else if (StartsWith(body, std::string_view("\x00\x00\xFE\xFF", 4))) {
    body.remove_prefix(4);
    candidates.emplace_back("UTF-32BE", "bom");
  } else if (StartsWith(body, std::string_view("\xFF\xFE\x00\x00", 4))) {
    body.remove_prefix(4);
    candidates.emplace_back("UTF-32LE", "bom");
  } else if (StartsWith(body, "\xFE\xFF")) {
    body.remove_prefix(2);
    candidates.emplace_back("UTF-16BE", "bom");
  } else if (StartsWith(body, "\xFF\xFE")) {
    body.remove_prefix(2);
    candidates.emplace_back("UTF-16LE", "bom");
  } else if (StartsWith(body, std::string_view("\x00\x00\x00\x3C", 4))) {
    candidates.emplace_back("UTF-32BE", "bom");
  } else if (StartsWith(body, std::string_view("\x3C\x00\x00\x00", 4))) {
    candidates.emplace_back("UTF-32LE", "bom");
  } else if (StartsWith(body, std::string_view("\x00\x3C\x00\x3F", 4))) {
    candidates.emplace_back("UTF-16BE", "bom");
  } else if (StartsWith(body, std::string_view("\x3C\x00\x3F\x00", 4))) {
    candidates.emplace_back("UTF-16LE", "bom");
  }
  const bool have_bom = !candidates.empty();
  if (!have_bom) {
    std::string decl = LowerTrim(XmlDeclEncoding(body));
    if (!decl.empty()) {
      if (decl.rfind("utf-16", 0) == 0 || decl.rfind("utf-32", 0) == 0 || decl == "ucs-2") {
        doc.warnings.push_back("encoding \"" + decl +
                               "\" declared but the bytes are not UTF-16/32; ignored");
      } else {
        candidates.emplace_back(WebCharsetName(decl), "xml");
      }
    }
    const std::string http = ContentTypeCharset(content_type);
    if (!http.empty()) candidates.emplace_back(WebCharsetName(http), "http");
  }

  // Multi-byte UTF-8 sequences almost never occur by chance in text of another
  // charset: a label that contradicts valid UTF-8 is a wrong label.
  const bool valid_utf8 = ValidateUtf8(body, doc.has_c1);
  auto has_non_ascii = [&] {
    return std::any_of(body.begin(), body.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  };
  for (const auto& [name, source] : candidates) {
    if (!have_bom && valid_utf8 && name != "UTF-8" && name != "utf-8" && has_non_ascii()) {
      doc.warnings.push_back("charset \"" + name + "\" (from " + source +
                             ") contradicts the bytes, which are UTF-8; read as UTF-8");
      doc.utf8.assign(body);
      doc.charset = "UTF-8";
      doc.source = "utf8";
      return doc;
    }
    if (name == "UTF-8" || name == "utf-8") {
      if (valid_utf8) {
        doc.utf8.assign(body);
        doc.charset = "UTF-8";
        doc.source = source;
        return doc;
      }
    }
    ConverterPtr conv = OpenConverter(name);
    if (!conv) {
      doc.warnings.push_back("unknown charset \"" + name + "\" (from " + source + ") ignored");
      continue;
    }
    std::size_t replaced = 0;
    if (!Convert(conv.get(), body, doc.utf8, replaced)) {
      doc.warnings.push_back("charset \"" + name + "\" could not convert the document");
      continue;
    }
    doc.charset = name;
    doc.source = source;
    if (replaced > 0) {
      doc.warnings.push_back(std::to_string(replaced) + " byte sequence(s) invalid in " + name +
                             " replaced by U+FFFD");
    }
    return doc;
  }

  if (valid_utf8) {
    doc.utf8.assign(body);
    doc.charset = "UTF-8";
    doc.source = "utf8";
    return doc;
  }
  ConverterPtr conv = OpenConverter("windows-1252");
  std::size_t replaced = 0;
  doc.warnings.push_back(
      "no usable charset declared and the bytes are not UTF-8; read as "
      "windows-1252");
  if (conv && Convert(conv.get(), body, doc.utf8, replaced)) {
    doc.charset = "windows-1252";
    doc.source = "fallback";
    return doc;
  }
  // ICU without windows-1252 data: keep the bytes as Latin-1.
  doc.utf8.clear();
  for (unsigned char c : body) {
    if (c < 0x80) {
      doc.utf8.push_back(static_cast<char>(c));
    } else {
      doc.utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
      doc.utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  doc.charset = "ISO-8859-1";
  doc.source = "fallback";
  return doc;
}

}  // namespace

}  // namespace newsd
