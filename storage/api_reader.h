// ApiReader: the queries of the HTTP API and the live stream that the CLI's
// StoreReader does not need: keyset-paginated article and alert listings
// with filters, articles after an id (SSE resume), and the per-sink outbox
// counts for metrics.
//
// Each ApiReader has its own SQLite connection (WAL: never blocks the writer).
// Thread rules: one thread at a time per ApiReader; open one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

struct ArticleListQuery {
  std::string q;                   // FTS5 query; "" = no text condition
  std::optional<TimePoint> since;  // fetched >= since
  std::optional<TimePoint> until;  // fetched < until
  std::string feed;                // "" = any; else carried by this feed
  std::string lang;                // "" = any
  std::string entity;              // "" = any; else an entity with this text or canonical name
  int limit = 50;                  // 1..1000
  // Newest first: only ids below `before_id` (0 = no bound). Oldest first
  // (ascending): only ids above `after_id`.
  bool ascending = false;
  std::int64_t before_id = 0;
  std::int64_t after_id = 0;
};

struct ArticleList {
  std::vector<Article> articles;  // with sources, extractions and matches
  bool more = false;              // another page exists
};

struct AlertListQuery {
  std::optional<TimePoint> since;  // created >= since
  std::string watch;               // "" = any
  std::int64_t article_id = 0;     // 0 = any
  int limit = 50;                  // 1..1000
  // Keyset cursor: alerts after (created, id), oldest first.
  std::optional<TimePoint> after_created;
  std::string after_id;
};

struct AlertWithArticle {
  Alert alert;
  std::optional<Article> article;  // nullopt if retention removed it
};

struct AlertList {
  std::vector<AlertWithArticle> alerts;
  bool more = false;
};

// Outbox rows of one sink by state (pending rows with attempts > 0 are "retrying").
struct SinkOutboxCounts {
  std::string sink;
  std::int64_t pending = 0, retrying = 0, done = 0, dead = 0;
};

class ApiReader {
 public:
  // Opens `path` read-only-in-practice (it must exist). Error names the path.
  static Result<std::unique_ptr<ApiReader>> Open(const std::string& path,
                                                 int busy_timeout_ms = 5000);
  ~ApiReader();
  ApiReader(const ApiReader&) = delete;
  ApiReader& operator=(const ApiReader&) = delete;

  // Articles matching `q`, one read snapshot. kInvalidArgument for a bad
  // FTS5 query, kUnsupported when q is set and FTS is off.
  Result<ArticleList> ListArticles(const ArticleListQuery& q);
  Result<AlertList> ListAlerts(const AlertListQuery& q);
  // Alerts of one article (oldest first), without the article.
  Result<std::vector<Alert>> AlertsOf(std::int64_t article_id);
  // Alerts created at or after `since` on articles with id <= max_article_id,
  // oldest first by (created, id), at most `limit` (the live stream's alerts
  // raised by revisions of articles it already sent).
  Result<std::vector<Alert>> AlertsSince(TimePoint since, std::int64_t max_article_id, int limit);
  // When article `id` was last stored (new or revised), nullopt if absent.
  Result<std::optional<TimePoint>> ArticleStoredAt(std::int64_t id);
  // The highest article id (0 for an empty store).
  Result<std::int64_t> MaxArticleId();
  Result<std::vector<SinkOutboxCounts>> OutboxBySink();
  // Feeds whose last poll failed (consecutive_errors > 0).
  Result<std::int64_t> FeedsInError();
  // Runs a write probe (BEGIN IMMEDIATE; ROLLBACK) to check the file is writable.
  Status ProbeWritable();

 private:
  ApiReader();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
