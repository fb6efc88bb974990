// Store::RunRetention: deletes old articles in small transactions on the
// writer thread, then returns free pages to the file system.
#include <memory>

#include "storage/codec.h"
#include "storage/store.h"
#include "storage/writer.h"

namespace newsd {
namespace {

constexpr int kChunk = 500;

constexpr const char* kDeleteChildren = R"sql(
DELETE FROM entities WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM quotes WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM quantities WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM dates WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM revisions WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM article_sources WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM alert_outbox WHERE alert_id IN
  (SELECT id FROM alerts WHERE article_id IN (SELECT id FROM temp.doomed));
DELETE FROM alerts WHERE article_id IN (SELECT id FROM temp.doomed);
DELETE FROM downstream_outbox WHERE article_id IN (SELECT id FROM temp.doomed);
UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IN (SELECT id FROM temp.doomed);
DELETE FROM articles WHERE id IN (SELECT id FROM temp.doomed);
DELETE FROM temp.doomed;
)sql";

// One chunk: returns how many articles it deleted.
Result<std::int64_t> DeleteChunk(storage::Db& db, TimePoint cutoff) {
  if (auto st = db.Exec("CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY)"); !st) {
    return Fail(st.error());
  }
  auto txn = storage::Txn::Begin(db, "BEGIN IMMEDIATE");
  if (!txn) return Fail(txn.error());
  auto pick = db.Prepare(
      "INSERT INTO temp.doomed(id) SELECT id FROM articles WHERE fetched < ? "
      "ORDER BY fetched LIMIT ?");
  if (!pick) return Fail(pick.error());
  if (auto st = pick->Bind(1, storage::ToUnix(cutoff)).Bind(2, kChunk).Run(); !st) {
    return Fail(st.error());
  }
  const std::int64_t n = db.Changes();
  if (n > 0) {
    if (auto st = db.Exec(kDeleteChildren); !st) return Fail(st.error());
  }
  if (auto st = txn->Commit(); !st) return Fail(st.error());
  return n;
}

}  // namespace

Result<RetentionReport> Store::RunRetention(TimePoint cutoff) {
  RetentionReport report;
  while (true) {
    auto n = std::make_shared<std::int64_t>(0);
    auto st = writer_->RunTask(
        [cutoff, n](storage::Db& db) -> Status {
          auto r = DeleteChunk(db, cutoff);
          if (!r) return Fail(r.error().Wrap("retention"));
          *n = *r;
          return OkStatus();
        },
        false);
    if (!st) return Fail(st.error());
    report.articles_deleted += *n;
    if (*n < kChunk) break;
  }
  auto freed = std::make_shared<std::int64_t>(0);
  auto st = writer_->RunTask(
      [freed](storage::Db& db) -> Status {
        auto before = db.QueryInt("PRAGMA freelist_count");
        if (!before) return Fail(before.error());
        if (auto s = db.Exec("PRAGMA incremental_vacuum"); !s) return s;
        auto after = db.QueryInt("PRAGMA freelist_count");
        if (!after) return Fail(after.error());
        *freed = *before - *after;
        return OkStatus();
      },
      false);
  if (!st) return Fail(st.error());
  report.pages_freed = *freed;
  return report;
}

}  // namespace newsd
