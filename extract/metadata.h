// Article metadata from a page's markup: JSON-LD (schema.org NewsArticle and
// kin) first, then OpenGraph, then <meta> tags, then <time> and <title>.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

struct GumboInternalNode;

namespace newsd {

// Metadata found in a page; empty strings / nullopt when absent.
struct PageMetadata {
  std::string title;
  std::vector<std::string> authors;
  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::string canonical_url;  // <link rel=canonical> or og:url, as written
  std::string site_name;
  std::string language;      // as declared ("en", "de-DE", "pt_BR"), not normalised
  std::string article_body;  // JSON-LD articleBody, plain text
};

// Reads the metadata of the document whose <html> element is `root`.
// Never fails; unreadable JSON-LD blocks and dates are skipped.
PageMetadata ExtractMetadata(const GumboInternalNode* root);

// Fills empty fields of `article` from `meta` where the page is trusted more
// than the feed: title, author(s) (joined with ", "), published, updated,
// site_name and declared_language are taken from the page when present;
// canonical_url from the page when it is an absolute http(s) URL (resolved
// against article.url and canonicalised).
void ApplyMetadata(const PageMetadata& meta, Article& article);

}  // namespace newsd
