#include "daemon/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>

#include <spdlog/spdlog.h>

#include "alerts/matcher.h"
#include "core/hash.h"
#include "core/time.h"
#include "daemon/command_util.h"
#include "daemon/downstream.h"
#include "extract/entity_recognizer.h"
#include "extract/facts_extractor.h"
#include "extract/page.h"
#include "extract/pipeline.h"
#include "feeds/parser.h"
#include "storage/reader.h"
#include "storage/store.h"

namespace newsd {

namespace {

// A parsed poll between layer 1 and the pipeline (full-text pages in flight).
struct PendingFeed {
  ParsedFeed parsed;
  std::vector<RawItemKey> keys;
  std::vector<std::size_t> fresh;  // indices of the items that passed layer 1
};

}  // namespace

struct Engine::Impl {
  Config config;
  std::unique_ptr<Store> store;
  std::optional<Pipeline> pipeline;
  std::unique_ptr<EntityRecognizer> entities;
  std::unique_ptr<FactExtractor> facts;
  std::mutex watch_mu;
  WatchSet watches;  // guarded by watch_mu; replaced whole on SIGHUP
  std::shared_ptr<const std::vector<std::string>> downstream;  // postgres/nats sink ids
  std::mutex reader_mu;
  std::unique_ptr<StoreReader> reader;  // guarded by reader_mu (layer-1 checks)
  std::mutex tags_mu;
  std::map<std::string, std::vector<std::string>> feed_tags;  // guarded by tags_mu
  std::vector<CommitListener> listeners;                      // fixed before the first batch
  std::atomic<std::uint64_t> parse_calls{0}, parse_nanos{0}, layer1_calls{0}, layer1_nanos{0};

  WatchSet Watches() {
    std::lock_guard<std::mutex> lock(watch_mu);
    return watches;
  }

  void NotifyCommitted(const BatchOutcome& r) const {
    if (!r || r->empty()) return;
    for (const auto& l : listeners) l(*r);
  }

