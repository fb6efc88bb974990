#include "feeds/parser.h"

#include <boost/json.hpp>
#include <pugixml.hpp>

#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"
#include "feeds/atom_parser.h"
#include "feeds/charset.h"
#include "feeds/feed_extensions.h"
#include "feeds/jsonfeed_parser.h"
#include "feeds/parser_xml.h"
#include "feeds/rss_parser.h"
#include "feeds/xml_repair.h"

namespace newsd {
namespace {

using std::string_view;

constexpr unsigned kPugiFlags = pugi::parse_cdata | pugi::parse_eol | pugi::parse_pi;

// The first element child of the document (skipping declarations/comments).
pugi::xml_node RootElement(const pugi::xml_document& doc) {
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return c;
  }
  return {};
}

// True for media types a feed may be served as (XML, RSS, Atom, RDF, JSON).
bool IsFeedMediaType(string_view content_type) {
  std::string t(content_type.substr(0, content_type.find(';')));
  for (char& c : t) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  for (string_view marker : {"xml", "rss", "atom", "rdf", "json", "octet-stream"}) {
    if (t.find(marker) != std::string::npos) return true;
  }
  return false;
}

// Finishes the feed and every item: language fallback, item identity.
void FinishItems(ParsedFeed& feed, const ParseOptions& options) {
  if (!feed.language && !options.content_language.empty()) {
    feed.language =
        NormalizeLanguage(options.content_language.substr(0, options.content_language.find(',')));
  }
  for (FeedItem& item : feed.items) {
    if (!item.image) {
      for (const Enclosure& e : item.enclosures) {
        if (e.type.rfind("image/", 0) == 0) {
          item.image = e.url;
          break;
        }
      }
    }
    if (!item.guid.empty()) continue;
    if (!item.link.empty()) {
      item.guid = item.link;
      continue;
    }
    std::string basis = item.title;
    basis += '\n';
    if (item.published) basis += FormatRfc3339(*item.published);
    basis += '\n';
    basis += item.content_html.empty() ? item.summary_html : item.content_html;
    item.guid = "sha256:" + Sha256Hex(basis);
  }
}

// Describes what a document that is not a feed looks like, for the error.
std::string WhatItIs(XmlContext& ctx, pugi::xml_node root) {
  if (!root) return "no XML element found";
  return "root element <" + std::string(root.name()) + "> is not RSS, RDF or Atom" +
         (ctx.Name(root).ns == Ns::kXhtml || string_view(root.name()) == "html" ? " (an HTML page?)"
                                                                                : "");
}

// Parses `buffer` (mutable, parsed in place) as a feed; false if pugixml
// rejects it or no feed root was found (`why` says which).
bool TryXml(std::string& buffer, const ParseOptions& options, ParsedFeed& feed, std::string& why,
            bool& xml_ok) {
  pugi::xml_document doc;
  pugi::xml_parse_result r =
      doc.load_buffer_inplace(buffer.data(), buffer.size(), kPugiFlags, pugi::encoding_utf8);
  xml_ok = static_cast<bool>(r);
  XmlContext ctx(options, buffer, feed);
  if (!r) {
    why = LineColumn(buffer, static_cast<std::size_t>(r.offset)) + ": " + r.description();
    return false;
  }
  pugi::xml_node root = RootElement(doc);
  if (root && IsRssRoot(ctx, root)) {
    ParseRss(ctx, root, feed);
    return true;
  }
  if (root && IsAtomRoot(ctx, root)) {
    ParseAtom(ctx, root, feed);
    return true;
  }
  why = WhatItIs(ctx, root);
  return false;
}

}  // namespace

Result<ParsedFeed> ParseFeed(string_view bytes, const ParseOptions& options) {
  if (bytes.size() > options.max_document_bytes) {
    return Fail(ErrorKind::kResourceExhausted, "feed document of " + std::to_string(bytes.size()) +
                                                   " bytes exceeds the limit of " +
                                                   std::to_string(options.max_document_bytes));
  }
  DecodedDocument text = DecodeToUtf8(bytes, options.content_type);
  ParsedFeed feed;
  feed.charset = text.charset;
  for (std::string& w : text.warnings) feed.warnings.push_back(std::move(w));
  feed.recovered = !feed.warnings.empty();
  if (!options.content_type.empty() && !IsFeedMediaType(options.content_type)) {
    feed.recovered = true;
    feed.warnings.push_back("served as \"" + options.content_type +
                            "\", not an XML or JSON type; read as a feed anyway");
  }

  if (LooksLikeJson(text.utf8)) {
    Status s = ParseJsonFeed(text.utf8, options, feed);
    if (!s) return Fail(s.error());
    FinishItems(feed, options);
    return feed;
  }

  // Leading whitespace or garbage before the first tag.
  const std::size_t first_tag = text.utf8.find('<');
  if (first_tag == std::string::npos) {
    return Fail(ErrorKind::kParse, "not a feed: no markup found");
  }
  std::string buffer = std::move(text.utf8);  // parsed in place
  if (first_tag > 0) {
    const bool junk = buffer.find_first_not_of(" \t\r\n") < first_tag;
    buffer.erase(0, first_tag);
    if (junk) {
      feed.recovered = true;
      feed.warnings.push_back("1:1: text before the first tag dropped");
    }
  }
  const ParsedFeed before = feed;
  std::string why;
  bool xml_ok = false;
  if (TryXml(buffer, options, feed, why, xml_ok)) {
    FinishItems(feed, options);
    return feed;
  }
  if (xml_ok) return Fail(ErrorKind::kParse, "not a feed: " + why);

  // Broken XML: repair, then parse again.
  feed = before;
  // pugixml changed `buffer` in place: decode the bytes again for the repair.
  text = DecodeToUtf8(bytes, options.content_type);
  RepairedXml repaired = RepairXml(text.utf8, options.max_depth, options.max_warnings);
  feed.recovered = true;
  feed.warnings.push_back(why + " (XML not well-formed; repaired as listed below)");
  for (std::string& w : repaired.warnings) feed.warnings.push_back(std::move(w));
  std::string why2;
  if (TryXml(repaired.xml, options, feed, why2, xml_ok)) {
    FinishItems(feed, options);
    return feed;
  }
  return Fail(ErrorKind::kParse, "not a feed: " + (xml_ok ? why2 : why));
}

boost::json::object ParsedFeedToJson(const ParsedFeed& feed) {
  namespace json = boost::json;
  auto str_or_null = [](const std::string& s) -> json::value {
    if (s.empty()) return nullptr;
    return json::string(s);
  };
  json::object o;
  o["format"] = feed.format;
  o["title"] = str_or_null(feed.title);
  o["link"] = str_or_null(feed.link);
  o["description"] = str_or_null(feed.description);
  o["language"] = feed.language ? json::value(json::string(*feed.language)) : json::value();
  o["updated"] = TimeOrNull(feed.updated);
  o["ttl_seconds"] =
      feed.ttl ? json::value(static_cast<std::int64_t>(feed.ttl->count())) : json::value();
  o["recovered"] = feed.recovered;
  json::array warnings;
  for (const auto& w : feed.warnings) warnings.emplace_back(w);
  o["warnings"] = std::move(warnings);
  o["charset"] = str_or_null(feed.charset);
  o["hub_url"] = str_or_null(feed.hub_url);
  o["self_url"] = str_or_null(feed.self_url);
  json::array items;
  items.reserve(feed.items.size());
  for (const auto& item : feed.items) items.push_back(FeedItemToJson(item));
  o["items"] = std::move(items);
  return o;
}

}  // namespace newsd
