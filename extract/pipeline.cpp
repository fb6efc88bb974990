#include "extract/pipeline.h"

#include <chrono>

#include "extract/stages.h"

namespace newsd {

Pipeline::Entry Pipeline::MakeEntry(Stage stage) {
  Entry e{std::move(stage), std::make_unique<std::atomic<std::uint64_t>[]>(2)};
  e.counters[0].store(0);
  e.counters[1].store(0);
  return e;
}

Result<Pipeline> Pipeline::Create(const PipelineOptions& options) {
  Pipeline p;
  p.entries_.push_back(MakeEntry({"canonical-url", CanonicalUrlStage}));
  p.entries_.push_back(MakeEntry({"html-text", HtmlTextStage}));
  const std::size_t min_chars = options.min_main_chars;
  p.entries_.push_back(MakeEntry({"page", [min_chars](Article& a) { PageStage(a, min_chars); }}));
  p.entries_.push_back(MakeEntry({"normalize", NormalizeStage}));
  p.entries_.push_back(MakeEntry({"content-hash", ContentHashStage}));
  p.entries_.push_back(MakeEntry({"language", LanguageStage}));
  if (options.sentences) p.entries_.push_back(MakeEntry({"sentences", SentencesStage}));
  if (options.simhash) p.entries_.push_back(MakeEntry({"simhash", SimHashStage}));
  return p;
}

Status Pipeline::CheckNew(const Stage& stage) const {
  if (stage.name.empty() || !stage.run) {
    return Fail(ErrorKind::kInvalidArgument, "pipeline: a stage needs a name and a function");
  }
  for (const Entry& e : entries_) {
    if (e.stage.name == stage.name) {
      return Fail(ErrorKind::kInvalidArgument, "pipeline: stage '" + stage.name + "' exists");
    }
  }
  return OkStatus();
}

Status Pipeline::InsertAfter(std::string_view after, Stage stage) {
  if (auto ok = CheckNew(stage); !ok) return ok;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].stage.name == after) {
      entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(i + 1),
                      MakeEntry(std::move(stage)));
      return OkStatus();
    }
  }
  return Fail(ErrorKind::kNotFound, "pipeline: no stage named '" + std::string(after) + "'");
}

Status Pipeline::Append(Stage stage) {
  if (auto ok = CheckNew(stage); !ok) return ok;
  entries_.push_back(MakeEntry(std::move(stage)));
  return OkStatus();
}

void Pipeline::Run(Article& article) const {
  for (const Entry& e : entries_) {
    const auto t0 = std::chrono::steady_clock::now();
    e.stage.run(article);
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    e.counters[0].fetch_add(1, std::memory_order_relaxed);
    e.counters[1].fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
  }
}

std::vector<std::string> Pipeline::StageNames() const {
  std::vector<std::string> names;
  for (const Entry& e : entries_) names.push_back(e.stage.name);
  return names;
}

std::vector<StageStats> Pipeline::Stats() const {
  std::vector<StageStats> out;
  for (const Entry& e : entries_) {
    out.push_back({e.stage.name, e.counters[0].load(std::memory_order_relaxed),
                   e.counters[1].load(std::memory_order_relaxed)});
  }
  return out;
}

}  // namespace newsd
