// RSS 0.90-0.94, 2.0 and 1.0 (RDF) into a ParsedFeed. Internal to the feed
// parser (feeds/parser.h is the entry point). Not thread-safe per context.
#pragma once

#include <pugixml.hpp>

#include "feeds/parser_xml.h"

namespace newsd {

// True when `root` is an <rss> element or an RDF document with an RSS channel
// or items.
bool IsRssRoot(XmlContext& ctx, pugi::xml_node root);

// Reads channel and items under `root` into `feed` (format, fields, items).
// Items beyond options.max_items are dropped with a warning.
void ParseRss(XmlContext& ctx, pugi::xml_node root, ParsedFeed& feed);

}  // namespace newsd
