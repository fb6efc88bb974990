// Text helpers of the feed parser: entity decoding, HTML to plain text,
// whitespace collapsing, HTML escaping and making links in HTML absolute.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsd {

class LinkResolver;

// Receives what DecodeEntities had to guess. `offset` is the byte offset of
// the '&' in the input.
class EntityWarningSink {
 public:
  virtual ~EntityWarningSink() = default;
  virtual void Warn(std::size_t offset, std::string message) = 0;
};

// Appends `raw` to `out` with character references decoded: the five XML
// entities, numeric references (HTML rules for invalid values), and HTML
// named references XML does not define. A reference that cannot be read and a
// bare '&' stay as text. When `sink` is non-null every HTML-only name, unknown
// name and bare '&' is reported to it (XML mode); with nullptr decoding is
// silent (HTML mode).
void DecodeEntities(std::string_view raw, std::string& out, EntityWarningSink* sink = nullptr);

// Plain text of an HTML fragment: tags (and script/style bodies) removed,
// entities decoded, whitespace collapsed. Text that merely contains '<' not
// starting a tag ("a < b") keeps it.
std::string HtmlToPlainText(std::string_view html);

// Runs of ASCII whitespace become one space; leading/trailing removed.
std::string CollapseWhitespace(std::string_view s);

// Escapes & < > " for use as HTML text or attribute.
std::string EscapeHtml(std::string_view text);

// Rewrites relative href/src (and similar) attribute values in `html` to
// absolute URLs against `base`. Returns `html` unchanged when `base` is not
// absolute or nothing needs rewriting.
std::string AbsolutizeHtmlLinks(std::string_view html, std::string_view base);

// The same with a prepared resolver (feeds/link_resolver.h).
std::string AbsolutizeHtmlLinks(std::string_view html, const LinkResolver& resolver);

// Cuts `s` to at most `max_bytes` without splitting a UTF-8 sequence.
void TruncateUtf8(std::string& s, std::size_t max_bytes);

}  // namespace newsd
