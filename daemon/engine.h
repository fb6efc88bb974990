// The ingestion engine: everything between a fetched feed body and a
// committed transaction. Parses the feed, skips items already stored unchanged
// (dedup layer 1, before any pipeline work), runs the pipeline (text, language,
// sentences, entities, facts, SimHash, watch rules) and submits the poll's
// articles with the feed's new state as one WriteBatch.
//
// Thread rules: Create on one thread. ProcessFeed and ProcessArticles are
// thread-safe (run them on the worker pool, never on the io thread); their
// `done` callbacks run on the store's writer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "daemon/config.h"
#include "storage/write_batch.h"

namespace newsd {

class Store;
class Pipeline;
struct StageStats;
namespace alerts {
class WatchMatcher;
}

// The compiled [[watch]] rules of a config and their alert routing.
struct WatchSet {
  std::shared_ptr<const alerts::WatchMatcher> matcher;  // null: no watches
  std::shared_ptr<const AlertRouting> routing;
};

// What one ProcessFeed call did.
struct FeedOutcome {
  FeedState state;       // as committed
  int items = 0;         // items in the document
  int unchanged = 0;     // skipped by layer 1
  int new_articles = 0;  // stored as new (incl. near-duplicates)
  int duplicates = 0;    // joined an existing article (layers 3-4)
  int revisions = 0;
  std::string hub_url;   // the feed's rel="hub" link (WebSub), "" if none
  std::string self_url;  // the feed's rel="self" link, "" if none
};

// What a parsed feed says about its own polling: <ttl> / sy:updatePeriod and
// its items' dates (for adaptive polling).
struct FeedHints {
  std::optional<std::chrono::seconds> ttl;
  std::vector<TimePoint> item_dates;
};

// Lets the caller amend the state to commit (e.g. the next poll time) from
// the parsed feed's hints; runs on the calling worker thread before submit.
using FeedStateHook = std::function<void(FeedState&, const FeedHints&)>;

// A full-text feed's article page, as the daemon fetched it (daemon/page_fetch.h).
struct FetchedPage {
  bool ok = false;   // `html` is the page; else the item keeps its feed text
  std::string html;  // the page as received (the page stage finds its charset)
  // Failed for a reason that may pass (timeout, 5xx, connection error): the
  // item is stored from its feed text without its layer-1 key, so the next
  // poll processes it again and fetches the page once more.
  bool retry = false;
};

// Full-text feeds: called on the worker thread, after layer 1, with the link
// of every item that is new or changed ("" when it has none), in order. It
// must call `resume` exactly once, on a worker thread (the pipeline runs
// inside it), with one FetchedPage per link in the same order (fewer: the
// rest keep their feed text). Nothing is committed before `resume`.
using PageResume = std::function<void(std::vector<FetchedPage>)>;
using PageFetchHook = std::function<void(std::vector<std::string> links, PageResume resume)>;

class Engine {
 public:
  // Opens <state_dir>/newsd.db and builds the pipeline from `config`.
  // Fails with the reason (bad watch rule, unreadable model, database error).
  static Result<std::unique_ptr<Engine>> Create(const Config& config);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Parses `body` of feed `feed_id` (content type and final URL as fetched)
  // and commits its new items together with `state`. `done` gets the outcome
  // after the commit, or the error (parse errors are committed as the feed's
  // last_error and reported as an error). `on_parsed`, if set, may amend the
  // state from the feed's hints before it is committed with the items.
  // `fetch_pages`, if set (full_text feeds), fetches the new items' pages;
  // the items and the state are committed after it resumed.
  void ProcessFeed(const std::string& feed_id, FeedState state, const std::string& body,
                   const std::string& content_type, const std::string& base_url,
                   std::function<void(Result<FeedOutcome>)> done,
                   const FeedStateHook& on_parsed = {}, const PageFetchHook& fetch_pages = {});

  // Runs the pipeline over ready articles (ingest of pages and text files)
  // and commits them; `done` gets one outcome per article.
  void ProcessArticles(std::vector<Article> articles,
                       std::function<void(const BatchOutcome&)> done);

  // Runs the pipeline only (newsd extract --json).
  void RunPipeline(Article& article) const;

  // Commits a feed state with no articles (errors, 304s).
  Status CommitState(FeedState state, std::function<void(const BatchOutcome&)> done);

  // Waits until everything submitted is committed.
  Status Flush();

  // Called on the store's writer thread after every committed batch that
  // carried articles, with that batch's outcomes (new ids, alert ids). Used
  // to wake the alert dispatcher, the live stream and downstream sinks.
  // Register before the first Process* call; must be quick and must not
  // call back into the store's writer.
  using CommitListener = std::function<void(const std::vector<ArticleOutcome>&)>;
  void AddCommitListener(CommitListener listener);

  // Replaces the feed id -> tags map used by watch filters (SIGHUP reload).
  // Thread-safe.
  void SetFeedTags(const std::vector<FeedConfig>& feeds);

  // Compiles the [[watch]] rules of `config` (SIGHUP reload validates with
  // it before applying anything). Fails naming the rule that does not
  // compile.
  static Result<WatchSet> CompileWatches(const Config& config);
  // Matches articles processed from now on against `watches` (an article
  // already in the pipeline finishes with the rules it started with).
  // Thread-safe.
  void SetWatches(WatchSet watches);

  Store& store();

  // Time spent so far per step (feed parse, layer-1 check, each pipeline
  // stage), summed over worker threads: `newsd once --timings`.
  struct StepTime {
    std::string name;
    std::uint64_t calls = 0;
    double seconds = 0;
  };
  std::vector<StepTime> Timings() const;

  // Per-stage call counts and time (metrics). Thread-safe.
  std::vector<StageStats> PipelineStats() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
