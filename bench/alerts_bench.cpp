// Watch-rule matching throughput: N rules generated from the vocabulary of
// real article text, matched against ~1 GB of article text (the corpus
// repeated), one core. Beside it, a naive loop of the same rules through
// std::regex on a small sample, to show the gap.
//
//   build/alerts_bench [--rules 10000] [--mb 1024] [--regex-kb 8] [--skip-top 1000]
//                      [--stages prepare,scan,match,e2e,regex]
//
// --stages runs only the listed measurements (for profiling one stage);
// "lookup" adds a comparison not run by default: the same literals found by
// hash lookups of each folded word instead of Hyperscan.
// Every run prints a checksum of all matches (watch ids, scores, spans) of
// one pass over the corpus: a change to the matcher that must not change its
// answers must not change the checksum.
//
// --skip-top N leaves the N most frequent words of the corpus out of the
// rule vocabulary (watch rules name places and people, not "that"); the
// default 1000 leaves out the stop words and commonest vocabulary of the
// corpus's languages. Prefix rules (`x*`) take words of 8+ characters and cut
// 2, so a prefix has at least 6 (real rules write `mobiliz*`, not `gove*`).
//
// Reads ../shared/corpora/news-pages/*/*.json (the expected title and body of
// 258 real news articles from ~180 publishers in 42 countries, MIT; see that
// folder's NOTES.md). Prints one line per
// measurement; docs/BENCHMARKS.md records the results.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/json.hpp>

#include <hs/hs.h>

#include "alerts/matcher.h"
#include "alerts/query.h"
#include "alerts/text_fold.h"
#include "alerts_bench_rules.h"

