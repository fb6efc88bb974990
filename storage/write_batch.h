// What the pipeline hands to the store after one poll, and what it gets back.
//
// A WriteBatch is the unit of atomicity: the feed's new HTTP state, all the
// articles of the poll and the alert outbox rows they cause are committed in
// one SQLite transaction, or none of them is.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

// Which deduplication layer decided what happened to an article.
enum class DedupLayer : int {
  kNone = 0,          // a new article
  kUnchanged = 1,     // same feed + guid + same raw content: nothing new
  kRevision = 2,      // same guid or canonical URL, changed title/text: new revision
  kCanonicalUrl = 3,  // same canonical URL, same content: one more source
  kContentHash = 4,   // same normalised-text hash: one more source
  kNearDuplicate = 5  // SimHash within distance: stored, duplicate_of set
};
inline constexpr int kDedupLayerCount = 6;

// "new", "unchanged", "revision", "canonical_url", "content_hash", "near_duplicate".
const char* DedupLayerName(DedupLayer layer);

// What the store did with one article of a batch.
struct ArticleOutcome {
  DedupLayer layer = DedupLayer::kNone;
  // The id of the stored article this item now is or belongs to: the new row
  // (kNone, kNearDuplicate), the revised row (kRevision) or the existing row
  // that gained a source (kUnchanged, kCanonicalUrl, kContentHash).
  std::int64_t article_id = 0;
  // kNearDuplicate: the article it near-duplicates; else nullopt.
  std::optional<std::int64_t> duplicate_of;
  int revision = 1;                    // the article's revision after this write
  std::vector<std::string> alert_ids;  // alerts created by this article
};

// Where the alerts of one watch go.
struct WatchRoute {
  std::vector<std::string> sinks;    // sink ids ([[watch]] notify)
  bool realert_on_revision = false;  // realert = "on_revision"
};

// Watch id -> route. Watches missing here still get alert rows, but no outbox rows.
using AlertRouting = std::map<std::string, WatchRoute>;

// One item's raw content identity, for dedup layer 1.
struct RawItemKey {
  std::string feed;
  std::string guid;
  std::string raw_hash;  // hash of the item as the feed delivered it
};

// The outcome of a whole batch: one ArticleOutcome per article, in order.
using BatchOutcome = Result<std::vector<ArticleOutcome>>;

struct WriteBatch {
  // The feed's state after this poll; nullopt to leave it as it is.
  std::optional<FeedState> feed_state;
  // The articles of the poll, after the pipeline. Article::feed, guid,
  // canonical_url, content_hash, simhash, fetched and matches are used for
  // deduplication and alerts; Article::html is not stored.
  std::vector<Article> articles;
  // raw_hashes[i] is the raw-content hash of articles[i] (layer 1 key); may be
  // empty (then "" is stored and layer 1 never matches that item).
  std::vector<std::string> raw_hashes;
  // Routing of Article::matches to sinks; null = alert rows, no outbox rows.
  std::shared_ptr<const AlertRouting> routing;
  // Downstream sink ids ([[sink]] postgres / nats): every new, near-duplicate
  // or revised article and every new alert of this batch gets one
  // downstream_outbox row per sink, in the same transaction. Null = none.
  std::shared_ptr<const std::vector<std::string>> downstream;
  // Called on the writer thread after the transaction committed (or failed
  // for good). Must be quick and must not call back into the Store's writer
  // (Submit/Flush) — hand the result to your own thread instead.
  std::function<void(const BatchOutcome&)> done;
};

}  // namespace newsd
