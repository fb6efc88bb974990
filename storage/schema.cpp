#include "storage/schema.h"

#include <array>
#include <string>

namespace newsd::storage {
namespace {

// Version 1: feeds, articles and everything hanging off an article.
constexpr const char* kV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE feeds(
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_errors INTEGER NOT NULL DEFAULT 0,
  last_poll INTEGER, last_success INTEGER, next_poll INTEGER,
  retired INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  feed TEXT NOT NULL,
  url TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  guid TEXT NOT NULL,
  title TEXT NOT NULL,
  author TEXT,
  published INTEGER,
  updated INTEGER,
  fetched INTEGER NOT NULL,
  site_name TEXT NOT NULL,
  categories TEXT NOT NULL,
  feed_tags TEXT NOT NULL,
  declared_language TEXT,
  html_is_full_page INTEGER NOT NULL,
  text TEXT NOT NULL,
  lang TEXT NOT NULL,
  lang_reliable INTEGER NOT NULL,
  sentences BLOB,
  content_hash TEXT NOT NULL,
  simhash INTEGER NOT NULL,
  sh0 INTEGER NOT NULL, sh1 INTEGER NOT NULL, sh2 INTEGER NOT NULL, sh3 INTEGER NOT NULL,
  duplicate_of INTEGER,
  dedup_layer INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 1,
  alert_key TEXT NOT NULL,
  stored_at INTEGER NOT NULL
);
CREATE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url <> '';
CREATE INDEX articles_content_hash ON articles(content_hash) WHERE content_hash <> '';
CREATE INDEX articles_fetched ON articles(fetched);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_sh0 ON articles(sh0, simhash, fetched);
CREATE INDEX articles_sh1 ON articles(sh1, simhash, fetched);
CREATE INDEX articles_sh2 ON articles(sh2, simhash, fetched);
CREATE INDEX articles_sh3 ON articles(sh3, simhash, fetched);
CREATE TABLE article_sources(
  feed TEXT NOT NULL,
  guid TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  raw_hash TEXT NOT NULL,
  layer INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY(feed, guid)
) WITHOUT ROWID;
CREATE INDEX article_sources_article ON article_sources(article_id);
CREATE TABLE revisions(
  article_id INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  replaced_at INTEGER NOT NULL,
  PRIMARY KEY(article_id, revision)
) WITHOUT ROWID;
CREATE TABLE entities(
  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, type INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  canonical TEXT NOT NULL,
  PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE TABLE quotes(
  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, speaker TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE TABLE quantities(
  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, approx INTEGER NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE TABLE dates(
  article_id INTEGER NOT NULL, idx INTEGER NOT NULL,
  text TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  PRIMARY KEY(article_id, idx)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO meta(key, value) VALUES('fts', 'off');
)sql";

// Version 2: alerts, their outbox and persistent dedup counters.
constexpr const char* kV2 = R"sql(
CREATE TABLE alerts(
  id TEXT PRIMARY KEY,
  watch TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  created INTEGER NOT NULL,
  score REAL NOT NULL,
  matched TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX alerts_article ON alerts(article_id, watch);
CREATE TABLE alert_outbox(
  id INTEGER PRIMARY KEY,
  alert_id TEXT NOT NULL,
  sink TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK(state IN ('pending', 'done', 'dead')),
  last_error TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  UNIQUE(alert_id, sink)
);
CREATE INDEX alert_outbox_due ON alert_outbox(next_attempt) WHERE state = 'pending';
CREATE TABLE dedup_stats(layer INTEGER PRIMARY KEY, count INTEGER NOT NULL);
)sql";

// Version 3: the config URL a feed's stored (possibly 301-moved) URL came from.
constexpr const char* kV3 = R"sql(
ALTER TABLE feeds ADD COLUMN config_url TEXT NOT NULL DEFAULT '';
)sql";

// Version 4: the downstream outbox. One row per (downstream sink, new or
// revised article) and per (downstream sink, alert), written by the writer in
// the article's transaction; the payload is built from the stored article at
// delivery time, so a row is only a pointer. Delivered rows are deleted.
// next_attempt is in unix milliseconds (sub-second backoff).
constexpr const char* kV4 = R"sql(
CREATE TABLE downstream_outbox(
  id INTEGER PRIMARY KEY,
  sink TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('article', 'alert')),
  article_id INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  alert_id TEXT NOT NULL DEFAULT '',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  UNIQUE(sink, kind, article_id, revision, alert_id)
);
CREATE INDEX downstream_outbox_due ON downstream_outbox(sink, next_attempt);
CREATE INDEX downstream_outbox_article ON downstream_outbox(article_id);
)sql";

// Version 5: smaller random-key indexes (store throughput, issue #5). Every
// commit rewrites nearly every leaf page of an index whose keys arrive in
// random order, so their size is what a commit costs at 100k+ articles.
// - The content hash ("sha256:" + 64 hex) is indexed by its last 12 hex digits
//   (48 bits) instead of all 71 characters; the lookup compares the full hash
//   of the (rare) matching rows. The stored value is unchanged.
// - The SimHash band indexes drop `fetched`: (band, simhash) still finds and
//   checks candidates without table reads; the time window is checked on the
//   table only for candidates within the Hamming distance.
// IF EXISTS: a file taken back to an older version by hand (tests) may
// already have the version-5 indexes.
constexpr const char* kV5 = R"sql(
DROP INDEX IF EXISTS articles_content_hash;
DROP INDEX IF EXISTS articles_content_key;
CREATE INDEX articles_content_key ON articles(substr(content_hash, -12)) WHERE content_hash <> '';
DROP INDEX IF EXISTS articles_sh0;
DROP INDEX IF EXISTS articles_sh1;
DROP INDEX IF EXISTS articles_sh2;
DROP INDEX IF EXISTS articles_sh3;
CREATE INDEX articles_sh0 ON articles(sh0, simhash);
CREATE INDEX articles_sh1 ON articles(sh1, simhash);
CREATE INDEX articles_sh2 ON articles(sh2, simhash);
CREATE INDEX articles_sh3 ON articles(sh3, simhash);
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations = {kV1, kV2, kV3, kV4, kV5};

constexpr const char* kFtsTriggers = R"sql(
CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
)sql";

}  // namespace

