// DownstreamOutbox: the delivery side of the downstream_outbox table (schema
// v3, see docs/STORAGE.md). The Store's writer adds one row per downstream
// sink for every new, near-duplicate or revised article and for every new
// alert, in the same transaction as the article (WriteBatch::downstream), so
// a crash never loses one. A delivery loop fetches due rows of its sink in
// batches, with the stored article loaded, sends them, and then deletes them
// (MarkDone) or pushes them back (MarkRetry). Delivery is at least once:
// receivers drop repeats by content hash + revision / alert id.
//
// Thread rules: one thread at a time per DownstreamOutbox (own connections;
// its short write transactions wait for the writer via busy_timeout).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

using SysTime = std::chrono::system_clock::time_point;

enum class DownstreamKind { kArticle, kAlert };

// One outbox row.
struct DownstreamRow {
  std::int64_t id = 0;
  std::string sink;
  DownstreamKind kind = DownstreamKind::kArticle;
  std::int64_t article_id = 0;
  int revision = 1;      // the article's revision when the row was written
  std::string alert_id;  // kAlert only
  int attempts = 0;      // failed attempts so far
  std::string last_error;
};

// A row with what it points to, loaded from the store.
struct DownstreamItem {
  DownstreamRow row;
  // False when the article is gone (retention deleted it before delivery):
  // nothing can be sent; callers mark the row done.
  bool found = false;
  // The article as stored now (sources, extractions; revision may be newer than
  // row.revision if it was revised before delivery).
  Article article;
  std::vector<std::string> watches;  // watches that alerted on the article
  std::optional<Alert> alert;        // kAlert: the alert (nullopt if gone)
};

class DownstreamOutbox {
 public:
  // Opens connections to the database at `path` (created by Store::Open).
  static Result<std::unique_ptr<DownstreamOutbox>> Open(const std::string& path,
                                                        int busy_timeout_ms = 5000);
  ~DownstreamOutbox();
  DownstreamOutbox(const DownstreamOutbox&) = delete;
  DownstreamOutbox& operator=(const DownstreamOutbox&) = delete;

  // Rows of `sink` with next_attempt <= now, oldest first, at most `limit`,
  // each with its article loaded.
  Result<std::vector<DownstreamItem>> FetchDue(const std::string& sink, SysTime now, int limit);
  // Delivered: deletes the rows (one transaction).
  Status MarkDone(const std::vector<std::int64_t>& ids);
  // Failed: attempts + 1, last_error, next try at `next` (one transaction).
  Status MarkRetry(const std::vector<std::int64_t>& ids, SysTime next, const std::string& error);
  // Rows of `sink` waiting (due or not).
  Result<std::int64_t> Backlog(const std::string& sink);
  // The earliest next_attempt of `sink`'s rows; nullopt when it has none.
  Result<std::optional<SysTime>> NextDue(const std::string& sink);

 private:
  DownstreamOutbox();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
