// HTML -> text for feed items (the content or summary of an item).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

// The readable text of an HTML fragment: blocks separated by a blank line,
// whitespace collapsed, entities decoded, scripts/styles/forms/hidden
// elements dropped, markup leftovers removed (CleanMarkupLeftovers).
// Invalid UTF-8 is read as U+FFFD. Never fails; "" for no text.
std::string HtmlFragmentToText(std::string_view html);

// The same text the plain way: one Gumbo parse of the whole fragment, no
// fast path. The reference HtmlFragmentToText is tested against.
std::string HtmlFragmentToTextReference(std::string_view html);

// Removes leftovers of broken markup that leak into feed text: literal
// comments ("<!-- x -->", "!-- Google tag (gtag.js) -->"), an unclosed
// "<!--" to the end of its line, CDATA brackets ("<![CDATA[", "]]>"), then
// drops lines left empty. Returns the cleaned text.
std::string CleanMarkupLeftovers(std::string_view text);

}  // namespace newsd
