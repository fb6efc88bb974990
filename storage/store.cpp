#include "storage/store.h"

#include "storage/outbox.h"
#include "storage/reader.h"
#include "storage/schema.h"
#include "storage/writer.h"

namespace newsd {

const char* DedupLayerName(DedupLayer layer) {
  switch (layer) {
    case DedupLayer::kNone:
      return "new";
    case DedupLayer::kUnchanged:
      return "unchanged";
    case DedupLayer::kRevision:
      return "revision";
    case DedupLayer::kCanonicalUrl:
      return "canonical_url";
    case DedupLayer::kContentHash:
      return "content_hash";
    case DedupLayer::kNearDuplicate:
      return "near_duplicate";
  }
  return "?";
}

Store::Store(StoreOptions opts) : opts_(std::move(opts)) {}

Store::~Store() { writer_.reset(); }

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& opts) {
  storage::ConnectionOptions co;
  co.path = opts.path;
  co.create = true;
  co.synchronous_full = opts.synchronous_full;
  co.busy_timeout_ms = opts.busy_timeout_ms;
  co.cache_size_kib = storage::kWriterCacheKib;
  co.wal_autocheckpoint = storage::kWriterWalAutocheckpoint;
  co.page_size = storage::kWriterPageSize;
  auto db = storage::OpenConnection(co);
  if (!db) return Fail(db.error());
  if (auto st = storage::Migrate(*db); !st) return Fail(st.error());
  if (auto st = storage::ApplyFtsSetting(*db, opts.fts); !st) return Fail(st.error());
  if (opts.max_page_count > 0) {
    auto r = db->QueryInt("PRAGMA max_page_count = " + std::to_string(opts.max_page_count));
    if (!r) return Fail(r.error());
  }
  std::unique_ptr<Store> s(new Store(opts));
  s->writer_ = std::make_unique<storage::Writer>(std::move(*db), s->opts_);
  return s;
}

Status Store::Submit(WriteBatch batch) { return writer_->Submit(batch, true); }

Status Store::TrySubmit(WriteBatch& batch) { return writer_->Submit(batch, false); }

Status Store::Flush(std::chrono::milliseconds timeout) {
  return writer_->RunTask([](storage::Db&) { return OkStatus(); }, false, timeout);
}

Result<std::int64_t> Store::SetMaxPageCount(std::int64_t pages) {
  auto result = std::make_shared<std::int64_t>(0);
  auto st = writer_->RunTask(
      [pages, result](storage::Db& db) -> Status {
        const std::int64_t n = pages > 0 ? pages : 0xfffffffe;
        auto r = db.QueryInt("PRAGMA max_page_count = " + std::to_string(n));
        if (!r) return Fail(r.error());
        *result = *r;
        return OkStatus();
      },
      true);
  if (!st) return Fail(st.error());
  return *result;
}

WriterMetrics Store::Metrics() const { return writer_->Metrics(); }

Result<std::unique_ptr<StoreReader>> Store::NewReader() const {
  return StoreReader::Open(opts_.path, opts_.busy_timeout_ms);
}

Result<std::unique_ptr<Outbox>> Store::NewOutbox() const {
  return Outbox::Open(opts_.path, opts_.busy_timeout_ms);
}

}  // namespace newsd
