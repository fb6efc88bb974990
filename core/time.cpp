#include "core/time.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace newsd {

using namespace std::chrono;

std::string FormatRfc3339(TimePoint t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string FormatDate(TimePoint t) {
  const year_month_day ymd{floor<days>(t)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<TimePoint> MakeUtc(int y, int mo, int d, int h, int mi, int s) {
  if (y < 1 || y > 9999 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  if (s == 60) s = 59;  // leap second: clamp
  return TimePoint{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s};
}

namespace {

// Reads exactly n digits at s[pos], advancing pos.
bool Digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

}  // namespace

std::optional<TimePoint> ParseRfc3339(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::size_t p = 0;
  int y = 0, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  if (!Digits(s, p, 4, y)) return std::nullopt;
  if (p < s.size() && s[p] == '-') {
    ++p;
    if (!Digits(s, p, 2, mo)) return std::nullopt;
    if (p < s.size() && s[p] == '-') {
      ++p;
      if (!Digits(s, p, 2, d)) return std::nullopt;
    }
  }
  int offset_min = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!Digits(s, p, 2, h)) return std::nullopt;
    if (p < s.size() && s[p] == ':') ++p;
    if (!Digits(s, p, 2, mi)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!Digits(s, p, 2, sec)) return std::nullopt;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        const std::size_t start = p;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
        if (p == start) return std::nullopt;
      }
    }
    while (p < s.size() && s[p] == ' ') ++p;
    if (p < s.size()) {
      const char z = s[p];
      if (z == 'Z' || z == 'z') {
        ++p;
      } else if (z == '+' || z == '-') {
        ++p;
        int oh = 0, om = 0;
        if (!Digits(s, p, 2, oh)) return std::nullopt;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size() && !Digits(s, p, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_min = (oh * 60 + om) * (z == '-' ? -1 : 1);
      }
    }
  }
  if (p != s.size()) return std::nullopt;
  auto t = MakeUtc(y, mo, d, h, mi, sec);
  if (!t) return std::nullopt;
  return *t - minutes{offset_min};
}

Result<std::chrono::seconds> ParseDuration(std::string_view s) {
  const std::string bad = "invalid duration \"" + std::string(s) +
                          "\": use a number and a unit, e.g. 30s, 5m, 1h, 1d or 1h30m";
  if (s.empty()) return Fail(ErrorKind::kInvalidArgument, bad);
  long long total = 0;
  std::size_t p = 0;
  while (p < s.size()) {
    long long n = 0;
    auto [ptr, ec] = std::from_chars(s.data() + p, s.data() + s.size(), n);
    if (ec != std::errc() || n < 0) return Fail(ErrorKind::kInvalidArgument, bad);
    p = static_cast<std::size_t>(ptr - s.data());
    if (p >= s.size()) return Fail(ErrorKind::kInvalidArgument, bad);
    long long unit = 0;
    switch (s[p]) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return Fail(ErrorKind::kInvalidArgument, bad);
    }
    ++p;
    if (n > 100LL * 365 * 86400 / unit) return Fail(ErrorKind::kInvalidArgument, bad);
    total += n * unit;
  }
  return std::chrono::seconds(total);
}

std::string FormatDuration(std::chrono::seconds d) {
  long long v = d.count();
  if (v == 0) return "0s";
  std::string out;
  const std::pair<long long, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [size, suffix] : units) {
    if (v >= size) {
      out += std::to_string(v / size);
      out += suffix;
      v %= size;
    }
  }
  return out;
}

TimePoint SystemClock::Now() const { return floor<seconds>(system_clock::now()); }

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace newsd
