// StoreReader: read access to the newsd database for the pipeline's layer-1
// check, the CLI (search, export, stats) and the HTTP API.
//
// Each reader has its own SQLite connection; in WAL mode readers never block
// the writer and the writer never blocks them (a long read only keeps the WAL
// from being checkpointed past its snapshot).
//
// Thread rules: one thread at a time per StoreReader; open one per thread.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "storage/write_batch.h"

namespace newsd {

namespace storage {
class Db;
}

struct SearchQuery {
  std::string query;               // FTS5 query syntax ("drills NEAR border", "iran*")
  std::optional<TimePoint> since;  // fetched at or after
  std::string feed;                // "" = any; else articles carried by this feed
  std::string lang;                // "" = any
  int limit = 20;                  // 1..1000
  std::string cursor;              // "" = first page; else SearchPage::next_cursor
};

struct SearchHit {
  std::int64_t id = 0;
  std::string feed;
  std::string title;
  std::string url;
  std::string lang;
  std::optional<TimePoint> published;
  TimePoint fetched{};
  std::optional<std::int64_t> duplicate_of;
  std::string snippet;  // text around the match, matches in [brackets]
  double rank = 0;      // bm25: lower is better
};

struct SearchPage {
  std::vector<SearchHit> hits;  // best first
  std::string next_cursor;      // "" when there is nothing more
};

struct ExportFilter {
  std::optional<TimePoint> since;  // fetched >= since
  std::optional<TimePoint> until;  // fetched < until
  std::string feed;                // "" = all; else carried by this feed
};

// An earlier version of an article, kept when it was revised.
struct ArticleRevision {
  int revision = 1;
  std::string title;
  std::string text;
  std::string content_hash;
  TimePoint replaced_at{};
};

// Which feed item carried an article, and which dedup layer linked it.
struct ArticleSource {
  std::string feed;
  std::string guid;
  DedupLayer layer = DedupLayer::kNone;
  TimePoint first_seen{};
  TimePoint last_seen{};
};

struct StoredArticle {
  Article article;  // with sources, extractions and matches (from its alerts)
  std::vector<ArticleRevision> revisions;  // oldest first
  std::vector<ArticleSource> source_items;
  std::vector<Alert> alerts;
};

struct FeedCount {
  std::string feed;
  std::int64_t articles = 0;  // articles first stored from this feed
  std::int64_t items = 0;     // items of this feed linked to any article
};

struct StoreStats {
  std::int64_t articles = 0;
  std::int64_t near_duplicates = 0;  // articles with duplicate_of set
  std::int64_t revisions = 0;        // kept earlier versions
  std::int64_t alerts = 0;
  std::int64_t outbox_pending = 0;
  std::int64_t outbox_dead = 0;
  std::array<std::int64_t, kDedupLayerCount> by_layer{};  // all time
  std::vector<FeedCount> feeds;
  std::optional<TimePoint> oldest, newest;  // fetched
  std::int64_t db_bytes = 0;                // main file (page_count * page_size)
  std::int64_t wal_bytes = 0;               // the -wal file
  std::int64_t free_pages = 0;
};

class StoreReader {
 public:
  // Opens `path` (which must exist and have this binary's schema version:
  // kNotFound / kUnsupported otherwise, with a message naming the path).
  static Result<std::unique_ptr<StoreReader>> Open(const std::string& path,
                                                   int busy_timeout_ms = 5000);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // Dedup layer 1, before the pipeline: true when `feed` already delivered
  // `guid` with exactly this raw-content hash. `guid` is the key the article
  // will carry: Article::guid, or its url when the guid is empty.
  Result<bool> IsUnchanged(const std::string& feed, const std::string& guid,
                           const std::string& raw_hash);
  // The same for many items (one read transaction); result[i] for keys[i].
  Result<std::vector<bool>> AreUnchanged(const std::vector<RawItemKey>& keys);

  // Full-text search, ranked by bm25 (title weighted 3x). kInvalidArgument
  // for a malformed FTS5 query; kUnsupported when FTS is switched off.
  Result<SearchPage> Search(const SearchQuery& q);

  // Calls `sink` for every matching article, oldest first (by fetched, id),
  // in constant memory, inside one read snapshot. Stops at the first error
  // from `sink` and returns it.
  Status Export(const ExportFilter& f, const std::function<Status(const Article&)>& sink);

  // One article with revisions, source items and alerts; nullopt if absent.
  Result<std::optional<StoredArticle>> GetArticle(std::int64_t id);

  // Saved HTTP/error state of every feed (by id), or one feed.
  Result<std::vector<FeedState>> FeedStates();
  Result<std::optional<FeedState>> GetFeedState(const std::string& feed);

  Result<StoreStats> Stats();

  // PRAGMA integrity_check plus the FTS5 index check against the articles
  // table. OkStatus when both pass; kCorruption with SQLite's report otherwise.
  Status CheckIntegrity();

 private:
  StoreReader();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