namespace {

using alerts_bench::Generated;
using alerts_bench::LoadArticles;
using alerts_bench::MakeRules;
using Clock = std::chrono::steady_clock;
using newsd::alerts::FoldMode;
using newsd::alerts::WatchSpec;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this thread: the "one core" figure, immune to other load.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void CollectTerms(const newsd::alerts::QueryNode& n, std::set<std::string>& out) {
  if (n.kind == newsd::alerts::QueryNode::Kind::kTerm) {
    auto words = newsd::alerts::FoldWords(n.text, FoldMode::kFold);
    std::string lit = " ";
    for (std::size_t i = 0; i < words.size(); ++i) lit += (i ? " " : "") + words[i];
    if (!n.prefix) lit += ' ';
    out.insert(lit);
  }
  for (const auto& c : n.children) CollectTerms(c, out);
}

int CountHit(unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
  ++*static_cast<std::size_t*>(ctx);
  return 0;
}

void ScanLiterals(const char* what, const std::set<std::string>& lits,
                  const std::vector<newsd::Article>& arts,
                  const std::vector<newsd::alerts::FoldedArticle>& prepared, std::size_t target) {
  std::vector<const char*> e;
  std::vector<std::size_t> lens;
  std::vector<unsigned> flags, ids;
  for (const auto& l : lits) {
    e.push_back(l.data());
    lens.push_back(l.size());
    flags.push_back(0);
    ids.push_back(static_cast<unsigned>(ids.size()));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_lit_multi(e.data(), flags.data(), ids.data(), lens.data(),
                           static_cast<unsigned>(e.size()), HS_MODE_BLOCK, nullptr, &db,
                           &err) != HS_SUCCESS) {
    std::printf("%s: compile failed\n", what);
    if (err != nullptr) hs_free_compile_error(err);
    return;
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  std::size_t bytes = 0, hits = 0;
  const double c0 = CpuSeconds();
  while (bytes < target) {
    for (std::size_t i = 0; i < arts.size(); ++i) {
      for (const auto* f : {&prepared[i].fold.title, &prepared[i].fold.text}) {
        hs_scan(db, f->stream.data(), static_cast<unsigned>(f->stream.size()), 0, scratch, CountHit,
                &hits);
      }
      bytes += arts[i].text.size() + arts[i].title.size();
    }
  }
  const double c1 = CpuSeconds();
  std::printf("%s (%zu literals, folded title+text): %.1f MB/s CPU over %.0f MB (%zu hits)\n", what,
              lits.size(), bytes / 1048576.0 / (c1 - c0), bytes / 1048576.0, hits);
  hs_free_scratch(scratch);
  hs_free_database(db);
}

// For comparison, not used by newsd: the same literals found by looking up
// each folded word in hash tables (first word -> the literals starting with
// it; prefixes by length), which finds the same hits as Hyperscan (the
// counts are printed side by side) without its filter-and-confirm cost.
void WordLookup(const std::set<std::string>& lits, const std::vector<newsd::Article>& arts,
                const std::vector<newsd::alerts::FoldedArticle>& prepared, std::size_t target) {
  struct Lit {
    std::vector<std::string> rest;  // the words after the first
    bool prefix = false;            // the last word is a prefix
  };
  std::unordered_map<std::string, std::vector<Lit>> by_first;
  std::unordered_set<std::string> prefixes;  // one-word prefix literals
  std::set<std::size_t> prefix_lengths;
  for (const auto& l : lits) {
    const bool prefix = l.back() != ' ';
    std::vector<std::string> words;
    std::istringstream in(l);
    for (std::string w; in >> w;) words.push_back(w);
    if (words.empty()) continue;
    if (words.size() == 1 && prefix) {
      prefixes.insert(words[0]);
      prefix_lengths.insert(words[0].size());
      continue;
    }
    Lit lit;
    lit.rest.assign(words.begin() + 1, words.end());
    lit.prefix = prefix;
    by_first[words[0]].push_back(std::move(lit));
  }
  std::size_t bytes = 0, hits = 0;
  const double c0 = CpuSeconds();
  while (bytes < target) {
    for (std::size_t i = 0; i < arts.size(); ++i) {
      for (const auto* f : {&prepared[i].fold.title, &prepared[i].fold.text}) {
        const std::size_t n = f->words();
        const auto word = [&](std::size_t k) {
          const std::size_t end = k + 1 < n ? f->word[k + 1].pos - 1 : f->stream.size() - 1;
          return std::string_view(f->stream).substr(f->word[k].pos, end - f->word[k].pos);
        };
        for (std::size_t k = 0; k < n; ++k) {
          const std::string_view w = word(k);
          if (auto it = by_first.find(std::string(w)); it != by_first.end()) {
            for (const Lit& lit : it->second) {
              bool ok = k + lit.rest.size() < n;
              for (std::size_t j = 0; ok && j < lit.rest.size(); ++j) {
                const std::string_view x = word(k + 1 + j);
                const bool last_prefix = lit.prefix && j + 1 == lit.rest.size();
                ok =
                    last_prefix ? x.substr(0, lit.rest[j].size()) == lit.rest[j] : x == lit.rest[j];
              }
              hits += ok;
            }
          }
          for (std::size_t len : prefix_lengths) {
            if (len > w.size()) break;
            hits += prefixes.count(std::string(w.substr(0, len)));
          }
        }
      }
      bytes += arts[i].text.size() + arts[i].title.size();
    }
  }
  const double c1 = CpuSeconds();
  std::printf(
      "word-hash lookup of the same literals (std::unordered_map, for comparison): %.1f MB/s CPU "
      "over %.0f MB (%zu hits)\n",
      bytes / 1048576.0 / (c1 - c0), bytes / 1048576.0, hits);
}

// Hyperscan alone: the same literals as the matcher builds, scanned over the
// prepared (folded) title and text. Returns MB/s of original text per CPU second.
void ScanOnly(const Generated& g, const std::vector<newsd::Article>& arts,
              const std::vector<newsd::alerts::FoldedArticle>& prepared, std::size_t target,
              bool with_lookup) {
  std::set<std::string> lits;
  for (const auto& s : g.specs) {
    if (!s.query.empty()) CollectTerms(*newsd::alerts::ParseQuery(s.query, s.id), lits);
    for (const auto& [t, w] : s.terms) {
      newsd::alerts::QueryNode n;
      n.prefix = !t.empty() && t.back() == '*';
      n.text = n.prefix ? t.substr(0, t.size() - 1) : t;
      CollectTerms(n, lits);
    }
  }
  ScanLiterals("Hyperscan scan alone", lits, arts, prepared, target);
  // The same literals in upper case, which never occurs in folded text:
  // the cost of the scan without hits (a lower bound for a rule set whose
  // terms are rare in the text).
  std::set<std::string> absent;
  for (std::string l : lits) {
    for (char& ch : l) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    absent.insert(l);
  }
  ScanLiterals("Hyperscan, literals that never occur", absent, arts, prepared, target);
  if (with_lookup) WordLookup(lits, arts, prepared, target);
}

}  // namespace

int main(int argc, char** argv) {
  int rules = 10000;
  double mb = 1024;
  int regex_kb = 8;
  int skip_top = 1000;
  std::string stages = "prepare,scan,match,e2e,regex";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--rules") rules = std::stoi(argv[i + 1]);
    if (k == "--mb") mb = std::stod(argv[i + 1]);
    if (k == "--regex-kb") regex_kb = std::stoi(argv[i + 1]);
    if (k == "--skip-top") skip_top = std::stoi(argv[i + 1]);
    if (k == "--stages") stages = argv[i + 1];
  }
  const auto stage = [&](const char* name) { return stages.find(name) != std::string::npos; };
  const std::string dir = NEWSD_SOURCE_DIR "/../shared/corpora/news-pages";
  auto arts = LoadArticles(dir);
  if (arts.empty()) {
    std::fprintf(stderr, "no corpus at %s\n", dir.c_str());
    return 1;
  }
  std::size_t corpus_bytes = 0, differ = 0;
  for (const auto& a : arts) {
    corpus_bytes += a.text.size() + a.title.size();
    // The ASCII fast path of word segmentation must agree with ICU.
    differ += newsd::alerts::WordSpans(a.text) != newsd::alerts::IcuWordSpans(a.text);
  }
  std::printf("word segmentation: fast path and ICU differ on %zu of %zu articles\n", differ,
              arts.size());
  auto t0 = Clock::now();
  Generated g = MakeRules(arts, rules, skip_top);
  auto t1 = Clock::now();
  auto m = newsd::alerts::WatchMatcher::Compile(g.specs);
  auto t2 = Clock::now();
  if (!m) {
    std::fprintf(stderr, "%s\n", m.error().message.c_str());
    return 1;
  }
  std::printf("corpus: %zu articles, %zu bytes; rules: %d (%zu literal patterns)\n", arts.size(),
              corpus_bytes, rules, (*m)->pattern_count());
  std::printf("generate rules: %.2f s; compile into one Hyperscan database: %.2f s\n",
              Seconds(t0, t1), Seconds(t1, t2));