Result<Db> OpenConnection(const ConnectionOptions& opt) {
  auto db = Db::Open(opt.path, opt.create, opt.busy_timeout_ms);
  if (!db) return db;
  if (opt.page_size > 0) {
    if (auto st = db->Exec("PRAGMA page_size = " + std::to_string(opt.page_size)); !st) {
      return Fail(st.error());
    }
  }
  // auto_vacuum only takes effect on a file without tables; harmless otherwise.
  if (auto st = db->Exec("PRAGMA auto_vacuum = INCREMENTAL"); !st) return Fail(st.error());
  auto mode = db->Prepare("PRAGMA journal_mode = WAL");
  if (!mode) return Fail(mode.error());
  auto row = mode->Step();
  if (!row) return Fail(row.error());
  if (!*row || mode->TextView(0) != "wal") {
    return Fail(ErrorKind::kIo, opt.path + ": cannot switch to WAL journal mode (got '" +
                                    std::string(*row ? mode->TextView(0) : "") + "')");
  }
  mode->Reset();
  const char* sync =
      opt.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
  if (auto st = db->Exec(sync); !st) return Fail(st.error());
  std::string tuning;
  if (opt.cache_size_kib > 0) {
    tuning += "PRAGMA cache_size = -" + std::to_string(opt.cache_size_kib) + ";";
  }
  if (opt.wal_autocheckpoint > 0) {
    tuning += "PRAGMA wal_autocheckpoint = " + std::to_string(opt.wal_autocheckpoint) + ";";
  }
  if (!tuning.empty()) {
    if (auto st = db->Exec(tuning); !st) return Fail(st.error());
  }
  if (auto st = db->Exec("PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY"); !st) {
    return Fail(st.error());
  }
  return db;
}

Status Migrate(Db& db) {
  auto current = db.QueryInt("PRAGMA user_version");
  if (!current) return Fail(current.error());
  if (*current > kSchemaVersion) {
    return Fail(ErrorKind::kUnsupported,
                db.path() + ": database schema version " + std::to_string(*current) +
                    " is newer than this newsd supports (" + std::to_string(kSchemaVersion) +
                    "); upgrade newsd or point state_dir elsewhere");
  }
  for (std::int64_t v = *current + 1; v <= kSchemaVersion; ++v) {
    auto txn = Txn::Begin(db);
    if (!txn) return Fail(txn.error().Wrap("migration " + std::to_string(v)));
    // Re-check under the write lock: another process may have migrated.
    auto now = db.QueryInt("PRAGMA user_version");
    if (!now) return Fail(now.error());
    if (*now >= v) continue;
    if (auto st = db.Exec(kMigrations[static_cast<std::size_t>(v - 1)]); !st) {
      return Fail(st.error().Wrap("migration " + std::to_string(v)));
    }
    if (auto st = db.Exec("PRAGMA user_version = " + std::to_string(v)); !st) {
      return Fail(st.error());
    }
    if (auto st = txn->Commit(); !st)
      return Fail(st.error().Wrap("migration " + std::to_string(v)));
  }
  return OkStatus();
}

Status ApplyFtsSetting(Db& db, bool fts_enabled) {
  auto txn = Txn::Begin(db);
  if (!txn) return Fail(txn.error());
  auto get = db.Prepare("SELECT value FROM meta WHERE key = 'fts'");
  if (!get) return Fail(get.error());
  auto row = get->Step();
  if (!row) return Fail(row.error());
  const bool was_on = *row && get->TextView(0) == "on";
  get->Reset();
  if (fts_enabled) {
    if (auto st = db.Exec(kFtsTriggers); !st) return st;
    if (!was_on) {
      if (auto st = db.Exec("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')"); !st) {
        return st;
      }
    }
  } else {
    if (auto st = db.Exec("DROP TRIGGER IF EXISTS articles_fts_ai;"
                          "DROP TRIGGER IF EXISTS articles_fts_ad;"
                          "DROP TRIGGER IF EXISTS articles_fts_au;");
        !st) {
      return st;
    }
    if (was_on) {
      if (auto st = db.Exec("INSERT INTO articles_fts(articles_fts) VALUES('delete-all')"); !st) {
        return st;
      }
    }
  }
  auto set = db.Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('fts', ?)");
  if (!set) return Fail(set.error());
  if (auto st = set->Bind(1, std::string_view(fts_enabled ? "on" : "off")).Run(); !st) return st;
  return txn->Commit();
}

}  // namespace newsd::storage
