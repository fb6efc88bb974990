// Alert sinks: where alerts go ([[sink]] in the config). Each delivers one
// message at a time: a single alert, or a digest of several (rate limit or
// per-watch digest mode). Deliver() blocks (network, disk, a child process)
// and is only ever called from dispatcher worker threads, never on the
// io_context thread.
//
// Thread rules: Deliver() is not called concurrently for one sink; Reopen()
// may be called from any thread at any time.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alerts/outbox.h"
#include "core/result.h"

namespace newsd::alerts {

// A [[sink]] as alerts/ needs it (the daemon converts SinkConfig; secrets
// and passwords are read from their files by the daemon).
struct SinkSpec {
  std::string id;
  std::string type;                  // webhook | email | jsonl | exec | log
  std::string url;                   // webhook: http(s)://; email: smtp:// or smtps://
  std::string secret;                // webhook: HMAC key for X-Newsd-Signature ("" = unsigned)
  std::string body_template;         // webhook: chat-tool body ("" = the alert JSON)
  std::string path;                  // jsonl
  std::vector<std::string> command;  // exec: argv, no shell
  std::string from;                  // email
  std::vector<std::string> to;       // email
  std::string username, password;    // email (SMTP AUTH; with smtp:// TLS is then required)
  bool brief = false;                // omit the article text
  std::chrono::seconds timeout{10};
  std::chrono::seconds max_age{24 * 3600};  // give up retrying after this long
  int rate_limit_per_minute = 0;            // 0 = unlimited
};

// What became of one delivery.
struct DeliveryResult {
  enum class Outcome { kDone, kRetry, kDead };
  Outcome outcome = Outcome::kDone;
  std::string error;  // for kRetry / kDead: what went wrong (with the response)
  std::optional<std::chrono::seconds> retry_after;  // e.g. HTTP 429 Retry-After

  static DeliveryResult Done() { return {}; }
  static DeliveryResult Retry(std::string e,
                              std::optional<std::chrono::seconds> after = std::nullopt) {
    return {Outcome::kRetry, std::move(e), after};
  }
  static DeliveryResult Dead(std::string e) { return {Outcome::kDead, std::move(e), {}}; }
};

class Sink {
 public:
  explicit Sink(SinkSpec spec) : spec_(std::move(spec)) {}
  virtual ~Sink() = default;
  Sink(const Sink&) = delete;
  Sink& operator=(const Sink&) = delete;

  const SinkSpec& spec() const { return spec_; }

  // Delivers `alerts` (non-empty; more than one = a digest message).
  // Blocking; bounded by spec().timeout where the sink talks to something.
  virtual DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) = 0;

  // Reopens files (jsonl after logrotate, on SIGHUP); a no-op elsewhere.
  virtual Status Reopen() { return OkStatus(); }

 private:
  SinkSpec spec_;
};

// Builds the sink for `spec`; kInvalidArgument naming the sink id for an
// unknown type or missing settings (url, path, command, from/to).
Result<std::unique_ptr<Sink>> MakeSink(const SinkSpec& spec);

}  // namespace newsd::alerts
