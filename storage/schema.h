// The newsd database schema and its migrations (internal to storage/).
//
// The schema version lives in `PRAGMA user_version`. Migrations run in order,
// each in one transaction together with its user_version bump, so a crash
// leaves the database at the old or the new version, never between. A file
// whose version is newer than kSchemaVersion is refused (kUnsupported).
#pragma once

#include <string>

#include "core/result.h"
#include "storage/sqlite.h"

namespace newsd::storage {

// The schema version this binary writes.
inline constexpr int kSchemaVersion = 5;

// How a connection is set up.
struct ConnectionOptions {
  std::string path;
  bool create = false;            // create the file if missing
  bool synchronous_full = false;  // PRAGMA synchronous = FULL (else NORMAL)
  int busy_timeout_ms = 5000;
  // Page cache of this connection in KiB (0 = SQLite's default, 2 MiB). The
  // writer uses more: its indexes take random inserts.
  int cache_size_kib = 0;
  // WAL pages before an automatic checkpoint (0 = SQLite's default, 1000).
  // Larger = fewer checkpoints, each copying hot pages back only once.
  int wal_autocheckpoint = 0;
  // Page size of a new file in bytes (0 = SQLite's default, 4096); has no
  // effect on an existing database.
  int page_size = 0;
};

// The writer connection's settings (Store::Open): 64 MiB of page cache, a
// checkpoint every 4096 WAL pages (64 MiB), and 16 KiB pages for a new file
// (a ~5 KB article fits in its leaf page instead of spilling to overflow
// pages). Measured in docs/BENCHMARKS.md ("Storage and deduplication").
inline constexpr int kWriterCacheKib = 65536;
inline constexpr int kWriterWalAutocheckpoint = 4096;
inline constexpr int kWriterPageSize = 16384;

// Opens a connection in WAL mode with foreign keys off, the busy timeout and
// the synchronous mode set. Does not migrate. Returns an Error naming the path.
Result<Db> OpenConnection(const ConnectionOptions& opt);

// Brings `db` to kSchemaVersion, creating the tables on a fresh file.
// Returns kUnsupported (with both versions and the path in the message) when
// the file is newer than this binary, or the SQLite error of the failed step.
Status Migrate(Db& db);

// Makes the FTS index follow `fts_enabled`: when on, installs the triggers and
// rebuilds the index if it had been off; when off, drops the triggers and
// empties the index. Cheap when nothing changes.
Status ApplyFtsSetting(Db& db, bool fts_enabled);

}  // namespace newsd::storage
