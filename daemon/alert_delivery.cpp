#include "daemon/alert_delivery.h"

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "storage/outbox.h"

namespace newsd {

OutboxAdapter::OutboxAdapter(std::unique_ptr<Outbox> outbox) : outbox_(std::move(outbox)) {}
OutboxAdapter::~OutboxAdapter() = default;

Result<std::vector<alerts::OutboxRow>> OutboxAdapter::Due(TimePoint now, int limit) {
  auto rows = outbox_->FetchDue(now, limit);
  if (!rows) return Fail(rows.error());
  std::vector<alerts::OutboxRow> out;
  out.reserve(rows->size());
  for (auto& r : *rows) {
    alerts::OutboxRow o;
    o.id = r.id;
    o.sink = r.sink;
    o.alert_id = r.alert_id;
    o.attempts = r.attempts;
    o.created = r.created;
    // The watch id is part of the stored alert object.
    boost::system::error_code ec;
    auto v = boost::json::parse(r.payload, ec);
    if (!ec && v.is_object()) {
      if (const auto* w = v.as_object().if_contains("watch"); w && w->is_string()) {
        o.watch = std::string(w->as_string());
      }
    }
    o.payload = std::move(r.payload);
    out.push_back(std::move(o));
  }
  return out;
}

Status OutboxAdapter::MarkDone(std::int64_t id) { return outbox_->MarkDone(id); }
Status OutboxAdapter::MarkRetry(std::int64_t id, TimePoint next, const std::string& error) {
  return outbox_->MarkRetry(id, next, error);
}
Status OutboxAdapter::MarkDead(std::int64_t id, const std::string& error) {
  return outbox_->MarkDead(id, error);
}
Status OutboxAdapter::BeginMarks() { return outbox_->Begin(); }
Status OutboxAdapter::EndMarks() { return outbox_->Commit(); }

namespace {

Result<std::string> ReadSecret(const std::string& path, const std::string& origin) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorKind::kNotFound, origin + ": cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

Result<std::vector<std::unique_ptr<alerts::Sink>>> MakeSinks(const Config& config) {
  std::vector<std::unique_ptr<alerts::Sink>> sinks;
  for (const auto& s : config.sinks) {
    if (s.type == "postgres" || s.type == "nats") continue;
    alerts::SinkSpec spec;
    spec.id = s.id;
    spec.type = s.type;
    spec.url = s.url;
    spec.secret = s.secret;
    if (!s.secret_file.empty()) {
      auto v = ReadSecret(s.secret_file, s.origin);
      if (!v) return Fail(v.error());
      spec.secret = *v;
    }
    if (!s.password_file.empty()) {
      auto v = ReadSecret(s.password_file, s.origin);
      if (!v) return Fail(v.error());
      spec.password = *v;
    }
    spec.body_template = s.body_template;
    spec.path = s.path;
    spec.command = s.command;
    spec.from = s.from;
    spec.to = s.to;
    spec.username = s.username;
    spec.brief = s.brief;
    spec.timeout = s.timeout;
    spec.max_age = s.max_age;
    spec.rate_limit_per_minute = s.rate_limit_per_minute;
    auto sink = alerts::MakeSink(spec);
    if (!sink) return Fail(sink.error().Wrap(s.origin));
    sinks.push_back(std::move(*sink));
  }
  return sinks;
}

alerts::DispatcherOptions MakeDispatcherOptions(const Config& config) {
  alerts::DispatcherOptions o;
  for (const auto& w : config.watches) {
    if (w.digest) o.digest[w.id] = *w.digest;
  }
  return o;
}

}  // namespace newsd
