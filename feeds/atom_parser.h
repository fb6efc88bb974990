// Atom 1.0 (RFC 4287) and Atom 0.3 into a ParsedFeed. Internal to the feed
// parser (feeds/parser.h is the entry point). Not thread-safe per context.
#pragma once

#include <pugixml.hpp>

#include "feeds/parser_xml.h"

namespace newsd {

// True when `root` is an Atom 1.0 or 0.3 <feed> element.
bool IsAtomRoot(XmlContext& ctx, pugi::xml_node root);

// Reads the feed and its entries into `feed` (format, fields, items).
// Entries beyond options.max_items are dropped with a warning.
void ParseAtom(XmlContext& ctx, pugi::xml_node root, ParsedFeed& feed);

}  // namespace newsd
