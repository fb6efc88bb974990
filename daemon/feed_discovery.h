// Feed discovery for `newsd feeds add URL`: given a site's page, find its
// feeds. The page itself may be a feed; otherwise its
// <link rel="alternate" type="application/rss+xml|atom+xml|feed+json"> links
// are tried, then common paths (/feed, /rss, /rss.xml, ...). A candidate
// counts only when it is fetched and parses as a feed.
//
// Thread rules: pure functions / a self-contained blocking call; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "daemon/config.h"

namespace newsd {

// A feed link declared by an HTML page.
struct FeedLink {
  std::string url;  // absolute (resolved against <base href> / the page URL)
  std::string type;
  std::string title;
};

// The feed links of `html` (fetched from `page_url`) in document order,
// without repeats. Never fails; a page without links gives {}.
std::vector<FeedLink> FindFeedLinks(std::string_view html, const std::string& page_url);

// Paths tried against the site root when a page declares no working feed.
const std::vector<std::string>& CommonFeedPaths();

struct DiscoveredFeed {
  std::string url;     // as requested (before redirects)
  std::string title;   // the feed's title, plain text
  std::string format;  // "rss2.0", "atom1.0", ...
  std::string how;     // "feed", "link", "common-path"
  int items = 0;
};

// Fetches `url` with the daemon's fetcher ([fetch] settings) and returns the
// feeds found, best first. Fails with a message naming what was tried when
// the page cannot be fetched or no feed is found.
Result<std::vector<DiscoveredFeed>> DiscoverFeeds(const std::string& url,
                                                  const FetchSection& fetch);

}  // namespace newsd
