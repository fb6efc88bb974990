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
inline constexpr int kSchemaVersion = 3;

// How a connection is set up.
struct ConnectionOptions {
  std::string path;
  bool create = false;            // create the file if missing
  bool synchronous_full = false;  // PRAGMA synchronous = FULL (else NORMAL)
  int busy_timeout_ms = 5000;
};

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
