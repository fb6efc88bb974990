// QueryDeadline: a time limit for the SQLite work of the current thread.
//
// While a QueryDeadline lives, every SQLite call this thread makes on any
// newsd connection (Store readers, ApiReader, Outbox) stops at `deadline`:
// a running statement is interrupted (checked every few thousand VM steps,
// error kind kTimeout, "interrupted") and a wait for a lock held by another
// connection ends (kTimeout, SQLITE_BUSY) instead of running to the
// connection's busy timeout. The HTTP API sets one per request so a slow
// query or a locked database cannot hold a worker thread past the request's
// deadline. Without one nothing changes.
//
// Thread rules: the deadline belongs to the thread that creates the object;
// nest them freely (the inner one applies until it is destroyed).
#pragma once

#include <chrono>
#include <optional>

namespace newsd {

class QueryDeadline {
 public:
  explicit QueryDeadline(std::chrono::steady_clock::time_point deadline);
  ~QueryDeadline();
  QueryDeadline(const QueryDeadline&) = delete;
  QueryDeadline& operator=(const QueryDeadline&) = delete;

  // The deadline in force on this thread, if any.
  static std::optional<std::chrono::steady_clock::time_point> Current();

 private:
  std::optional<std::chrono::steady_clock::time_point> previous_;
};

}  // namespace newsd
