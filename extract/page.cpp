#include "extract/page.h"

#include <cstdlib>

#include "extract/pipeline.h"

namespace newsd {

Article ExtractPage(std::string_view html, const std::string& url) {
  static const Pipeline pipeline = [] {
    auto p = Pipeline::Create({});
    if (!p) std::abort();  // the default options are always valid
    return std::move(*p);
  }();
  Article a;
  a.url = url;
  a.html = std::string(html);
  a.html_is_full_page = true;
  pipeline.Run(a);
  a.html.clear();
  return a;
}

Article ArticleFromFeedItem(const FeedItem& item, const std::string& feed_id) {
  Article a;
  a.feed = feed_id;
  if (!feed_id.empty()) a.sources.push_back(feed_id);
  a.url = item.link;
  a.guid = item.guid;
  a.title = item.title;
  a.author = item.author;
  a.published = item.published;
  a.updated = item.updated;
  a.categories = item.categories;
  a.declared_language = item.language;
  a.html = !item.content_html.empty() ? item.content_html : item.summary_html;
  a.html_is_full_page = false;
  return a;
}

}  // namespace newsd
