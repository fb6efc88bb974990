// The STATUS= line newsd shows in `systemctl status newsd`:
//   "polling 2,000 feeds, 12 errors, 40,312 articles"
// built from the store and the poller's counters.
//
// Thread rules: Refresh blocks on SQLite and belongs on the worker pool; one
// Refresh at a time (the Service never overlaps them). Line() and Stop() may
// be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace newsd {

class Notifier;
class Store;
class StoreReader;
struct Config;
struct PollerCounters;

// What the line reports.
struct StatusCounts {
  std::int64_t feeds = 0;           // enabled feeds of the running config
  std::int64_t feeds_in_error = 0;  // of those, whose last poll failed (or 410 Gone)
  std::int64_t articles = 0;        // articles in the store
};

// "polling 2,000 feeds, 12 errors, 40,312 articles" (singular for 1).
std::string FormatStatus(const StatusCounts& c);

class StatusLine {
 public:
  // `store`, `notifier` and `counters` must outlive this object. `config`
  // gives the feed list (copied).
  StatusLine(Store& store, const Notifier& notifier, const PollerCounters& counters,
             const Config& config);
  ~StatusLine();
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  // Re-reads the counts, sends STATUS= (unless stopped) and returns the line.
  // The article total is counted in the database at the first call and every
  // 60th after; in between it adds the poller's new articles to that count.
  // On a store error the previous line is kept and the error returned.
  Result<std::string> Refresh();

  // The last line sent ("starting" before the first Refresh).
  std::string Line() const;

  // No STATUS= after this (shutdown has begun).
  void Stop() { stopped_ = true; }

 private:
  Store& store_;
  const Notifier& notifier_;
  const PollerCounters& counters_;
  std::vector<std::string> feed_ids_;  // enabled feeds, sorted
  std::unique_ptr<StoreReader> reader_;
  int refreshes_ = 0;
  std::int64_t base_articles_ = 0;  // counted in the database ...
  long long base_new_ = 0;          // ... when counters_.new_articles was this
  std::atomic<bool> stopped_{false};
  mutable std::mutex mu_;
  std::string line_ = "starting";  // guarded by mu_
};

}  // namespace newsd
