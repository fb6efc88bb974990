// Speed of the entity recogniser on real English news text: bodies of the
// us/ and uk/ pages of ../shared/corpora/news-pages (expected-body JSON),
// cut into ~5 KB articles. Two cases: sentences given by the pipeline, and
// sentences found here with ICU. BM_FactStep5KB is the whole fact step of the
// pipeline (entities, then quotes/quantities/dates) as the engine runs it.
//   build/entities_bench [--benchmark_filter=...]
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>
#include <boost/json.hpp>

#include "extract/entity_recognizer.h"
#include "extract/facts_extractor.h"

namespace {

using namespace newsd;

void CollectParagraphs(const boost::json::value& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.emplace_back(v.as_string());
  } else if (v.is_array()) {
    for (const auto& x : v.as_array()) CollectParagraphs(x, out);
  } else if (v.is_object()) {
    for (const auto& kv : v.as_object()) CollectParagraphs(kv.value(), out);
  }
}

std::vector<Article> LoadArticles() {
  std::vector<std::string> paras;
  std::string root = NEWSD_SOURCE_DIR "/../shared/corpora/news-pages";
  for (const char* country : {"us", "uk"}) {
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(root + "/" + country, ec)) {
      if (f.path().extension() != ".json") continue;
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      boost::system::error_code jec;
      auto v = boost::json::parse(ss.str(), jec);
      if (jec || !v.is_object()) continue;
      for (const auto& ver : v.as_object()) {
        const auto* body =
            ver.value().is_object() ? ver.value().as_object().if_contains("body") : nullptr;
        if (body) CollectParagraphs(*body, paras);
      }
    }
  }
  std::vector<Article> arts;
  Article cur;
  for (const auto& p : paras) {
    if (!cur.text.empty()) cur.text += "\n\n";
    cur.text += p;
    if (cur.text.size() >= 5000) {
      arts.push_back(std::move(cur));
      cur = Article{};
    }
  }
  // Sentences as the pipeline would give them (ICU).
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> bi(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), st));
  for (auto& a : arts) {
    UText* ut = utext_openUTF8(nullptr, a.text.data(), static_cast<int64_t>(a.text.size()), &st);
    bi->setText(ut, st);
    std::int32_t s = bi->first();
    for (std::int32_t e = bi->next(); e != icu::BreakIterator::DONE; s = e, e = bi->next())
      a.sentences.push_back({static_cast<std::size_t>(s), static_cast<std::size_t>(e)});
    utext_close(ut);
  }
  return arts;
}

const std::vector<Article>& Articles() {
  static const std::vector<Article> arts = LoadArticles();
  return arts;
}

const EntityRecognizer& Recognizer() {
  static std::unique_ptr<EntityRecognizer> rec = [] {
    auto r = EntityRecognizer::Create(EntityOptions{});
    if (!r) std::abort();
    return std::move(*r);
  }();
  return *rec;
}

void Run(benchmark::State& state, bool given_sentences) {
  const auto& arts = Articles();
  const auto& rec = Recognizer();
  if (arts.empty()) {
    state.SkipWithError("no articles (corpus missing)");
    return;
  }
  std::size_t i = 0, bytes = 0, ents = 0;
  Article a;
  for (auto _ : state) {
    const Article& src = arts[i++ % arts.size()];
    a.text = src.text;
    a.sentences = given_sentences ? src.sentences : std::vector<Sentence>{};
    rec.Recognize(a);
    bytes += a.text.size();
    ents += a.entities.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["articles"] = static_cast<double>(arts.size());
  state.counters["entities_per_article"] =
      static_cast<double>(ents) / static_cast<double>(state.iterations());
  state.counters["articles_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

const FactExtractor& Facts() {
  static std::unique_ptr<FactExtractor> fx = [] {
    auto f = FactExtractor::Create();
    if (!f) std::abort();
    return std::move(*f);
  }();
  return *fx;
}

// Entities + facts per article, sentences given (the pipeline's text stage
// splits them before), a publication date set so relative dates resolve.
void BM_FactStep5KB(benchmark::State& state) {
  const auto& arts = Articles();
  const auto& rec = Recognizer();
  const auto& fx = Facts();
  if (arts.empty()) {
    state.SkipWithError("no articles (corpus missing)");
    return;
  }
  std::size_t i = 0, bytes = 0, facts = 0;
  Article a;
  a.lang = "en";
  a.published = TimePoint(std::chrono::seconds(1700000000));
  for (auto _ : state) {
    const Article& src = arts[i++ % arts.size()];
    a.text = src.text;
    a.sentences = src.sentences;
    rec.Recognize(a);
    fx.Extract(a);
    bytes += a.text.size();
    facts += a.entities.size() + a.quotes.size() + a.quantities.size() + a.dates.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["facts_per_article"] =
      static_cast<double>(facts) / static_cast<double>(state.iterations());
  state.counters["articles_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FactStep5KB)->Unit(benchmark::kMicrosecond);

void BM_Entities5KB_GivenSentences(benchmark::State& s) { Run(s, true); }
void BM_Entities5KB_IcuSentences(benchmark::State& s) { Run(s, false); }
BENCHMARK(BM_Entities5KB_GivenSentences)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Entities5KB_IcuSentences)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
