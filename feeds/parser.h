// The feed parser: the bytes of one feed document -> a ParsedFeed.
//
// One entry point for every format (RSS 0.90-0.94, RSS 2.0, RSS 1.0/RDF,
// Atom 1.0 and 0.3, JSON Feed 1.0/1.1); the format is recognised from the
// content, not the file name or Content-Type. The document is converted to
// UTF-8 (feeds/charset.h), parsed with pugixml (or Boost.JSON), and when the
// XML is broken it is repaired first (feeds/xml_repair.h); every repair is
// listed in `warnings` and sets `recovered`.
//
// Output rules (docs/INTERFACES.md §1):
//  * titles, authors and categories are plain text: entities decoded, markup
//    removed, whitespace collapsed;
//  * summary_html/content_html are HTML (Atom type="text" is escaped) with
//    href/src made absolute;
//  * links are absolute: resolved against xml:base, then ParseOptions::base_url;
//  * item identity (FeedItem::guid): the RSS <guid> / Atom <id> / JSON id when
//    present (an RSS guid with isPermaLink absent or "true" is also the link
//    when there is no <link>); else the link; else "sha256:" + SHA-256 of
//    title, published date and content, so it is stable across polls;
//  * dates are read with ParseFeedDate (feeds/feed_dates.h); unreadable -> null.
//
// Safety: no DTD is read, so external entities (XXE) and entity expansion
// (billion laughs) are inert: an undeclared entity stays as text. Limits on
// document size, items, element depth and text size are in ParseOptions.
//
// Thread-safe: ParseFeed keeps no state between calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

struct ParseOptions {
  // HTTP Content-Type header value; its charset= is used when neither a BOM
  // nor the XML declaration names the charset.
  std::string content_type;
  // HTTP Content-Language header value: the feed language when the document
  // states none.
  std::string content_language;
  // The feed URL (after redirects) or `newsd parse --base-url`: relative
  // links resolve against it. May be empty (relative links then stay relative).
  std::string base_url;
  // At most this many items are returned (the first ones in the document).
  std::size_t max_items = 1000;
  // Elements nested deeper than this are ignored.
  std::size_t max_depth = 256;
  // Longer text fields (content, summary, title...) are cut to this size.
  std::size_t max_text_bytes = 4 << 20;
  // Larger documents are refused with ErrorKind::kResourceExhausted.
  std::size_t max_document_bytes = 64 << 20;
  // At most this many warnings are listed (then one summary line).
  std::size_t max_warnings = 100;
};

struct ParsedFeed {
  // "rss2.0" | "rss1.0" | "rss0.9x" | "atom1.0" | "atom0.3" | "jsonfeed1.x"
  std::string format;
  std::string title;        // plain text
  std::string link;         // absolute URL of the site, "" if none
  std::string description;  // HTML
  std::optional<std::string> language;
  std::optional<TimePoint> updated;
  // How often the publisher says to poll: <ttl> (minutes), else
  // sy:updatePeriod / sy:updateFrequency.
  std::optional<std::chrono::seconds> ttl;
  bool recovered = false;             // the document needed repair to be read
  std::vector<std::string> warnings;  // "LINE:COL: what was repaired"
  std::vector<FeedItem> items;
  std::string hub_url;   // rel="hub" link (WebSub), "" if none
  std::string self_url;  // rel="self" link, "" if none
  std::string charset;   // the charset the document was read in ("UTF-8", "KOI8-R", ...)
};

// Parses one feed document. `bytes` need only live for the call.
// Fails with ErrorKind::kParse (message says what was found instead) when the
// document holds nothing feed-like, kResourceExhausted when it is larger than
// options.max_document_bytes. Broken but readable documents succeed with
// `recovered` set.
Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseOptions& options);

// The `newsd parse` object of INTERFACES.md §1 (items via FeedItemToJson),
// plus "charset", "hub_url" and "self_url".
boost::json::object ParsedFeedToJson(const ParsedFeed& feed);

}  // namespace newsd