  const auto target = static_cast<std::size_t>(mb * 1024 * 1024);
  const std::size_t fold_target = std::min<std::size_t>(target, 256u << 20);
  std::vector<newsd::alerts::FoldedArticle> prepared;
  std::size_t bytes = 0;
  double c0 = CpuSeconds();
  for (const auto& a : arts) {
    prepared.push_back((*m)->Prepare(a));
    bytes += a.text.size() + a.title.size();
  }
  // The answers of one pass, for comparing implementations.
  {
    std::uint64_t sum = 1469598103934665603ull;
    const auto mix = [&](std::string_view v) {
      for (unsigned char ch : v) sum = (sum ^ ch) * 1099511628211ull;
      sum = (sum ^ 0xff) * 1099511628211ull;
    };
    std::size_t n = 0, spans = 0;
    for (std::size_t i = 0; i < arts.size(); ++i) {
      for (const auto& wm : (*m)->Match(arts[i], prepared[i])) {
        ++n;
        mix(wm.watch);
        mix(std::to_string(wm.score));
        for (const auto& sp : wm.spans) {
          ++spans;
          mix(sp.field + ":" + std::to_string(sp.start) + "-" + std::to_string(sp.end) + ":" +
              sp.term);
        }
      }
    }
    std::printf("answers of one pass: %zu matches, %zu spans, checksum %016llx\n", n, spans,
                static_cast<unsigned long long>(sum));
  }
  // 1. Prepare: word breaks + folding of title and text.
  if (stage("prepare")) {
    while (bytes < fold_target) {
      for (const auto& a : arts) {
        auto p = (*m)->Prepare(a);
        bytes += a.text.size() + a.title.size();
      }
    }
    const double c1 = CpuSeconds();
    std::printf("Prepare (word breaks + case/diacritics folding): %.1f MB/s CPU over %.0f MB\n",
                bytes / 1048576.0 / (c1 - c0), bytes / 1048576.0);
  }

