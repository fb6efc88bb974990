#include "storage/writer.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "storage/article_writer.h"

namespace newsd::storage {

Writer::Writer(Db db, const StoreOptions& opts)
    : db_(std::move(db)),
      opts_(opts),
      articles_(std::make_unique<ArticleWriter>(db_, opts.near_duplicate_distance,
                                                opts.near_duplicate_window)) {
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  not_empty_.notify_all();
  not_full_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::int64_t Writer::Weight(const WriteBatch& b) {
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(b.articles.size()));
}

Status Writer::Submit(WriteBatch& batch, bool block) {
  const std::int64_t w = Weight(batch);
  {
    std::unique_lock lock(mu_);
    auto has_room = [&] { return stop_ || queued_ == 0 || queued_ + w <= opts_.queue_capacity; };
    if (!has_room()) {
      if (!block) {
        return Fail(ErrorKind::kResourceExhausted,
                    opts_.path + ": write queue full (" + std::to_string(queued_) + " articles)");
      }
      not_full_.wait(lock, has_room);
    }
    if (stop_) return Fail(ErrorKind::kInternal, opts_.path + ": store is closing");
    queued_ += w;
    metrics_.queued_articles = queued_;
    queue_.push_back(Item{std::move(batch), std::nullopt});
  }
  not_empty_.notify_one();
  return OkStatus();
}

Status Writer::RunTask(std::function<Status(Db&)> fn, bool urgent,
                       std::chrono::milliseconds timeout) {
  auto done = std::make_shared<std::promise<Status>>();
  auto fut = done->get_future();
  {
    std::lock_guard lock(mu_);
    if (stop_) return Fail(ErrorKind::kInternal, opts_.path + ": store is closing");
    Task t{std::move(fn), done};
    if (urgent) {
      urgent_.push_back(std::move(t));
    } else {
      queue_.push_back(Item{std::nullopt, std::move(t)});
    }
  }
  not_empty_.notify_one();
  if (fut.wait_for(timeout) != std::future_status::ready) {
    std::lock_guard lock(mu_);
    return Fail(ErrorKind::kTimeout,
                opts_.path + ": writer did not finish in time" +
                    (metrics_.last_error.empty() ? std::string()
                                                 : " (last error: " + metrics_.last_error + ")"));
  }
  return fut.get();
}

WriterMetrics Writer::Metrics() const {
  std::lock_guard lock(mu_);
  return metrics_;
}

void Writer::RunUrgent(std::unique_lock<std::mutex>& lock) {
  while (!urgent_.empty()) {
    Task t = std::move(urgent_.front());
    urgent_.pop_front();
    lock.unlock();
    t.done->set_value(t.fn(db_));
    lock.lock();
  }
}

void Writer::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    not_empty_.wait(lock, [&] { return stop_ || !queue_.empty() || !urgent_.empty(); });
    RunUrgent(lock);
    if (queue_.empty()) {
      if (stop_) break;
      continue;
    }
    if (queue_.front().task) {
      Task t = std::move(*queue_.front().task);
      queue_.pop_front();
      lock.unlock();
      t.done->set_value(t.fn(db_));
      lock.lock();
      continue;
    }
    // Gather a group of batches by count and time.
    std::vector<WriteBatch> group;
    std::int64_t count = 0;
    const auto deadline = std::chrono::steady_clock::now() + opts_.batch_interval;
    // Group commit: batches already waiting join the group beyond batch_size,
    // up to kBacklogGroupFactor x batch_size articles. Under a backlog every
    // commit then rewrites the randomly-inserted index pages for ~4x more
    // articles (docs/BENCHMARKS.md); with light traffic nothing changes.
    const std::int64_t max_group =
        kBacklogGroupFactor * static_cast<std::int64_t>(std::max(1, opts_.batch_size));
    while (true) {
      while (!queue_.empty() && queue_.front().batch && count < max_group) {
        const std::int64_t w = Weight(*queue_.front().batch);
        count += static_cast<std::int64_t>(queue_.front().batch->articles.size());
        queued_ -= w;
        group.push_back(std::move(*queue_.front().batch));
        queue_.pop_front();
      }
      metrics_.queued_articles = queued_;
      not_full_.notify_all();
      if (count >= opts_.batch_size || stop_ || (!queue_.empty() && queue_.front().task)) break;
      if (!not_empty_.wait_until(lock, deadline, [&] { return stop_ || !queue_.empty(); })) break;
    }
    lock.unlock();
    CommitGroup(group);
    lock.lock();
  }
}

