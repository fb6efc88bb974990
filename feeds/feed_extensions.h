// Feed extensions shared by the RSS and Atom readers: Media RSS, iTunes,
// enclosures, syndication intervals, author names and language tags.
// Internal to the feed parser. Pure functions except ReadMediaElement, which
// uses the (single-threaded) XmlContext.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/model.h"
#include "feeds/parser_xml.h"

namespace newsd {

// The person's name in an author string: "Jo Doe (jo@x.org)", "jo@x.org (Jo Doe)"
// and "Jo Doe <jo@x.org>" -> "Jo Doe"; anything else as is.
std::string AuthorName(std::string_view author);

// Language tags as BCP 47 writes them: "en_US" -> "en-US", trimmed.
std::string NormalizeLanguage(std::string_view tag);

// Reads the Media RSS / iTunes / enclosure-like child `child` of an item into
// `item` (media:content, media:thumbnail, media:group, media:category,
// itunes:image, itunes:author). Returns false when `child` is none of them.
bool ReadMediaElement(XmlContext& ctx, pugi::xml_node child, FeedItem& item);

// The sy:updatePeriod/updateFrequency interval, <ttl>-style seconds.
std::optional<std::chrono::seconds> SyndicationInterval(std::string_view period,
                                                        std::string_view frequency);

}  // namespace newsd
