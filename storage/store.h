// Store: the SQLite database of newsd (`<state_dir>/newsd.db`) and its single
// writer thread.
//
//   auto store = Store::Open(opts);             // migrates, starts the writer
//   (*store)->Submit(std::move(batch));        // blocks while the queue is full
//   auto reader = (*store)->NewReader();       // one per reading thread
//
// Thread rules: Submit, TrySubmit, Flush, RunRetention, SetMaxPageCount and
// Metrics may be called from any thread. Callbacks (WriteBatch::done) run on
// the writer thread. Destroying the Store commits what is queued, then stops
// the writer (batches still failing with a transient error get that error).
//
// Durability: synchronous = NORMAL (default) in WAL mode survives a process
// crash with everything committed; FULL also survives power loss.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/model.h"
#include "core/result.h"
#include "storage/write_batch.h"

namespace newsd {

class StoreReader;
class Outbox;

namespace storage {
class Writer;
}

struct StoreOptions {
  std::string path;  // the database file, e.g. state_dir + "/newsd.db"
  bool fts = true;   // maintain the full-text index
  bool synchronous_full = false;
  int near_duplicate_distance = 3;  // Hamming distance; exact for <= 3
  std::chrono::seconds near_duplicate_window{7 * 86400};
  int batch_size = 500;                           // articles per transaction (at least)
  std::chrono::milliseconds batch_interval{100};  // longest wait to fill one
  int queue_capacity = 4096;                      // articles waiting; Submit blocks beyond it
  int busy_timeout_ms = 5000;
  std::int64_t max_page_count = 0;  // 0 = SQLite's default (tests: disk full)
};

// Counters for `newsd stats` and metrics; a snapshot.
struct WriterMetrics {
  std::int64_t batches_committed = 0;
  std::int64_t transactions = 0;
  std::int64_t articles_written = 0;
  std::array<std::int64_t, kDedupLayerCount> by_layer{};  // this process only
  std::int64_t queued_articles = 0;
  // Per committed transaction: commit latency (first attempt to COMMIT done,
  // seconds) and articles written, as per-bucket (not cumulative) counts
  // over the upper bounds below; the last slot is +Inf.
  static constexpr std::array<double, 8> kCommitSecondsBounds{0.001, 0.005, 0.01, 0.025,
                                                              0.05,  0.1,   0.5,  2.0};
  static constexpr std::array<double, 7> kTransactionArticlesBounds{1,   10,   50,  100,
                                                                    500, 1000, 5000};
  std::array<std::int64_t, kCommitSecondsBounds.size() + 1> commit_seconds_buckets{};
  double commit_seconds_sum = 0;
  std::array<std::int64_t, kTransactionArticlesBounds.size() + 1> transaction_articles_buckets{};
  bool paused = false;     // a transient error (disk full, busy) stops writes
  std::string last_error;  // "" when the last transaction committed
};

// What a retention pass did.
struct RetentionReport {
  std::int64_t articles_deleted = 0;
  std::int64_t pages_freed = 0;
};

class Store {
 public:
  // Opens or creates the database, migrates it, applies the FTS setting and
  // starts the writer thread. Fails (naming the path) when the file cannot be
  // opened, is newer than this binary (kUnsupported) or a migration fails.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& opts);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Queues a batch; blocks while the queue holds queue_capacity articles or
  // more (back-pressure). Fails (kInternal) only when the store is closing;
  // then `done` is not called.
  Status Submit(WriteBatch batch);

  // Like Submit but never blocks: kResourceExhausted when the queue is full
  // (the batch is handed back untouched in that case through `batch`).
  Status TrySubmit(WriteBatch& batch);

  // Waits until everything submitted before this call is committed (or
  // failed for good). Returns the error of a paused writer after `timeout`.
  Status Flush(std::chrono::milliseconds timeout = std::chrono::minutes(5));

  // Deletes articles fetched before `cutoff` with all their rows (sources,
  // revisions, extractions, alerts and outbox rows), 500 per transaction on
  // the writer thread so ingestion continues in between, then frees pages
  // with an incremental vacuum.
  Result<RetentionReport> RunRetention(TimePoint cutoff);

  // Test seam for "disk full": sets PRAGMA max_page_count on the writer's
  // connection (0 restores a very large limit). Returns the limit now in force.
  Result<std::int64_t> SetMaxPageCount(std::int64_t pages);

  WriterMetrics Metrics() const;

  // A new read connection (one thread at a time per reader).
  Result<std::unique_ptr<StoreReader>> NewReader() const;
  // A new outbox connection for the alert dispatcher.
  Result<std::unique_ptr<Outbox>> NewOutbox() const;

  const StoreOptions& options() const { return opts_; }

 private:
  explicit Store(StoreOptions opts);
  StoreOptions opts_;
  std::unique_ptr<storage::Writer> writer_;
};

}  // namespace newsd
