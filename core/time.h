// Time in newsd: UTC TimePoints, RFC 3339 text, config durations, and a Clock
// seam so tests can move time by hand. Thread-safe: free functions are pure;
// a Clock's thread rules are stated on the class.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

// "2021-09-28T10:00:00Z".
std::string FormatRfc3339(TimePoint t);

// "2021-09-28" (the UTC calendar day of t).
std::string FormatDate(TimePoint t);

// Parses RFC 3339 / ISO 8601 date-times ("2021-09-28T10:00:00Z",
// "2021-09-28T12:00:00.5+02:00", "2021-09-28 10:00:00", "2021-09-28").
// A missing zone means UTC. Returns nullopt on anything else.
std::optional<TimePoint> ParseRfc3339(std::string_view s);

// Parses a config duration: a positive integer followed by s, m, h or d, and
// sums of those ("1h30m"). Returns an error naming the accepted forms.
Result<std::chrono::seconds> ParseDuration(std::string_view s);

// Formats a duration the way ParseDuration reads it ("90s" -> "1m30s").
std::string FormatDuration(std::chrono::seconds d);

// Builds a TimePoint from a civil UTC date and time; nullopt if out of range.
std::optional<TimePoint> MakeUtc(int year, int month, int day, int hour = 0, int minute = 0,
                                 int second = 0);

// The source of "now". SystemClock is thread-safe; ManualClock is for tests
// and must only be used from one thread at a time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  // A process-wide instance.
  static const SystemClock& Instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint Now() const override { return now_; }
  void Advance(std::chrono::seconds d) { now_ += d; }
  void Set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

}  // namespace newsd
