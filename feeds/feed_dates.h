// Dates as feeds write them, normalised to UTC.
//
// Reads RFC 822/1123/2822 and the variants seen in the wild (2-digit years,
// missing seconds or weekday, day and month swapped around, named zones such
// as EST/PDT/GMT/UT/Z/MEST, military zones, "GMT+02:00", lower-case or
// non-English month names in English, French, German, Spanish, Italian,
// Portuguese, Dutch, Russian, Greek, Hungarian and Turkish, asctime order,
// Korean 년/월/일 and 오전/오후 forms), RFC 3339 / ISO 8601 / W3CDTF (fractions,
// missing zone = UTC, reduced precision "2003-12", "2003", compact "20031231"),
// and Unix epoch seconds. Also usable for HTTP dates (Retry-After,
// Last-Modified). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/model.h"

namespace newsd {

// The UTC time `text` denotes, or nullopt when it cannot be read with
// confidence (never "now", never a guess for a missing day, month or year).
std::optional<TimePoint> ParseFeedDate(std::string_view text);

}  // namespace newsd
