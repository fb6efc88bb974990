#include "daemon/api_context.h"

namespace newsd {

Result<std::unique_ptr<ApiReader>> ReaderPool::Take() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto r = std::move(idle_.back());
      idle_.pop_back();
      return r;
    }
  }
  return ApiReader::Open(path_);
}

void ReaderPool::Give(std::unique_ptr<ApiReader> r) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 8) idle_.push_back(std::move(r));
}

std::optional<TimePoint> ParseApiTime(const std::string& s, std::string& error) {
  if (auto t = ParseRfc3339(s)) return t;
  auto d = ParseDuration(s);
  if (!d) {
    error = "'" + s + "' is neither an RFC 3339 time nor a duration (e.g. 24h, 7d)";
    return std::nullopt;
  }
  return SystemClock::Instance().Now() - *d;
}

}  // namespace newsd
