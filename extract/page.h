// Entry points that build an Article from what the daemon has in hand: a
// saved or fetched HTML page, or a parsed feed item. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/model.h"

namespace newsd {

// Runs the default pipeline (Pipeline::Create({}), built once per process)
// over a full HTML page: main text, metadata, canonical URL, normalisation,
// content hash, language, sentences, SimHash. `url` is where the page came
// from ("" when unknown; then only an absolute canonical link sets
// canonical_url). `html` may be in any charset the page declares. Never
// fails: a page without text gives an Article with empty text.
Article ExtractPage(std::string_view html, const std::string& url);

// The pipeline input for one feed item: url = link, guid, title, author,
// dates, categories, language; html = content_html, else summary_html
// (html_is_full_page false). `feed_id` goes to feed and sources. When the
// daemon fetches the full page instead, it sets html to the page and
// html_is_full_page to true before running the pipeline; the item's
// metadata then remains the fallback for what the page lacks.
Article ArticleFromFeedItem(const FeedItem& item, const std::string& feed_id);

}  // namespace newsd
