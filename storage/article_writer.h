// Applies WriteBatches inside the writer's open transaction: deduplication
// layers 1-5, revisions, extractions, feed state, alerts and outbox rows
// (internal to storage/).
//
// Alert ids: Sha256Hex(watch + "\n" + key), where key is the article's
// alert key — "url:" + canonical_url when the first stored version had one,
// else "guid:" + feed + "\n" + guid, else its content_hash — and, for an alert
// raised by revision N > 1 of a watch with realert = on_revision,
// key + "\nrevision " + N.
//
// Thread rules: owned and used by the writer thread only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "storage/sqlite.h"
#include "storage/write_batch.h"

namespace newsd::storage {

// The dedup lookups (public so that tests can EXPLAIN QUERY PLAN them; each
// must be an index search, never a scan).
// Layer 1/2: the feed's item, by (feed, guid) - the table's primary key.
inline constexpr const char* kSourceLookupSql =
    "SELECT article_id, raw_hash FROM article_sources WHERE feed = ? AND guid = ?";
// Layers 2/3: the first article with this canonical URL.
inline constexpr const char* kUrlLookupSql =
    "SELECT id FROM articles WHERE canonical_url = ? AND canonical_url <> '' ORDER BY id LIMIT 1";
// Layer 4: the index holds the last 12 hex digits of the content hash (schema
// v5); the caller compares the full hash of the rows found, which come in id
// order. Not "AND content_hash = ?1": SQLite would substitute the constant
// into the indexed expression and no longer use the index.
inline constexpr const char* kContentHashLookupSql =
    "SELECT id, content_hash FROM articles INDEXED BY articles_content_key "
    "WHERE substr(content_hash, -12) = substr(?1, -12) AND content_hash <> '' ORDER BY id";
// Layer 5: the candidates sharing 16-bit band `band` (0-3), covered by the
// band index (band, simhash, rowid): no table reads.
std::string BandLookupSql(int band);

// The alert key (see above) of a new article.
std::string AlertKeyFor(const Article& a);

class ArticleWriter {
 public:
  ArticleWriter(Db& db, int near_distance, std::chrono::seconds near_window)
      : db_(db), near_distance_(near_distance), near_window_(near_window) {}

  // Writes one batch; the caller holds the transaction (and a savepoint).
  // `now` stamps outbox rows and revisions. Counts layers into `layer_counts`.
  Result<std::vector<ArticleOutcome>> Apply(WriteBatch& batch, TimePoint now,
                                            std::array<std::int64_t, kDedupLayerCount>& counts);

  // Adds `counts` to the persistent dedup_stats table.
  Status SaveCounts(const std::array<std::int64_t, kDedupLayerCount>& counts);

  // Layer 5 lookup alone (public for the benchmark): the root id of the
  // closest stored article within the distance and window, via the band
  // indexes; nullopt when there is none or a.simhash == 0.
  Result<std::optional<std::int64_t>> FindNearDuplicate(const Article& a);

 private:
  struct Existing {
    std::int64_t id = 0;
    std::string title;
    std::string content_hash;
    int revision = 1;
    std::string alert_key;
  };

  Status Prepare();
  Status SaveFeedState(const FeedState& s);
  Result<std::optional<Existing>> LoadExisting(std::int64_t id);
  // The lowest article id with this content hash, 0 when none (or hash "").
  Result<std::int64_t> FindByContentHash(const std::string& hash);
  Result<std::int64_t> InsertArticle(const Article& a, std::optional<std::int64_t> dup_of,
                                     DedupLayer layer, TimePoint now);
  Status ReviseArticle(const Existing& old, const Article& a, TimePoint now);
  Status InsertExtractions(std::int64_t id, const Article& a);
  Status DeleteExtractions(std::int64_t id);
  Status UpsertSource(const Article& a, const std::string& guid_key, std::int64_t article_id,
                      const std::string& raw_hash, DedupLayer layer, TimePoint now);
  Status WriteAlerts(const Article& a, ArticleOutcome& out, const std::string& alert_key,
                     const AlertRouting* routing, TimePoint now);
  Status EnqueueDownstream(const std::vector<std::string>& sinks, const ArticleOutcome& out,
                           TimePoint now);

  Db& db_;
  int near_distance_;
  std::chrono::seconds near_window_;
  bool prepared_ = false;
  Stmt feed_upsert_, source_get_, source_upsert_, source_touch_, by_url_, by_hash_, load_, root_,
      band_[4], fetched_, insert_, revise_, revision_insert_, ent_ins_, quote_ins_, qty_ins_,
      date_ins_, ext_del_[4], alert_has_, alert_ins_, outbox_ins_, downstream_ins_, stats_add_;
};

}  // namespace newsd::storage
