// Alert delivery wired to the store: the storage room's outbox table seen
// through the alerts room's OutboxStore interface, and the configured sinks.
// Thread rules: an OutboxAdapter is used by one Dispatcher (its own threads).
#pragma once

#include <memory>
#include <vector>

#include "alerts/dispatcher.h"
#include "alerts/outbox.h"
#include "alerts/sink.h"
#include "daemon/config.h"

namespace newsd {

class Outbox;

class OutboxAdapter final : public alerts::OutboxStore {
 public:
  explicit OutboxAdapter(std::unique_ptr<Outbox> outbox);
  ~OutboxAdapter() override;
  Result<std::vector<alerts::OutboxRow>> Due(TimePoint now, int limit) override;
  Status MarkDone(std::int64_t id) override;
  Status MarkRetry(std::int64_t id, TimePoint next, const std::string& error) override;
  Status MarkDead(std::int64_t id, const std::string& error) override;
  Status BeginMarks() override;
  Status EndMarks() override;

 private:
  std::unique_ptr<Outbox> outbox_;
};

// One sink per [[sink]] (secret_file / password_file read here). Sink types
// that feed databases (postgres, nats) are not alert sinks and are skipped.
Result<std::vector<std::unique_ptr<alerts::Sink>>> MakeSinks(const Config& config);

// Per-watch digest periods.
alerts::DispatcherOptions MakeDispatcherOptions(const Config& config);

}  // namespace newsd
