// Small HTTP header helpers shared by the fetcher and the scheduler: header
// line splitting, HTTP-dates, Retry-After and Cache-Control max-age.
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"

namespace newsd {

// A "Name: value" header line split into a lower-case name and the value
// with surrounding whitespace (and CR/LF) removed. nullopt when the line has
// no colon (status lines, the blank line ending the headers).
struct HeaderLine {
  std::string name;  // lower case
  std::string value;
};
std::optional<HeaderLine> SplitHeaderLine(std::string_view line);

// The status code of a status line ("HTTP/1.1 301 Moved", "HTTP/2 200"), or
// nullopt when `line` is not one.
std::optional<int> ParseStatusLine(std::string_view line);

// Parses an HTTP-date (RFC 9110: IMF-fixdate, RFC 850 and asctime forms).
std::optional<TimePoint> ParseHttpDate(std::string_view s);

// Retry-After as a delay from `now`: delta-seconds ("120") or an HTTP-date
// (a date in the past gives 0s). nullopt when absent or unreadable.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now);

// Cache-Control max-age in seconds ("public, max-age=300"), nullopt if none.
// "no-store"/"no-cache" give nullopt too (they do not ask us to wait).
std::optional<std::chrono::seconds> ParseMaxAge(std::string_view cache_control);

}  // namespace newsd
