// Outbox: the alert dispatcher's view of the alert_outbox table. Rows are
// written by the Store's writer in the same transaction as their articles;
// the dispatcher fetches due rows and marks each done, retried or dead.
//
// Delivery is at least once: a row stays pending until MarkDone commits, so a
// crash between sending and marking sends it again (receivers drop repeats by
// the alert id).
//
// Thread rules: one thread at a time per Outbox (it has its own connection;
// its small write transactions wait for the Store's writer via busy_timeout
// and never corrupt its batches).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

struct OutboxRow {
  std::int64_t id = 0;   // row id, for the Mark* calls
  std::string alert_id;  // the stable alert id
  std::string sink;      // sink id from the config
  std::string payload;   // the alert object (INTERFACES.md §5), one JSON line
  int attempts = 0;      // failed attempts so far
  TimePoint next_attempt{};
  TimePoint created{};
  std::string last_error;
};

class Outbox {
 public:
  // Opens a connection to the database at `path` (created by Store::Open).
  static Result<std::unique_ptr<Outbox>> Open(const std::string& path, int busy_timeout_ms = 5000);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Pending rows with next_attempt <= now, oldest first, at most `limit`.
  Result<std::vector<OutboxRow>> FetchDue(TimePoint now, int limit);
  // Delivered: the row is kept as 'done' (retention removes it with its article).
  Status MarkDone(std::int64_t id);
  // Failed this time: attempts + 1, try again at `next_attempt`.
  Status MarkRetry(std::int64_t id, TimePoint next_attempt, const std::string& error);
  // Given up (max_age passed, permanent error): state 'dead' with the error.
  Status MarkDead(std::int64_t id, const std::string& error);
  // Begin / commit one write transaction around several Mark* calls (one
  // wait for the Store's writer instead of one per row). Commit rolls back
  // and fails when the commit fails.
  Status Begin();
  Status Commit();
  // Rows pending (due or not).
  Result<std::int64_t> PendingCount();

 private:
  Outbox();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