Result<std::vector<BatchOutcome>> Writer::TryCommit(
    std::vector<WriteBatch>& group, std::array<std::int64_t, kDedupLayerCount>& counts,
    bool isolate) {
  counts.fill(0);
  auto txn = Txn::Begin(db_, "BEGIN IMMEDIATE");
  if (!txn) return Fail(txn.error());
  const TimePoint now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::vector<BatchOutcome> results;
  results.reserve(group.size());
  for (auto& b : group) {
    if (!isolate) {
      // Fast path: no savepoint journal; an error undoes the whole attempt
      // (the Txn destructor rolls back) and CommitGroup retries isolated.
      auto r = articles_->Apply(b, now, counts);
      if (!r) return Fail(r.error());
      results.emplace_back(std::move(*r));
      continue;
    }
    if (auto st = db_.Exec("SAVEPOINT batch"); !st) return Fail(st.error());
    auto local = counts;
    auto r = articles_->Apply(b, now, local);
    if (!r) {
      if (IsTransient(r.error())) return Fail(r.error());
      // This batch alone is bad: undo it, keep the others.
      if (auto st = db_.Exec("ROLLBACK TO batch; RELEASE batch"); !st) return Fail(st.error());
      results.emplace_back(Fail(r.error()));
      continue;
    }
    if (auto st = db_.Exec("RELEASE batch"); !st) return Fail(st.error());
    counts = local;
    results.emplace_back(std::move(*r));
  }
  if (auto st = articles_->SaveCounts(counts); !st) return Fail(st.error());
  if (auto st = txn->Commit(); !st) return Fail(st.error());
  return results;
}

namespace {

// The index of the first upper bound >= v; bounds.size() for +Inf.
template <std::size_t N>
std::size_t BucketOf(const std::array<double, N>& bounds, double v) {
  std::size_t i = 0;
  while (i < N && v > bounds[i]) ++i;
  return i;
}

}  // namespace

void Writer::CommitGroup(std::vector<WriteBatch>& group) {
  auto backoff = std::chrono::milliseconds(50);
  std::array<std::int64_t, kDedupLayerCount> counts{};
  const auto started = std::chrono::steady_clock::now();
  while (true) {
    // Optimistic first: one transaction without savepoints. Only when that
    // fails for a reason that is not transient is the group redone with one
    // savepoint per batch, so that a bad batch fails alone.
    auto r = TryCommit(group, counts, /*isolate=*/false);
    if (!r && !IsTransient(r.error())) r = TryCommit(group, counts, /*isolate=*/true);
    if (r) {
      std::int64_t articles = 0;
      for (std::size_t i = 0; i < group.size(); ++i) {
        if ((*r)[i]) articles += static_cast<std::int64_t>((*r)[i]->size());
      }
      {
        std::lock_guard lock(mu_);
        metrics_.transactions++;
        metrics_.batches_committed += static_cast<std::int64_t>(group.size());
        metrics_.articles_written += articles;
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        metrics_.commit_seconds_sum += secs;
        metrics_.commit_seconds_buckets[BucketOf(WriterMetrics::kCommitSecondsBounds, secs)]++;
        metrics_.transaction_articles_buckets[BucketOf(WriterMetrics::kTransactionArticlesBounds,
                                                       static_cast<double>(articles))]++;
        for (std::size_t i = 0; i < counts.size(); ++i) metrics_.by_layer[i] += counts[i];
        metrics_.paused = false;
        metrics_.last_error.clear();
      }
      for (std::size_t i = 0; i < group.size(); ++i) {
        if (group[i].done) group[i].done((*r)[i]);
      }
      return;
    }
    const Error err = r.error();
    std::unique_lock lock(mu_);
    if (!IsTransient(err) || stop_) {
      metrics_.last_error = err.message;
      metrics_.paused = false;
      lock.unlock();
      spdlog::error("store: giving up on {} batches: {}", group.size(), err.message);
      for (auto& b : group) {
        if (b.done) b.done(BatchOutcome(Fail(err)));
      }
      return;
    }
    if (!metrics_.paused) {
      spdlog::warn("store: writes paused, retrying: {}", err.message);
    }
    metrics_.paused = true;
    metrics_.last_error = err.message;
    not_empty_.wait_for(lock, backoff, [&] { return stop_ || !urgent_.empty(); });
    RunUrgent(lock);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace newsd::storage
