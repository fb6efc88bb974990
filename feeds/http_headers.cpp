#include "feeds/http_headers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include <curl/curl.h>

namespace newsd {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<long long> ParseNonNegative(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

std::optional<HeaderLine> SplitHeaderLine(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view name = Trim(line.substr(0, colon));
  if (name.empty() || name.find(' ') != std::string_view::npos) return std::nullopt;
  return HeaderLine{Lower(name), std::string(Trim(line.substr(colon + 1)))};
}

std::optional<int> ParseStatusLine(std::string_view line) {
  if (line.substr(0, 5) != "HTTP/") return std::nullopt;
  const auto sp = line.find(' ');
  if (sp == std::string_view::npos || sp + 4 > line.size()) return std::nullopt;
  int code = 0;
  auto [p, ec] = std::from_chars(line.data() + sp + 1, line.data() + sp + 4, code);
  if (ec != std::errc() || p != line.data() + sp + 4 || code < 100 || code > 999) {
    return std::nullopt;
  }
  return code;
}

std::optional<TimePoint> ParseHttpDate(std::string_view s) {
  // libcurl's curl_getdate reads all three RFC 9110 forms (and more).
  const std::string text(Trim(s));
  if (text.empty()) return std::nullopt;
  const time_t t = curl_getdate(text.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return TimePoint(std::chrono::seconds(t));
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, TimePoint now) {
  if (auto secs = ParseNonNegative(value)) return std::chrono::seconds(*secs);
  auto when = ParseHttpDate(value);
  if (!when) return std::nullopt;
  if (*when <= now) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(*when - now);
}

std::optional<std::chrono::seconds> ParseMaxAge(std::string_view cc) {
  std::optional<std::chrono::seconds> result;
  while (!cc.empty()) {
    const auto comma = cc.find(',');
    const std::string part = Lower(Trim(cc.substr(0, comma)));
    cc = comma == std::string_view::npos ? std::string_view() : cc.substr(comma + 1);
    if (part == "no-store" || part == "no-cache") return std::nullopt;
    if (part.rfind("max-age=", 0) == 0) {
      std::string_view v = std::string_view(part).substr(8);
      if (!v.empty() && v.front() == '"' && v.back() == '"' && v.size() >= 2) {
        v = v.substr(1, v.size() - 2);
      }
      if (auto n = ParseNonNegative(v)) result = std::chrono::seconds(*n);
    }
  }
  return result;
}

}  // namespace newsd
