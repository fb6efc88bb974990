// Conversions between model values and column values (internal to storage/).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace newsd::storage {

// Unix seconds <-> TimePoint.
inline std::int64_t ToUnix(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnix(std::int64_t s) { return TimePoint(std::chrono::seconds(s)); }
std::optional<std::int64_t> ToUnix(const std::optional<TimePoint>& t);
std::optional<TimePoint> FromUnix(const std::optional<std::int64_t>& s);

// Lists of short strings (categories, tags) joined by '\n'; "" is the empty list.
std::string JoinLines(const std::vector<std::string>& v);
std::vector<std::string> SplitLines(std::string_view s);

// Sentences as little-endian uint32 pairs.
std::string EncodeSpans(const std::vector<Span>& spans);
std::vector<Span> DecodeSpans(std::string_view blob);

// The four 16-bit bands of a SimHash (band 0 = lowest bits).
inline std::int64_t Band(std::uint64_t simhash, int i) {
  return static_cast<std::int64_t>((simhash >> (16 * i)) & 0xffff);
}
inline std::int64_t SimhashToColumn(std::uint64_t h) { return static_cast<std::int64_t>(h); }
inline std::uint64_t SimhashFromColumn(std::int64_t v) { return static_cast<std::uint64_t>(v); }

// Match spans <-> a JSON array string.
std::string MatchSpansToJson(const std::vector<MatchSpan>& spans);
std::vector<MatchSpan> MatchSpansFromJson(std::string_view json);

}  // namespace newsd::storage
