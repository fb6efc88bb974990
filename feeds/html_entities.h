// HTML named and numeric character references, for feeds that use HTML
// entities XML does not define (&nbsp;, &mdash;, ...) and for turning HTML
// titles into plain text. The name table is generated from the WHATWG list
// (feeds/gen_html_entities.py). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsd {

// The UTF-8 text of the HTML named reference `name` (without '&' and ';'),
// e.g. "nbsp" -> "\u00a0". Case-sensitive, as in HTML. nullopt if unknown.
std::optional<std::string_view> LookupHtmlEntity(std::string_view name);

// True when `name` is one of the legacy references HTML accepts without ';'.
bool IsLegacyHtmlEntity(std::string_view name);

// Appends code point `cp` as UTF-8. Numeric references are mapped as HTML
// does: 0, surrogates and values above U+10FFFF become U+FFFD, and 0x80-0x9F
// are read as windows-1252 (&#150; is an en dash).
void AppendNumericReference(std::string& out, std::uint32_t cp);

// Appends `cp` as UTF-8 (no mapping; cp must be a valid scalar value).
void AppendUtf8(std::string& out, std::uint32_t cp);

}  // namespace newsd