  if (stage("scan") || stage("lookup")) {
    ScanOnly(g, arts, prepared, target, stage("lookup"));
  }

  // 2. Match on prepared text: one Hyperscan scan per field + rule logic.
  if (stage("match")) {
    bytes = 0;
    std::size_t matches = 0, articles = 0;
    c0 = CpuSeconds();
    auto s0 = Clock::now();
    while (bytes < target) {
      for (std::size_t i = 0; i < arts.size(); ++i) {
        matches += (*m)->Match(arts[i], prepared[i]).size();
        bytes += arts[i].text.size() + arts[i].title.size();
        ++articles;
      }
    }
    const double c1 = CpuSeconds();
    auto s1 = Clock::now();
    std::printf(
        "Match on prepared text (one scan per field + rule logic): %.1f MB/s CPU "
        "(%.1f MB/s wall) over %.0f MB: %zu articles, %zu matches (%.2f per article)\n",
        bytes / 1048576.0 / (c1 - c0), bytes / 1048576.0 / Seconds(s0, s1), bytes / 1048576.0,
        articles, matches, static_cast<double>(matches) / static_cast<double>(articles));
  }

  // 3. End to end: Match(article) = Prepare + Match.
  if (stage("e2e")) {
    bytes = 0;
    std::size_t matches = 0;
    c0 = CpuSeconds();
    auto s0 = Clock::now();
    while (bytes < target) {
      for (const auto& a : arts) {
        matches += (*m)->Match(a).size();
        bytes += a.text.size() + a.title.size();
      }
    }
    const double c1 = CpuSeconds();
    auto s1 = Clock::now();
    std::printf(
        "Match(article) end to end: %.1f MB/s CPU (%.1f MB/s wall) over %.0f MB (%zu matches)\n",
        bytes / 1048576.0 / (c1 - c0), bytes / 1048576.0 / Seconds(s0, s1), bytes / 1048576.0,
        matches);
  }

  if (!stage("regex")) return 0;

  // Naive: every rule's terms through std::regex (icase) on a small sample.
  std::string sample;
  for (const auto& a : arts) {
    if (sample.size() >= static_cast<std::size_t>(regex_kb) * 1024) break;
    sample += a.text.substr(0, static_cast<std::size_t>(regex_kb) * 1024 - sample.size());
  }
  std::vector<std::vector<std::regex>> compiled;
  auto r0 = Clock::now();
  for (const auto& terms : g.regex_terms) {
    std::vector<std::regex> v;
    for (const auto& t : terms) v.emplace_back(t, std::regex::icase | std::regex::ECMAScript);
    compiled.push_back(std::move(v));
  }
  auto r1 = Clock::now();
  const double rc0 = CpuSeconds();
  std::size_t regex_hits = 0;
  for (const auto& rule : compiled) {
    bool all = true;
    for (const auto& re : rule) all = all && std::regex_search(sample, re);
    regex_hits += all;
  }
  const double rc1 = CpuSeconds();
  std::printf(
      "std::regex loop (same rules, %zu bytes sample): compile %.2f s, %.4f MB/s CPU "
      "(%zu rules matched)\n",
      sample.size(), Seconds(r0, r1), sample.size() / 1048576.0 / (rc1 - rc0), regex_hits);
  return 0;
}
