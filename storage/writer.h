// The writer thread: owns the write connection, takes WriteBatches from a
// bounded queue and commits them in groups (internal to storage/; the public
// face is Store).
//
// Grouping: after the first batch arrives the writer keeps taking batches
// until batch_size articles are gathered or batch_interval has passed (and
// takes batches already queued beyond that, up to kBacklogGroupFactor x
// batch_size articles), then commits them in one transaction, as if each
// batch were in its own savepoint (a batch that fails for a non-transient
// reason is rolled back alone and its callback gets the error). Transient
// errors (SQLITE_FULL, SQLITE_BUSY) pause the writer: the whole group is
// retried with backoff until it commits, and Metrics() shows paused = true and
// the error meanwhile.
//
// Thread rules: all public members are thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/sqlite.h"
#include "storage/store.h"

namespace newsd::storage {

// A group takes already-queued batches up to this many times batch_size.
inline constexpr std::int64_t kBacklogGroupFactor = 4;

class Writer {
 public:
  // Takes an open, migrated connection.
  Writer(Db db, const StoreOptions& opts);
  // Commits what is queued (giving up on transient errors), then joins.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // See Store::Submit / TrySubmit.
  Status Submit(WriteBatch& batch, bool block);

  // Runs `fn` on the writer thread after everything queued before it, and
  // returns its result (waiting at most `timeout`). `urgent` tasks run even
  // while the writer is paused on a transient error, ahead of the queue.
  Status RunTask(std::function<Status(Db&)> fn, bool urgent,
                 std::chrono::milliseconds timeout = std::chrono::minutes(5));

  WriterMetrics Metrics() const;

 private:
  struct Task {
    std::function<Status(Db&)> fn;
    std::shared_ptr<std::promise<Status>> done;
  };
  struct Item {
    std::optional<WriteBatch> batch;
    std::optional<Task> task;
  };
  static std::int64_t Weight(const WriteBatch& b);

  void Loop();
  void RunUrgent(std::unique_lock<std::mutex>& lock);
  // Commits `group`; retries transient errors until success or stop.
  void CommitGroup(std::vector<WriteBatch>& group);
  // One attempt at committing `group` in one transaction. With `isolate`
  // false (the fast path) any error fails the whole attempt; with `isolate`
  // true each batch runs in its own savepoint and a batch failing for a
  // reason of its own is rolled back alone (its outcome carries the error).
  Result<std::vector<BatchOutcome>> TryCommit(std::vector<WriteBatch>& group,
                                              std::array<std::int64_t, kDedupLayerCount>& counts,
                                              bool isolate);

  Db db_;
  StoreOptions opts_;
  std::unique_ptr<class ArticleWriter> articles_;

  mutable std::mutex mu_;
  std::condition_variable not_empty_;  // queue or urgent got an item, or stop
  std::condition_variable not_full_;   // queued_ dropped
  std::deque<Item> queue_;
  std::deque<Task> urgent_;
  std::int64_t queued_ = 0;  // articles in queue_
  bool stop_ = false;
  WriterMetrics metrics_;
  std::thread thread_;
};

}  // namespace newsd::storage
