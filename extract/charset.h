// Bringing page bytes to valid UTF-8 before parsing (ICU converters).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/utf8.h"  // IsValidUtf8

namespace newsd {

// Returns `bytes` as valid UTF-8. The charset is taken from, in order: a BOM,
// `declared` (e.g. from an HTTP Content-Type; "" if unknown), a <meta charset>
// or <meta http-equiv> in the first 4 KB. Bytes that are already valid UTF-8
// are kept as they are unless a BOM or declaration names another charset.
// Without any hint, invalid UTF-8 is read as windows-1252. Never fails:
// undecodable bytes become U+FFFD.
std::string ToUtf8(std::string_view bytes, std::string_view declared = "");

// Replaces every ill-formed UTF-8 sequence with U+FFFD.
std::string ScrubUtf8(std::string_view bytes);

}  // namespace newsd
