// Month and time-zone names for the feed date parser (feeds/feed_dates.h):
// English and the common non-English month names, named and military zones.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsd {

// 1..12 for a lower-case month name or abbreviation ("sept", "märz", "июля").
std::optional<int> MonthByName(std::string_view lower_word);

// Offset in minutes east of UTC for a lower-case zone name ("pdt", "mest",
// "etc/gmt") or an RFC 822 military letter.
std::optional<int> ZoneByName(std::string_view lower_word);

// `word` lower-cased (ICU for non-ASCII), trailing dots removed.
std::string LowerWord(std::string_view word);

}  // namespace newsd
