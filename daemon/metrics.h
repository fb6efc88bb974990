// Counters the daemon keeps for GET /metrics beyond those of the Poller,
// Store, Dispatcher and Pipeline, and a writer for the Prometheus text
// exposition format (version 0.0.4).
//
// Thread rules: every Record*/Observe/atomic member may be used from any
// thread; Render* reads a consistent-enough snapshot (counters only grow).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsd {

struct PollResult;

// Builds exposition text: one HELP/TYPE header per family, then its samples.
class PromWriter {
 public:
  // `type` is "counter", "gauge" or "histogram".
  void Family(std::string_view name, std::string_view type, std::string_view help);
  // `labels` as name/value pairs; values are escaped.
  void Sample(std::string_view name, double value,
              const std::vector<std::pair<std::string, std::string>>& labels = {});
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// A fixed-bucket histogram of durations in seconds.
class LatencyHistogram {
 public:
  explicit LatencyHistogram(std::vector<double> upper_bounds);
  void Observe(double seconds);
  // Writes family `name` (with _bucket/_sum/_count samples).
  void Render(PromWriter& w, std::string_view name, std::string_view help) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, not cumulative
  std::atomic<std::uint64_t> sum_micros_{0};
  std::atomic<std::uint64_t> count_{0};
};

class DaemonMetrics {
 public:
  DaemonMetrics();

  // One completed poll: outcome ("ok", "not_modified", "error"), status code,
  // transfer time and bytes on the wire.
  void RecordPoll(const PollResult& r);
  void RecordHttpRequest(std::string_view route, int status);

  // Writes the poll and HTTP families.
  void Render(PromWriter& w) const;

  LatencyHistogram fetch_seconds;
  std::atomic<std::int64_t> bytes_fetched{0};
  std::atomic<std::int64_t> http_connections_open{0};
  std::atomic<std::int64_t> http_connections_rejected{0};
  std::atomic<std::int64_t> stream_clients{0};
  std::atomic<std::int64_t> stream_events{0};
  std::atomic<std::int64_t> stream_dropped{0};
  std::atomic<std::int64_t> websub_pushes{0};
  std::atomic<std::int64_t> websub_rejected{0};
  std::atomic<std::int64_t> websub_subscribed{0};

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::int64_t> polls_;          // guarded by mu_
  std::map<std::pair<std::string, int>, std::int64_t> http_requests_;  // guarded by mu_
};

}  // namespace newsd
