// The outbox seen from the dispatcher: rows of alerts waiting for delivery to
// one sink each. The store (storage/) owns the table and writes rows in the
// same transaction as the article; the daemon adapts it to this interface, so
// alerts/ knows nothing of SQLite.
//
// Thread rules: the dispatcher calls one method at a time (it serialises its
// calls with its own mutex), but not always from the same thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd::alerts {

// One pending delivery: one alert to one sink.
struct OutboxRow {
  std::int64_t id = 0;   // outbox row id
  std::string sink;      // sink id ([[sink]] id)
  std::string alert_id;  // AlertId(watch, article key): receivers drop repeats on it
  std::string watch;     // watch id (for digests)
  std::string payload;   // the alert object of INTERFACES.md §5 as one JSON line,
                         // article included (AlertToJson + ToJsonLine)
  int attempts = 0;      // delivery attempts so far
  TimePoint created{};   // when the row was committed
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Up to `limit` rows that are neither done nor dead and whose next attempt
  // is at or before `now`, oldest first.
  virtual Result<std::vector<OutboxRow>> Due(TimePoint now, int limit) = 0;

  // Delivered: the row is never returned again.
  virtual Status MarkDone(std::int64_t id) = 0;

  // Not delivered this time: count one attempt, keep `error`, and return the
  // row from Due() again at or after `next`.
  virtual Status MarkRetry(std::int64_t id, TimePoint next, const std::string& error) = 0;

  // Given up (permanent error or too old): keep the row with `error` for
  // inspection, never return it again.
  virtual Status MarkDead(std::int64_t id, const std::string& error) = 0;

  // Optional: the Mark* calls between BeginMarks and EndMarks may be written
  // in one transaction (one wait for the store's writer instead of one per
  // row). If EndMarks fails, those marks are lost and the rows stay due:
  // they are delivered again (at-least-once).
  virtual Status BeginMarks() { return OkStatus(); }
  virtual Status EndMarks() { return OkStatus(); }
};

}  // namespace newsd::alerts
