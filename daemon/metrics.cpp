#include "daemon/metrics.h"

#include <cmath>
#include <cstdio>

#include "daemon/scheduler.h"

namespace newsd {

namespace {

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", v);
  }
  return buf;
}

void AppendEscaped(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

void PromWriter::Family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  for (char c : help) out_ += c == '\n' ? ' ' : c;
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PromWriter::Sample(std::string_view name, double value,
                        const std::vector<std::pair<std::string, std::string>>& labels) {
  out_ += name;
  if (!labels.empty()) {
    out_ += '{';
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i) out_ += ',';
      out_ += labels[i].first;
      out_ += "=\"";
      AppendEscaped(out_, labels[i].second);
      out_ += '"';
    }
    out_ += '}';
  }
  out_ += ' ';
  out_ += FormatValue(value);
  out_ += '\n';
}

LatencyHistogram::LatencyHistogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void LatencyHistogram::Observe(double seconds) {
  std::size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, seconds) * 1e6),
                        std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

void LatencyHistogram::Render(PromWriter& w, std::string_view name, std::string_view help) const {
  const std::string n(name);
  w.Family(n, "histogram", help);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? FormatValue(bounds_[i]) : "+Inf";
    w.Sample(n + "_bucket", static_cast<double>(cumulative), {{"le", le}});
  }
  w.Sample(n + "_sum", static_cast<double>(sum_micros_.load()) / 1e6);
  // _count equals the +Inf bucket by definition.
  w.Sample(n + "_count", static_cast<double>(cumulative));
}

DaemonMetrics::DaemonMetrics() : fetch_seconds({0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}) {}

void DaemonMetrics::RecordPoll(const PollResult& r) {
  const FetchResponse& resp = r.response;
  const char* outcome = !r.decision.success ? "error" : resp.not_modified() ? "not_modified" : "ok";
  fetch_seconds.Observe(std::chrono::duration<double>(resp.elapsed).count());
  bytes_fetched.fetch_add(resp.downloaded_bytes, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  polls_[{outcome, resp.status}]++;
}

void DaemonMetrics::RecordHttpRequest(std::string_view route, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  http_requests_[{std::string(route), status}]++;
}

void DaemonMetrics::Render(PromWriter& w) const {
  std::map<std::pair<std::string, int>, std::int64_t> polls, http;
  {
    std::lock_guard<std::mutex> lock(mu_);
    polls = polls_;
    http = http_requests_;
  }
  w.Family("newsd_polls_total", "counter", "Completed feed polls by outcome and HTTP status");
  for (const auto& [k, v] : polls) {
    w.Sample("newsd_polls_total", static_cast<double>(v),
             {{"outcome", k.first}, {"code", std::to_string(k.second)}});
  }
  fetch_seconds.Render(w, "newsd_fetch_duration_seconds", "Feed fetch time (whole transfer)");
  w.Family("newsd_fetched_bytes_total", "counter", "Bytes received from feeds, on the wire");
  w.Sample("newsd_fetched_bytes_total", static_cast<double>(bytes_fetched.load()));
  w.Family("newsd_http_requests_total", "counter", "API requests answered, by route and status");
  for (const auto& [k, v] : http) {
    w.Sample("newsd_http_requests_total", static_cast<double>(v),
             {{"route", k.first}, {"code", std::to_string(k.second)}});
  }
  w.Family("newsd_http_connections_open", "gauge", "API connections open now");
  w.Sample("newsd_http_connections_open", static_cast<double>(http_connections_open.load()));
  w.Family("newsd_http_connections_rejected_total", "counter",
           "API connections refused at the connection cap");
  w.Sample("newsd_http_connections_rejected_total",
           static_cast<double>(http_connections_rejected.load()));
  w.Family("newsd_stream_clients", "gauge", "Live stream (SSE) clients connected");
  w.Sample("newsd_stream_clients", static_cast<double>(stream_clients.load()));
  w.Family("newsd_stream_events_total", "counter", "Events written to live stream clients");
  w.Sample("newsd_stream_events_total", static_cast<double>(stream_events.load()));
  w.Family("newsd_stream_dropped_total", "counter",
           "Live stream clients dropped for falling behind");
  w.Sample("newsd_stream_dropped_total", static_cast<double>(stream_dropped.load()));
  w.Family("newsd_websub_pushes_total", "counter", "WebSub content pushes accepted");
  w.Sample("newsd_websub_pushes_total", static_cast<double>(websub_pushes.load()));
  w.Family("newsd_websub_rejected_total", "counter",
           "WebSub pushes and verifications rejected (bad signature, unknown)");
  w.Sample("newsd_websub_rejected_total", static_cast<double>(websub_rejected.load()));
  w.Family("newsd_websub_subscriptions", "gauge", "WebSub subscriptions verified and active");
  w.Sample("newsd_websub_subscriptions", static_cast<double>(websub_subscribed.load()));
}

}  // namespace newsd
