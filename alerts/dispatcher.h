// Dispatcher: delivers outbox rows to their sinks and marks them done, retry
// (exponential backoff, Retry-After, up to the sink's max_age) or dead.
// Rows stay in the store until delivered, so undelivered alerts survive a
// restart: a new Dispatcher over the same store picks them up
// (at-least-once; receivers drop repeats on the alert id).
//
// Per sink it applies the rate limit (at most N messages a minute; when more
// are due the rest are folded into one digest message) and per watch the
// digest mode (one message per period listing the matches).
//
// Thread rules: construct, Start, Poke, Reopen and Stop from the io_context's
// thread (or anywhere before it runs). The timer lives on the io_context;
// every blocking call (store, sinks) runs on the dispatcher's own worker
// threads and completions are posted back, so the io_context never blocks.
// The io_context, store and clock must outlive the Dispatcher.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alerts/outbox.h"
#include "alerts/sink.h"
#include "core/time.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace newsd::alerts {

struct DispatcherOptions {
  // How often to look for due rows when nothing pokes the dispatcher.
  std::chrono::milliseconds poll_interval{1000};
  // Backoff after the n-th failed attempt: base * 2^(n-1), at most max.
  std::chrono::seconds base_backoff{1};
  std::chrono::seconds max_backoff{3600};
  int batch_limit = 200;  // rows fetched per cycle
  int threads = 2;        // worker threads for sinks and store calls
  // Digest mode per watch id: rows for that watch are held and sent as one
  // message per period.
  std::map<std::string, std::chrono::seconds> digest;
};

// Counters for metrics and tests (read with Stats()).
struct DispatcherStats {
  long delivered = 0;  // rows marked done
  long retried = 0;    // rows marked retry (not counting digest holds)
  long dead = 0;       // rows marked dead
  long messages = 0;   // messages handed to sinks (a digest is one)
  long cycles = 0;
};

class Dispatcher {
 public:
  // `sinks` are keyed by their spec().id. Does not start anything.
  Dispatcher(boost::asio::io_context& ioc, OutboxStore& store,
             std::vector<std::unique_ptr<Sink>> sinks, DispatcherOptions options,
             const Clock& clock = SystemClock::Instance());
  // Stops, and waits for deliveries in flight (bounded by the sinks' timeouts).
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Begins the delivery loop on the io_context.
  void Start();
  // New rows were committed: look now instead of at the next poll.
  void Poke();
  // Reopens every sink's files (SIGHUP); errors are logged.
  void Reopen();
  // Ends the loop; no new cycle starts. Deliveries in flight finish.
  void Stop();

  DispatcherStats Stats() const;

  struct Core;

 private:
  std::shared_ptr<Core> core_;
};

}  // namespace newsd::alerts
