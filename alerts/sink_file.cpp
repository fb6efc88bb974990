// The jsonl sink (append one alert object per line, fsync per message,
// reopen for logrotate) and the log sink (one structured spdlog line).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#include <spdlog/spdlog.h>

#include "alerts/message.h"
#include "alerts/sink_types.h"

namespace newsd::alerts {
namespace {

class JsonlSink final : public Sink {
 public:
  using Sink::Sink;
  ~JsonlSink() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open() {
    std::lock_guard<std::mutex> lock(mu_);
    return OpenLocked();
  }

  Status Reopen() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return OpenLocked();
  }

  DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) override {
    std::string lines;
    for (const OutboxRow* r : alerts) lines += JsonBody({r}, spec().brief) + "\n";
    std::lock_guard<std::mutex> lock(mu_);
    if (fd_ < 0) {
      if (auto s = OpenLocked(); !s) return DeliveryResult::Retry(s.error().message);
    }
    std::size_t off = 0;
    while (off < lines.size()) {
      ssize_t n = ::write(fd_, lines.data() + off, lines.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return DeliveryResult::Retry(Where() + std::strerror(errno));
      off += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) return DeliveryResult::Retry(Where() + std::strerror(errno));
    return DeliveryResult::Done();
  }

 private:
  std::string Where() const { return "jsonl " + spec().id + ": " + spec().path + ": "; }

  Status OpenLocked() {
    fd_ = ::open(spec().path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) return Fail(ErrorKind::kIo, Where() + std::strerror(errno));
    return OkStatus();
  }

  std::mutex mu_;
  int fd_ = -1;  // guarded by mu_
};

class LogSink final : public Sink {
 public:
  using Sink::Sink;
  DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) override {
    for (const OutboxRow* r : alerts) {
      AlertView v = ViewOf(r->payload);
      std::string terms;
      for (const auto& t : v.terms) terms += (terms.empty() ? "" : ",") + t;
      spdlog::info("alert sink={} id={} watch={} source={} terms=\"{}\" url={} title=\"{}\"",
                   spec().id, r->alert_id, r->watch, v.source, terms, v.url, v.title);
    }
    return DeliveryResult::Done();
  }
};

}  // namespace

Result<std::unique_ptr<Sink>> MakeJsonlSink(const SinkSpec& spec) {
  auto s = std::make_unique<JsonlSink>(spec);
  if (auto st = s->Open(); !st) return Fail(st.error());
  return std::unique_ptr<Sink>(std::move(s));
}

std::unique_ptr<Sink> MakeLogSink(const SinkSpec& spec) { return std::make_unique<LogSink>(spec); }

}  // namespace newsd::alerts
