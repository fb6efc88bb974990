// Character set detection and conversion to UTF-8 for feed documents (ICU).
//
// The charset of a feed is decided in this order: a byte-order mark, the
// UTF-16/32 shape of "<?xml" without a BOM, the XML declaration's encoding,
// the HTTP Content-Type charset, UTF-8 if the bytes are valid UTF-8, and
// windows-1252 otherwise. Labels are read as browsers read them (WHATWG):
// ISO-8859-1 and US-ASCII mean windows-1252, GB2312 means GBK, and so on.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"  // IsValidUtf8

namespace newsd {

// What DecodeToUtf8 decided and did.
struct DecodedDocument {
  std::string utf8;                   // the document as UTF-8, BOM removed
  std::string charset;                // the charset actually used ("UTF-8", "windows-1251", ...)
  std::string source;                 // "bom", "xml", "http", "utf8", "fallback"
  std::vector<std::string> warnings;  // unknown labels, invalid bytes replaced, ...
  bool has_c1 = false;                // internal: the UTF-8 input holds C1 controls
};

// The charset parameter of an HTTP Content-Type value ("" if none), unquoted:
// `text/xml; charset="KOI8-R"` -> "KOI8-R".
std::string ContentTypeCharset(std::string_view content_type);

// Decides the charset of `bytes` (see the order above) and converts them to
// UTF-8. Never fails: invalid sequences become U+FFFD and an unknown or
// unusable label falls through to the next source, each with a warning.
DecodedDocument DecodeToUtf8(std::string_view bytes, std::string_view content_type);

}  // namespace newsd
