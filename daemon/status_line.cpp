#include "daemon/status_line.h"

#include <algorithm>

#include "daemon/config.h"
#include "daemon/notify.h"
#include "daemon/poller.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {
namespace {

// 40312 -> "40,312".
std::string Grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  const std::size_t lead = digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && i % 3 == lead) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Counted(std::int64_t n, const char* noun) {
  return Grouped(n) + " " + noun + (n == 1 ? "" : "s");
}

// Re-count the articles in the database this often (retention deletes some).
constexpr int kRecountEvery = 60;

}  // namespace

std::string FormatStatus(const StatusCounts& c) {
  return "polling " + Counted(c.feeds, "feed") + ", " + Counted(c.feeds_in_error, "error") + ", " +
         Counted(c.articles, "article");
}

StatusLine::StatusLine(Store& store, const Notifier& notifier, const PollerCounters& counters,
                       const Config& config)
    : store_(store), notifier_(notifier), counters_(counters) {
  for (const auto& f : config.feeds) {
    if (f.enabled) feed_ids_.push_back(f.id);
  }
  std::sort(feed_ids_.begin(), feed_ids_.end());
}

StatusLine::~StatusLine() = default;

Result<std::string> StatusLine::Refresh() {
  if (!reader_) {
    auto r = store_.NewReader();
    if (!r) return Fail(r.error());
    reader_ = std::move(*r);
  }
  StatusCounts c;
  c.feeds = static_cast<std::int64_t>(feed_ids_.size());
  auto states = reader_->FeedStates();
  if (!states) return Fail(states.error());
  for (const auto& s : *states) {
    if (!std::binary_search(feed_ids_.begin(), feed_ids_.end(), s.feed)) continue;
    if (!s.last_error.empty() || s.retired) ++c.feeds_in_error;
  }
  const long long new_now = counters_.new_articles.load();
  if (refreshes_++ % kRecountEvery == 0) {
    auto stats = reader_->Stats();
    if (!stats) return Fail(stats.error());
    base_articles_ = stats->articles;
    base_new_ = new_now;
  }
  c.articles = base_articles_ + (new_now - base_new_);
  std::string line = FormatStatus(c);
  if (!stopped_) notifier_.Status(line);
  std::lock_guard<std::mutex> lock(mu_);
  line_ = line;
  return line;
}

std::string StatusLine::Line() const {
  std::lock_guard<std::mutex> lock(mu_);
  return line_;
}

}  // namespace newsd
