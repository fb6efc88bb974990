#include "feeds/jsonfeed_parser.h"

#include <boost/json.hpp>

#include "core/url.h"
#include "feeds/feed_dates.h"
#include "feeds/feed_text.h"

namespace newsd {
namespace {

namespace json = boost::json;
using std::string_view;

std::string Str(const json::object& o, string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return "";
}

std::string Link(const ParseOptions& options, const std::string& ref) {
  std::string t = CollapseWhitespace(ref);
  if (t.empty() || options.base_url.empty() || IsAbsoluteUrl(t)) return t;
  auto r = ResolveUrl(options.base_url, t);
  return r ? *r : t;
}

std::optional<std::string> AuthorOf(const json::object& o) {
  if (const json::value* a = o.if_contains("authors"); a && a->is_array()) {
    for (const json::value& p : a->get_array()) {
      if (p.is_object()) {
        std::string name = CollapseWhitespace(Str(p.get_object(), "name"));
        if (!name.empty()) return name;
      }
    }
  }
  if (const json::value* a = o.if_contains("author"); a && a->is_object()) {
    std::string name = CollapseWhitespace(Str(a->get_object(), "name"));
    if (!name.empty()) return name;
  }
  return std::nullopt;
}

FeedItem ReadItem(const json::object& o, const ParseOptions& options,
                  const std::optional<std::string>& feed_author) {
  FeedItem item;
  item.guid = CollapseWhitespace(Str(o, "id"));
  item.link = Link(options, Str(o, "url"));
  if (item.link.empty()) item.link = Link(options, Str(o, "external_url"));
  item.title = HtmlToPlainText(Str(o, "title"));
  item.author = AuthorOf(o);
  if (!item.author) item.author = feed_author;
  item.published = ParseFeedDate(Str(o, "date_published"));
  item.updated = ParseFeedDate(Str(o, "date_modified"));
  if (!item.published) item.published = item.updated;
  const std::string summary = Str(o, "summary");
  if (!summary.empty()) item.summary_html = EscapeHtml(summary);
  item.content_html = Str(o, "content_html");
  if (item.content_html.empty()) {
    const std::string text = Str(o, "content_text");
    if (!text.empty()) item.content_html = EscapeHtml(text);
  }
  if (!options.base_url.empty()) {
    item.content_html = AbsolutizeHtmlLinks(item.content_html, options.base_url);
  }
  TruncateUtf8(item.content_html, options.max_text_bytes);
  if (const json::value* t = o.if_contains("tags"); t && t->is_array()) {
    for (const json::value& tag : t->get_array()) {
      if (tag.is_string()) {
        std::string c = CollapseWhitespace(tag.get_string());
        if (!c.empty()) item.categories.push_back(std::move(c));
      }
    }
  }
  std::string lang = Str(o, "language");
  if (!lang.empty()) item.language = std::move(lang);
  std::string image = Link(options, Str(o, "image"));
  if (image.empty()) image = Link(options, Str(o, "banner_image"));
  if (!image.empty()) item.image = std::move(image);
  if (const json::value* a = o.if_contains("attachments"); a && a->is_array()) {
    for (const json::value& att : a->get_array()) {
      if (!att.is_object()) continue;
      const json::object& ao = att.get_object();
      Enclosure e;
      e.url = Link(options, Str(ao, "url"));
      if (e.url.empty()) continue;
      e.type = Str(ao, "mime_type");
      if (const json::value* s = ao.if_contains("size_in_bytes"); s && s->is_number()) {
        boost::system::error_code ec;
        const auto n = s->to_number<std::int64_t>(ec);
        if (!ec) e.length = n;
      }
      item.enclosures.push_back(std::move(e));
    }
  }
  return item;
}

}  // namespace

bool LooksLikeJson(string_view utf8) {
  for (char c : utf8) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

Status ParseJsonFeed(string_view utf8, const ParseOptions& options, ParsedFeed& feed) {
  boost::system::error_code ec;
  json::parse_options popt;
  popt.max_depth = options.max_depth;
  popt.allow_invalid_utf8 = true;
  json::value doc = json::parse(utf8, ec, {}, popt);
  if (ec) return Fail(ErrorKind::kParse, "not a feed: invalid JSON (" + ec.message() + ")");
  if (!doc.is_object()) return Fail(ErrorKind::kParse, "not a feed: JSON is not an object");
  const json::object& o = doc.get_object();
  const std::string version = Str(o, "version");
  if (version.find("jsonfeed.org/version/") == std::string::npos) {
    return Fail(ErrorKind::kParse, "not a feed: JSON without a jsonfeed.org \"version\"");
  }
  feed.format = "jsonfeed1.x";
  feed.title = HtmlToPlainText(Str(o, "title"));
  feed.link = Link(options, Str(o, "home_page_url"));
  const std::string desc = Str(o, "description");
  if (!desc.empty()) feed.description = EscapeHtml(desc);
  std::string lang = Str(o, "language");
  if (!lang.empty()) feed.language = std::move(lang);
  feed.self_url = Link(options, Str(o, "feed_url"));
  if (const json::value* h = o.if_contains("hubs"); h && h->is_array()) {
    for (const json::value& hub : h->get_array()) {
      if (hub.is_object() && feed.hub_url.empty()) {
        feed.hub_url = Link(options, Str(hub.get_object(), "url"));
      }
    }
  }
  const std::optional<std::string> feed_author = AuthorOf(o);
  if (const json::value* items = o.if_contains("items"); items && items->is_array()) {
    std::size_t dropped = 0;
    for (const json::value& it : items->get_array()) {
      if (!it.is_object()) continue;
      if (feed.items.size() >= options.max_items) {
        ++dropped;
        continue;
      }
      feed.items.push_back(ReadItem(it.get_object(), options, feed_author));
    }
    if (dropped > 0) {
      feed.recovered = true;
      feed.warnings.push_back(std::to_string(dropped) + " items beyond the limit of " +
                              std::to_string(options.max_items) + " dropped");
    }
  }
  return OkStatus();
}

}  // namespace newsd
