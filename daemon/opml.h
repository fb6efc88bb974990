// OPML 1.0 / 2.0 subscription lists (pugixml), for `newsd feeds import` and
// `newsd feeds export`. Nested outlines are folders: the names of the folders
// around a feed become its tags, outermost first; a `category` attribute
// ("a,b/c") adds its comma-separated entries as tags too.
//
// Thread rules: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "daemon/config.h"

namespace newsd {

struct OpmlFeed {
  std::string url;    // xmlUrl, trimmed
  std::string title;  // text, else title; "" when neither
  std::vector<std::string> tags;
};

struct OpmlDocument {
  std::string title;            // <head><title>
  std::vector<OpmlFeed> feeds;  // in document order, repeats included
  int without_url = 0;          // outlines with an empty xmlUrl attribute (skipped)
};

// Reads an OPML document; `name` is used in messages. Fails when the text is
// not XML, has no <opml> root or no <body>.
Result<OpmlDocument> ParseOpml(std::string_view text, const std::string& name);

// An OPML 2.0 document listing `feeds`, tags as nested outlines (a feed with
// tags [a, b] sits in outline "a" > outline "b"), so ParseOpml gives back the
// same urls, titles and tags.
std::string WriteOpml(const std::vector<FeedConfig>& feeds, const std::string& title);

}  // namespace newsd