  // Runs the pipeline over the poll's new items (from their pages where
  // fetched) and submits them with `state`.
  void FinishFeed(const std::string& feed_id, const FeedState& state, const PendingFeed& p,
                  std::vector<FetchedPage> pages, const std::shared_ptr<FeedOutcome>& outcome,
                  const std::function<void(Result<FeedOutcome>)>& done);
};

namespace {

// The layer-1 key of an item: what the feed delivered, before any cleaning.
std::string RawHash(const FeedItem& it) {
  std::string key;
  key.reserve(it.title.size() + it.link.size() + it.summary_html.size() + it.content_html.size() +
              8);
  key += it.title;
  key += '\x1f';
  key += it.link;
  key += '\x1f';
  key += it.summary_html;
  key += '\x1f';
  key += it.content_html;
  return Sha256Hex(key);
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Store& Engine::store() { return *impl_->store; }

void Engine::SetFeedTags(const std::vector<FeedConfig>& feeds) {
  std::map<std::string, std::vector<std::string>> m;
  for (const auto& f : feeds) m[f.id] = f.tags;
  std::lock_guard<std::mutex> lock(impl_->tags_mu);
  impl_->feed_tags = std::move(m);
}

Result<std::unique_ptr<Engine>> Engine::Create(const Config& config) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  std::error_code ec;
  std::filesystem::create_directories(config.daemon.state_dir, ec);
  if (ec) {
    return Fail(ErrorKind::kIo, "state_dir " + config.daemon.state_dir + ": " + ec.message());
  }
  auto store = Store::Open(StoreOptionsFromConfig(config));
  if (!store) return Fail(store.error());
  impl->store = std::move(*store);
  auto reader = impl->store->NewReader();
  if (!reader) return Fail(reader.error());
  impl->reader = std::move(*reader);

  // Sentence offsets feed only the entities/facts stages (which split by
  // themselves when none are given): skip the ICU pass when facts are off.
  PipelineOptions pipeline_options;
  pipeline_options.sentences = config.pipeline.facts;
  auto pipeline = Pipeline::Create(pipeline_options);
  if (!pipeline) return Fail(pipeline.error());
  impl->pipeline.emplace(std::move(*pipeline));

  if (config.pipeline.facts) {
    EntityOptions eo;
    for (const auto& e : config.entities) {
      auto type = ParseEntityType(e.type);
      if (!type) return Fail(type.error().Wrap(e.origin));
      eo.declared.push_back(DeclaredEntity{e.name, *type, e.aliases});
    }
    auto rec = EntityRecognizer::Create(eo);
    if (!rec) return Fail(rec.error());
    impl->entities = std::move(*rec);
    auto fx = FactExtractor::Create();
    if (!fx) return Fail(fx.error());
    impl->facts = std::move(*fx);
    const EntityRecognizer* r = impl->entities.get();
    const FactExtractor* f = impl->facts.get();
    if (auto st = impl->pipeline->InsertAfter(
            "sentences", Stage{"entities", [r](Article& a) { r->Recognize(a); }});
        !st) {
      return Fail(st.error());
    }
    if (auto st = impl->pipeline->InsertAfter("entities",
                                              Stage{"facts", [f](Article& a) { f->Extract(a); }});
        !st) {
      return Fail(st.error());
    }
  }

  auto watches = CompileWatches(config);
  if (!watches) return Fail(watches.error());
  impl->watches = std::move(*watches);
  const std::vector<std::string> downstream = DownstreamSinkIds(config);
  if (!downstream.empty()) {
    impl->downstream = std::make_shared<const std::vector<std::string>>(downstream);
  }
  // The current rules, looked up per article (SetWatches may replace them).
  Impl* ip = impl.get();
  if (auto st = impl->pipeline->Append(Stage{"watch-match",
                                             [ip](Article& a) {
                                               auto w = ip->Watches();
                                               if (w.matcher) a.matches = w.matcher->Match(a);
                                             }});
      !st) {
    return Fail(st.error());
  }
  for (const auto& f : config.feeds) impl->feed_tags[f.id] = f.tags;
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Result<WatchSet> Engine::CompileWatches(const Config& config) {
  WatchSet out;
  std::vector<alerts::WatchSpec> specs;
  auto routing = std::make_shared<AlertRouting>();
  const std::vector<std::string> downstream = DownstreamSinkIds(config);
  for (const auto& w : config.watches) {
    specs.push_back(
        alerts::WatchSpec{w.id, w.query, w.terms, w.threshold, w.feeds, w.tags, w.languages});
    // Downstream sinks get every alert through downstream_outbox, not alert_outbox.
    std::vector<std::string> notify;
    for (const auto& n : w.notify) {
      if (std::find(downstream.begin(), downstream.end(), n) == downstream.end()) {
        notify.push_back(n);
      }
    }
    (*routing)[w.id] = WatchRoute{notify, w.realert == "on_revision"};
  }
  out.routing = std::move(routing);
  if (!specs.empty()) {
    auto m = alerts::WatchMatcher::Compile(specs);
    if (!m) return Fail(m.error());
    out.matcher = std::shared_ptr<const alerts::WatchMatcher>(std::move(*m));
  }
  return out;
}

void Engine::SetWatches(WatchSet watches) {
  std::lock_guard<std::mutex> lock(impl_->watch_mu);
  impl_->watches = std::move(watches);
}

void Engine::RunPipeline(Article& article) const { impl_->pipeline->Run(article); }

std::vector<StageStats> Engine::PipelineStats() const { return impl_->pipeline->Stats(); }

void Engine::ProcessFeed(const std::string& feed_id, FeedState state, const std::string& body,
                         const std::string& content_type, const std::string& base_url,
                         std::function<void(Result<FeedOutcome>)> done,
                         const FeedStateHook& on_parsed, const PageFetchHook& fetch_pages) {
  Impl& s = *impl_;
  ParseOptions po;
  po.content_type = content_type;
  po.base_url = base_url;
  auto t0 = std::chrono::steady_clock::now();
  auto lap = [&t0](std::atomic<std::uint64_t>& calls, std::atomic<std::uint64_t>& nanos) {
    const auto t1 = std::chrono::steady_clock::now();
    calls++;
    nanos += static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    t0 = t1;
  };
  auto parsed = ParseFeed(body, po);
  lap(s.parse_calls, s.parse_nanos);
  if (!parsed) {
    const Error err = parsed.error().Wrap("feed " + feed_id);
    state.last_error = err.message;
    state.consecutive_errors += 1;
    WriteBatch b;
    b.feed_state = state;
    b.done = [done, err](const BatchOutcome&) { done(Fail(err)); };
    if (auto st = s.store->Submit(std::move(b)); !st) done(Fail(st.error()));
    return;
  }
  for (const auto& w : parsed->warnings) spdlog::debug("feed {}: {}", feed_id, w);
  if (on_parsed) {
    FeedHints hints;
    hints.ttl = parsed->ttl;
    for (const auto& it : parsed->items) {
      if (auto when = it.published ? it.published : it.updated) hints.item_dates.push_back(*when);
    }
    on_parsed(state, hints);
  }

  auto outcome = std::make_shared<FeedOutcome>();
  outcome->items = static_cast<int>(parsed->items.size());
  outcome->hub_url = parsed->hub_url;
  outcome->self_url = parsed->self_url;
  std::vector<RawItemKey> keys;
  keys.reserve(parsed->items.size());
  for (const auto& it : parsed->items) {
    keys.push_back(RawItemKey{feed_id, it.guid.empty() ? it.link : it.guid, RawHash(it)});
  }
  std::vector<bool> unchanged(keys.size(), false);
  {
    std::lock_guard<std::mutex> lock(s.reader_mu);
    auto r = s.reader->AreUnchanged(keys);
    if (r) {
      unchanged = std::move(*r);
    } else {
      spdlog::warn("feed {}: layer-1 check failed, running the pipeline on every item: {}", feed_id,
                   r.error().message);
    }
  }
  lap(s.layer1_calls, s.layer1_nanos);
  // The rest runs now, or once the full-text pages are in (`fetch_pages`).
  auto p = std::make_shared<PendingFeed>();
  for (std::size_t i = 0; i < parsed->items.size(); ++i) {
    if (unchanged[i]) {
      outcome->unchanged++;
    } else {
      p->fresh.push_back(i);
    }
  }
  p->parsed = std::move(*parsed);
  p->keys = std::move(keys);
  PageResume finish = [&s, feed_id, state, done, outcome, p](std::vector<FetchedPage> pages) {
    s.FinishFeed(feed_id, state, *p, std::move(pages), outcome, done);
  };
  if (fetch_pages && !p->fresh.empty()) {
    std::vector<std::string> links;
    links.reserve(p->fresh.size());
    for (std::size_t i : p->fresh) links.push_back(p->parsed.items[i].link);
    fetch_pages(std::move(links), std::move(finish));
    return;
  }
  finish({});
}

void Engine::Impl::FinishFeed(const std::string& feed_id, const FeedState& state,
                              const PendingFeed& p, std::vector<FetchedPage> pages,
                              const std::shared_ptr<FeedOutcome>& outcome,
                              const std::function<void(Result<FeedOutcome>)>& done) {
  WriteBatch b;
  const TimePoint now = SystemClock::Instance().Now();
  std::vector<std::string> tags;
  {
    std::lock_guard<std::mutex> lock(tags_mu);
    if (auto it = feed_tags.find(feed_id); it != feed_tags.end()) tags = it->second;
  }
  for (std::size_t k = 0; k < p.fresh.size(); ++k) {
    const std::size_t i = p.fresh[k];
    auto make = [&] {
      Article a = ArticleFromFeedItem(p.parsed.items[i], feed_id);
      a.fetched = now;
      a.feed_tags = tags;
      if (!a.declared_language && p.parsed.language) a.declared_language = p.parsed.language;
      return a;
    };
    Article a = make();
    std::string raw_hash = p.keys[i].raw_hash;
    if (k < pages.size() && pages[k].ok) {
      // The page replaces the teaser; the item's values stay the fallback.
      a.html = std::move(pages[k].html);
      a.html_is_full_page = true;
      pipeline->Run(a);
      if (a.text.empty()) {
        spdlog::info("feed {}: no article text in the page {}; keeping the feed's text", feed_id,
                     a.url);
        a = make();
        pipeline->Run(a);
      }
    } else {
      if (k < pages.size() && pages[k].retry) raw_hash.clear();  // next poll tries again
      pipeline->Run(a);
    }
    b.articles.push_back(std::move(a));
    b.raw_hashes.push_back(std::move(raw_hash));
  }
  b.feed_state = state;
  b.routing = Watches().routing;
  b.downstream = downstream;
  b.done = [this, done, outcome, state](const BatchOutcome& r) {
    if (!r) {
      done(Fail(r.error()));
      return;
    }
    NotifyCommitted(r);
    for (const auto& o : *r) {
      switch (o.layer) {
        case DedupLayer::kNone:
        case DedupLayer::kNearDuplicate:
          outcome->new_articles++;
          break;
        case DedupLayer::kRevision:
          outcome->revisions++;
          break;
        case DedupLayer::kUnchanged:
          outcome->unchanged++;
          break;
        default:
          outcome->duplicates++;
          break;
      }
    }
    outcome->state = state;
    done(*outcome);
  };
  if (auto st = store->Submit(std::move(b)); !st) done(Fail(st.error()));
}

void Engine::ProcessArticles(std::vector<Article> articles,
                             std::function<void(const BatchOutcome&)> done) {
  Impl& s = *impl_;
  WriteBatch b;
  const TimePoint now = SystemClock::Instance().Now();
  for (auto& a : articles) {
    if (a.fetched == TimePoint{}) a.fetched = now;
    s.pipeline->Run(a);
  }
  b.articles = std::move(articles);
  b.routing = s.Watches().routing;
  b.downstream = s.downstream;
  auto shared_done = std::make_shared<std::function<void(const BatchOutcome&)>>(std::move(done));
  b.done = [&s, shared_done](const BatchOutcome& r) {
    s.NotifyCommitted(r);
    (*shared_done)(r);
  };
  // Submit takes the batch even when it refuses it: report through our copy.
  if (auto st = s.store->Submit(std::move(b)); !st) (*shared_done)(Fail(st.error()));
}

Status Engine::CommitState(FeedState state, std::function<void(const BatchOutcome&)> done) {
  WriteBatch b;
  b.feed_state = std::move(state);
  b.done = std::move(done);
  return impl_->store->Submit(std::move(b));
}

std::vector<Engine::StepTime> Engine::Timings() const {
  std::vector<StepTime> out;
  out.push_back({"feed-parse", impl_->parse_calls.load(), impl_->parse_nanos.load() / 1e9});
  out.push_back({"layer-1", impl_->layer1_calls.load(), impl_->layer1_nanos.load() / 1e9});
  for (const auto& st : impl_->pipeline->Stats()) {
    out.push_back({st.name, st.calls, static_cast<double>(st.nanos) / 1e9});
  }
  return out;
}

Status Engine::Flush() { return impl_->store->Flush(); }

void Engine::AddCommitListener(CommitListener listener) {
  impl_->listeners.push_back(std::move(listener));
}

}  // namespace newsd
