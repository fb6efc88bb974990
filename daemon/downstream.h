// Delivery of the downstream outbox ([[sink]] type = "postgres" / "nats"):
// one worker thread per downstream sink fetches due outbox rows in batches,
// hands them to the sink (blocking libpq / libnats calls, never on the io
// thread), deletes them once the remote confirmed (PostgreSQL COMMIT, JetStream
// acks) and otherwise retries the batch with exponential backoff, forever:
// rows are never given up, so an outage of any length loses nothing.
//
//   auto d = DownstreamDelivery::Create(config, db_path);   // threads started
//   engine.AddCommitListener([&](auto&) { d->Wake(); });    // new rows: go
//   d->Stats();                                             // for /metrics
//
// Thread rules: Wake and Stats may be called from any thread (Wake from the
// store's writer thread too: it only signals). Destroying it stops the
// workers after their current batch.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "daemon/config.h"

namespace newsd {

// Ids of the config's downstream sinks (type postgres or nats), in order.
std::vector<std::string> DownstreamSinkIds(const Config& config);

struct DownstreamOptions {
  std::chrono::milliseconds initial_backoff{1000};  // after the first failure
  std::chrono::milliseconds max_backoff{60000};     // doubling stops here
  std::chrono::milliseconds idle_poll{5000};        // re-check when nothing woke us
};

// A snapshot of one sink's counters.
struct DownstreamStats {
  std::string sink;
  std::string type;            // "postgres" | "nats"
  std::int64_t delivered = 0;  // rows confirmed by the remote (this process)
  std::int64_t batches = 0;    // successful deliveries
  std::int64_t failures = 0;   // failed delivery attempts (batches)
  bool retrying = false;       // the last attempt failed; backing off
  std::int64_t backlog = 0;    // rows waiting in the outbox (at the last check)
  std::string last_error;      // "" once a delivery succeeded again
};

class DownstreamDelivery {
 public:
  // Starts one worker per downstream sink of `config` on the database at
  // `db_path` (created by the Store). No sinks: no threads, Wake is a no-op.
  // Fails for an unknown sink type or when the database cannot be opened.
  static Result<std::unique_ptr<DownstreamDelivery>> Create(const Config& config,
                                                            const std::string& db_path,
                                                            DownstreamOptions opts = {});
  ~DownstreamDelivery();
  DownstreamDelivery(const DownstreamDelivery&) = delete;
  DownstreamDelivery& operator=(const DownstreamDelivery&) = delete;

  // New rows were committed: workers that are not backing off look at once.
  void Wake();
  std::vector<DownstreamStats> Stats() const;

 private:
  DownstreamDelivery();
  struct Worker;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace newsd
