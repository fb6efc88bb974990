// ClusterStore: the PostgreSQL side of cluster mode (docs/CLUSTER.md). Several
// newsd instances share one feed list in `newsd_cluster.feeds`; each leases
// due feeds with SELECT ... FOR UPDATE SKIP LOCKED, polls them and writes the
// feed's new state (schedule, HTTP validators, URL after a 301) back while
// giving the lease up. A lease not renewed before `lease_until` (the instance
// died) lets any other instance take the feed. Stories are deduplicated across
// instances by content hash in `newsd_cluster.stories` (primary key): the
// instance that loses the insert race only adds itself to `story_sources`.
//
// Every call blocks on the network: run them on a dedicated thread.
// Thread rules: one thread at a time (one libpq connection). A call that finds
// the connection broken reconnects once before failing (kIo).
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

// One feed of the shared list, as written at start from the config.
struct ClusterFeed {
  std::string id;
  std::string url;  // the configured URL
  bool enabled = true;
};

// A feed this instance now holds a lease on.
struct LeasedFeed {
  FeedState state;         // as the last instance to poll it left it
  std::string taken_from;  // "" or the instance whose lease had expired
};

// What PushStories did.
struct PushOutcome {
  int new_stories = 0;  // first seen anywhere in the cluster
  int duplicates = 0;   // already stored from another feed or instance
};

class ClusterStore {
 public:
  // Connects to `conninfo` and creates or checks the `newsd_cluster` schema
  // (serialised between instances by an advisory lock). kIo when PostgreSQL
  // cannot be reached, kUnsupported when the schema is newer than this binary.
  static Result<std::unique_ptr<ClusterStore>> Open(const std::string& conninfo);
  ~ClusterStore();
  ClusterStore(const ClusterStore&) = delete;
  ClusterStore& operator=(const ClusterStore&) = delete;

  // Inserts the configured feeds; for existing rows updates `enabled`, and
  // when the configured URL changed resets the stored URL and validators.
  // Schedules and leases of existing feeds are kept.
  Status UpsertFeeds(const std::vector<ClusterFeed>& feeds);

  // Leases at most `limit` due, enabled, non-retired feeds that nobody holds
  // (or whose lease has expired) for `lease` to `instance`, earliest due first.
  Result<std::vector<LeasedFeed>> Lease(const std::string& instance, std::chrono::seconds lease,
                                        int limit);

  // Extends every lease `instance` still holds to now + `lease`. Returns how
  // many leases it holds.
  Result<std::int64_t> Renew(const std::string& instance, std::chrono::seconds lease);

  // Stores a polled feed's new state and gives the lease up. Returns false
  // when `instance` no longer held the lease (it expired and another instance
  // took the feed): the state is then not written.
  Result<bool> Complete(const std::string& instance, const FeedState& state);

  // Gives up the lease on `feed` without a new state; it is due again after
  // `retry_in`.
  Status Release(const std::string& instance, const std::string& feed,
                 std::chrono::seconds retry_in);

  // Gives up every lease of `instance` (clean shutdown). Returns how many.
  Result<std::int64_t> ReleaseAll(const std::string& instance);

  // Records `articles` (with content_hash, sources, title, url set) as
  // carried by `instance`: one `stories` row per content hash cluster-wide,
  // one `story_sources` row per (hash, feed). One transaction; idempotent.
  Result<PushOutcome> PushStories(const std::string& instance,
                                  const std::vector<Article>& articles);

  // "host:port/dbname" for messages.
  std::string target() const;

 private:
  ClusterStore();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
