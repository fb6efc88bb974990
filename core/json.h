// JSON forms of the data model, exactly as docs/INTERFACES.md specifies them
// (the `newsd export` object, the `newsd parse` item, the alert object).
// Pure functions; thread-safe. Missing values are null, never omitted.
#pragma once

#include <optional>
#include <string>

#include <boost/json/fwd.hpp>

#include "core/model.h"

namespace newsd {

struct ArticleJsonOptions {
  bool include_ids = true;          // "id", "feed", "sources" (false for `newsd extract --json`)
  bool include_text = true;         // false: sinks that ask for brevity
  std::vector<std::string> alerts;  // watch ids that alerted on this article
};

// The export object of INTERFACES.md §2.
boost::json::object ArticleToJson(const Article& a, const ArticleJsonOptions& opt = {});

// An item of `newsd parse` (INTERFACES.md §1).
boost::json::object FeedItemToJson(const FeedItem& item);

// The alert object of INTERFACES.md §5; `article` may be null (then "article" is null).
boost::json::object AlertToJson(const Alert& alert, const Article* article,
                                const ArticleJsonOptions& opt = {});

// RFC 3339 string or null.
boost::json::value TimeOrNull(const std::optional<TimePoint>& t);

// Serialises a value on one line.
std::string ToJsonLine(const boost::json::value& v);

}  // namespace newsd
