// Helpers for the sink and dispatcher tests: real alert payloads built with
// core/json.h from a matched article.
#pragma once

#include <string>

#include "alerts/matcher.h"
#include "alerts/outbox.h"
#include "core/json.h"
#include "core/time.h"

namespace newsd::testing {

// The outbox row of `watch` on an article titled `title` whose text contains
// "military drills" (matched span included).
inline alerts::OutboxRow MakeRow(std::int64_t id, const std::string& sink, const std::string& watch,
                                 const std::string& title) {
  Article a;
  a.id = id;
  a.feed = "trend-en";
  a.title = title;
  a.url = "https://example.com/news/" + std::to_string(id);
  a.canonical_url = a.url;
  a.text = "Azerbaijan and Iran held joint military drills near the border on Monday.";
  a.lang = "en";
  a.published = MakeUtc(2026, 11, 23, 6, 0, 0);
  Alert al;
  al.watch = watch;
  al.id = alerts::AlertId(watch, alerts::AlertArticleKey(a));
  al.article_id = id;
  al.created = *MakeUtc(2026, 11, 23, 6, 1, 0);
  const std::size_t s = a.text.find("military drills");
  al.matched.push_back({"text", s, s + 15, "military drills"});
  al.score = 1;
  alerts::OutboxRow r;
  r.id = id;
  r.sink = sink;
  r.alert_id = al.id;
  r.watch = watch;
  r.payload = ToJsonLine(AlertToJson(al, &a));
  r.created = SystemClock::Instance().Now();
  return r;
}

}  // namespace newsd::testing
