// Pipeline: the ordered list of stages that turns an Article's input (URL,
// HTML, feed metadata) into clean text, metadata, language, sentences,
// content hash and SimHash.
//
// Each stage is a pure function of the Article so far: no I/O, no shared
// mutable state. A Pipeline is built once (Create, then InsertAfter/Append
// while still owned by one thread) and is then immutable: Run() may be
// called from many worker threads at once. Per-stage call counts and
// cumulative time are kept in atomics for metrics.
//
//   auto p = Pipeline::Create({});
//   p->InsertAfter("sentences", {"facts", RunFacts});   // facts engineer
//   p->Append({"watch-match", MatchWatches});          // alerts engineer
//   workers: p->Run(article);
//
// Default stages, in order (names are stable; use them with InsertAfter):
//   canonical-url  CanonicalizeUrl(url) -> canonical_url
//   html-text      feed fragment -> text (when !html_is_full_page)
//   page           full page: main content + metadata from one parse
//                  (JSON-LD > OpenGraph > <meta> > <time> > feed values)
//   normalize      NFC, typographic whitespace, zero-width, soft hyphens
//   content-hash   "sha256:" + Sha256Hex(ContentKey(text))
//   language       CLD2 (declared language when the text is too short)
//   sentences      ICU sentence breaks with news abbreviations
//   simhash        64-bit SimHash of word 3-shingles
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

// What the pipeline does. Add fields as stages need them; defaults are the
// daemon's normal behaviour.
struct PipelineOptions {
  bool sentences = true;  // run the sentences stage
  bool simhash = true;    // run the simhash stage
  // A page result shorter than this (characters) is replaced by the
  // whole-body fallback, and by JSON-LD articleBody when that is longer.
  std::size_t min_main_chars = 250;
};

// One stage: a name (unique in a pipeline) and the function it runs.
// The function must be thread-safe (called concurrently on different
// Articles) and must not do I/O.
struct Stage {
  std::string name;
  std::function<void(Article&)> run;
};

// Counters of one stage since the pipeline was created.
struct StageStats {
  std::string name;
  std::uint64_t calls = 0;
  std::uint64_t nanos = 0;  // wall time spent inside the stage, summed
};

class Pipeline {
 public:
  // Builds the default stage list for `options`. Fails with
  // kInvalidArgument on inconsistent options (none today).
  static Result<Pipeline> Create(const PipelineOptions& options);

  Pipeline(Pipeline&&) noexcept = default;
  Pipeline& operator=(Pipeline&&) noexcept = default;

  // Inserts `stage` right after the stage named `after`. Fails with
  // kNotFound when there is no such stage and kInvalidArgument when the
  // name is taken or the function empty. Not thread-safe: call before the
  // pipeline is shared.
  Status InsertAfter(std::string_view after, Stage stage);

  // Adds `stage` at the end; same failures and thread rule as InsertAfter.
  Status Append(Stage stage);

  // Runs every stage in order on `article`. Thread-safe.
  void Run(Article& article) const;

  // Stage names in order.
  std::vector<std::string> StageNames() const;

  // A snapshot of the per-stage counters. Thread-safe.
  std::vector<StageStats> Stats() const;

 private:
  struct Entry {
    Stage stage;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counters;  // calls, nanos
  };
  Pipeline() = default;
  Status CheckNew(const Stage& stage) const;
  static Entry MakeEntry(Stage stage);

  std::vector<Entry> entries_;
};

}  // namespace newsd
