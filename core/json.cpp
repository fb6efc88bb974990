#include "core/json.h"

#include <cstdio>

#include <boost/json.hpp>

#include "core/time.h"

namespace newsd {

namespace json = boost::json;

json::value TimeOrNull(const std::optional<TimePoint>& t) {
  if (!t) return nullptr;
  return json::string(FormatRfc3339(*t));
}

namespace {

json::value StrOrNull(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::string(*s);
}

json::value NonEmptyOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::string(s);
}

json::array Strings(const std::vector<std::string>& v) {
  json::array a;
  a.reserve(v.size());
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

std::string SimhashHex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

json::array MatchSpans(const std::vector<MatchSpan>& spans) {
  json::array a;
  for (const auto& m : spans) {
    a.push_back(
        json::object{{"field", m.field}, {"start", m.start}, {"end", m.end}, {"term", m.term}});
  }
  return a;
}

}  // namespace

json::object ArticleToJson(const Article& a, const ArticleJsonOptions& opt) {
  json::object o;
  if (opt.include_ids) {
    o["id"] = a.id;
    o["feed"] = NonEmptyOrNull(a.feed);
    o["sources"] = Strings(a.sources);
  }
  o["url"] = NonEmptyOrNull(a.url);
  o["canonical_url"] = NonEmptyOrNull(a.canonical_url);
  o["guid"] = NonEmptyOrNull(a.guid);
  o["title"] = a.title;
  o["author"] = StrOrNull(a.author);
  o["published"] = TimeOrNull(a.published);
  o["fetched"] = json::string(FormatRfc3339(a.fetched));
  o["lang"] = NonEmptyOrNull(a.lang);
  if (opt.include_text) o["text"] = a.text;
  o["content_hash"] = NonEmptyOrNull(a.content_hash);
  o["simhash"] = SimhashHex(a.simhash);
  if (a.duplicate_of) {
    o["duplicate_of"] = *a.duplicate_of;
  } else {
    o["duplicate_of"] = nullptr;
  }
  o["revision"] = a.revision;

  json::array ents;
  for (const auto& e : a.entities) {
    ents.push_back(json::object{{"text", e.text},
                                {"type", EntityTypeName(e.type)},
                                {"start", e.start},
                                {"end", e.end},
                                {"canonical", e.canonical.empty() ? e.text : e.canonical}});
  }
  o["entities"] = std::move(ents);

  json::array quotes;
  for (const auto& q : a.quotes) {
    quotes.push_back(json::object{
        {"text", q.text}, {"speaker", StrOrNull(q.speaker)}, {"start", q.start}, {"end", q.end}});
  }
  o["quotes"] = std::move(quotes);

  json::array qs;
  for (const auto& q : a.quantities) {
    qs.push_back(json::object{{"text", q.text},
                              {"value", q.value},
                              {"unit", NonEmptyOrNull(q.unit)},
                              {"approx", q.approx},
                              {"start", q.start},
                              {"end", q.end}});
  }
  o["quantities"] = std::move(qs);

  json::array dates;
  for (const auto& d : a.dates) {
    dates.push_back(json::object{{"text", d.text},
                                 {"start", d.start_date},
                                 {"end", d.end_date},
                                 {"offset_start", d.start},
                                 {"offset_end", d.end}});
  }
  o["dates"] = std::move(dates);

  if (!opt.alerts.empty()) {
    o["alerts"] = Strings(opt.alerts);
  } else {
    json::array watches;
    for (const auto& m : a.matches) watches.emplace_back(m.watch);
    o["alerts"] = std::move(watches);
  }
  return o;
}

json::object FeedItemToJson(const FeedItem& item) {
  json::object o;
  o["guid"] = NonEmptyOrNull(item.guid);
  o["link"] = NonEmptyOrNull(item.link);
  o["title"] = NonEmptyOrNull(item.title);
  o["author"] = StrOrNull(item.author);
  o["published"] = TimeOrNull(item.published);
  o["updated"] = TimeOrNull(item.updated);
  o["summary_html"] = NonEmptyOrNull(item.summary_html);
  o["content_html"] = NonEmptyOrNull(item.content_html);
  o["categories"] = Strings(item.categories);
  o["language"] = StrOrNull(item.language);
  json::array encl;
  for (const auto& e : item.enclosures) {
    json::object eo{{"url", e.url}, {"type", NonEmptyOrNull(e.type)}};
    if (e.length) {
      eo["length"] = *e.length;
    } else {
      eo["length"] = nullptr;
    }
    encl.push_back(std::move(eo));
  }
  o["enclosures"] = std::move(encl);
  o["image"] = StrOrNull(item.image);
  return o;
}

json::object AlertToJson(const Alert& alert, const Article* article,
                         const ArticleJsonOptions& opt) {
  json::object o;
  o["id"] = alert.id;
  o["watch"] = alert.watch;
  o["article_id"] = alert.article_id;
  o["created"] = json::string(FormatRfc3339(alert.created));
  o["matched"] = MatchSpans(alert.matched);
  o["score"] = alert.score;
  if (article) {
    o["article"] = ArticleToJson(*article, opt);
  } else {
    o["article"] = nullptr;
  }
  return o;
}

std::string ToJsonLine(const json::value& v) { return json::serialize(v); }

}  // namespace newsd
