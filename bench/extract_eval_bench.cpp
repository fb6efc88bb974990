// Article-text quality and speed on the extraction corpus
// (../shared/corpora/extraction: Trafilatura evaluation pages + evaldata.json).
//
//   extract_eval_bench [--corpus DIR] [--half A|B] [--failures]
//                                                     quality: P/R/F1 over snippets, per
//                                                     half (FNV-1a of the file name: even =
//                                                     A, the tuning half; odd = B) and all
//   extract_eval_bench --speed [--corpus DIR]         pages/s of ExtractPage, one thread,
//                                                     beside Gumbo's parse alone
//   --limit N: only the first N pages (e.g. for callgrind); --show FILE: print
//   the text extracted from one corpus file
//   extract_eval_bench --items [--corpus DIR]         feed-item cleaning items/s (5 KB items)
//
// Scoring follows the evaluation's definition: a `with` snippet found in the
// output is a true positive, a missing one a false negative; a `without`
// snippet found is a false positive. Whitespace is collapsed on both sides
// before the substring test.
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/model.h"
#include "extract/charset.h"
#include "extract/html_document.h"
#include "extract/main_content.h"
#include "extract/metadata.h"
#include "extract/page.h"
#include "extract/pipeline.h"

namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

struct Page {
  std::string url;
  std::string file;
  std::string html;
  std::vector<std::string> with;
  std::vector<std::string> without;
};

std::vector<Page> LoadCorpus(const std::string& dir) {
  std::vector<Page> pages;
  boost::json::value v = boost::json::parse(ReadAll(dir + "/evaldata.json"));
  for (const auto& [url, item] : v.as_object()) {
    Page p;
    p.url = std::string(url);
    const auto& o = item.as_object();
    p.file = std::string(o.at("file").as_string());
    p.html = ReadAll(dir + "/html/" + p.file);
    if (const auto* w = o.if_contains("with")) {
      for (const auto& s : w->as_array()) p.with.push_back(Collapse(s.as_string()));
    }
    if (const auto* w = o.if_contains("without")) {
      for (const auto& s : w->as_array()) p.without.push_back(Collapse(s.as_string()));
    }
    pages.push_back(std::move(p));
  }
  return pages;
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// CPU time of this process: the machine is shared, so wall time overstates.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Tuning split: FNV-1a of the file name, even = half A (tuned on), odd = B.
int Half(const std::string& file) {
  std::uint32_t h = 2166136261u;
  for (char c : file) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return static_cast<int>(h & 1);
}

struct Counts {
  long tp = 0, fn = 0, fp = 0, tn = 0;
  void Print(const char* name, std::size_t pages) const {
    const double precision = tp + fp ? double(tp) / (tp + fp) : 0;
    const double recall = tp + fn ? double(tp) / (tp + fn) : 0;
    const double f1 = precision + recall ? 2 * precision * recall / (precision + recall) : 0;
    std::printf(
        "%-6s pages %3zu  tp %4ld  fn %3ld  fp %3ld  tn %4ld  precision %.3f  recall %.3f  F1 "
        "%.3f\n",
        name, pages, tp, fn, fp, tn, precision, recall, f1);
  }
};

int Quality(const std::vector<Page>& pages, bool failures, int only_half) {
  Counts all, half[2];
  std::size_t npages[2] = {0, 0};
  for (const Page& p : pages) {
    const int h = Half(p.file);
    if (only_half >= 0 && h != only_half) continue;
    ++npages[h];
    long tp = 0, fn = 0, fp = 0, tn = 0;
    const newsd::Article a = newsd::ExtractPage(p.html, p.url);
    const std::string text = Collapse(a.text);
    std::vector<std::string> missed, leaked;
    for (const auto& s : p.with) {
      if (text.find(s) != std::string::npos)
        ++tp;
      else {
        ++fn;
        missed.push_back(s);
      }
    }
    for (const auto& s : p.without) {
      if (text.find(s) != std::string::npos) {
        ++fp;
        leaked.push_back(s);
      } else
        ++tn;
    }
    for (Counts* c : {&all, &half[h]}) {
      c->tp += tp;
      c->fn += fn;
      c->fp += fp;
      c->tn += tn;
    }
    if (failures && (!missed.empty() || !leaked.empty())) {
      std::printf("%s [%c] (%s) chars=%zu\n", p.file.c_str(), "AB"[h], p.url.c_str(),
                  a.text.size());
      for (const auto& s : missed) std::printf("  MISSING: %s\n", s.c_str());
      for (const auto& s : leaked) std::printf("  LEAKED:  %s\n", s.c_str());
    }
  }
  half[0].Print("half A", npages[0]);
  half[1].Print("half B", npages[1]);
  all.Print("all", npages[0] + npages[1]);
  return 0;
}

// Runs `f` over every page once (after one warm-up pass); CPU and wall time.
template <typename F>
void TimePages(const char* name, const std::vector<Page>& pages, F f) {
  std::size_t bytes = 0, out = 0;
  for (const Page& p : pages) bytes += p.html.size();
  for (const Page& p : pages) out += f(p);  // warm-up: page cache, allocator
  out = 0;
  const double c0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (const Page& p : pages) out += f(p);
  const double s = Seconds(std::chrono::steady_clock::now() - t0);
  const double cpu = CpuSeconds() - c0;
  std::printf(
      "%-22s %zu pages, %.1f MB: cpu %.3f s = %5.0f pages/s (%5.1f MB/s); wall %.3f s; %zu out\n",
      name, pages.size(), bytes / 1e6, cpu, pages.size() / cpu, bytes / 1e6 / cpu, s, out);
}

// ExtractPage (the whole default pipeline) beside its parts: the page stage
// alone (charset, parse, metadata, main text; no normalisation, language,
// sentences, SimHash), and charset conversion + Gumbo's parse alone, the
// floor any Gumbo-based extractor pays.
int Speed(const std::vector<Page>& pages) {
  TimePages("newsd ExtractPage:", pages,
            [](const Page& p) { return newsd::ExtractPage(p.html, p.url).text.size(); });
  TimePages("page stage only:", pages, [](const Page& p) {
    const newsd::HtmlDocument doc(newsd::ToUtf8(p.html));
    const newsd::PageMetadata meta = newsd::ExtractMetadata(doc.Root());
    return newsd::ExtractMainText(doc.Body()).size() + meta.title.size();
  });
  TimePages("ToUtf8 + Gumbo parse:", pages, [](const Page& p) {
    const newsd::HtmlDocument doc(newsd::ToUtf8(p.html));
    return std::size_t{doc.Body() != nullptr};
  });
  TimePages("Gumbo parse only:", pages, [](const Page& p) {
    const newsd::HtmlDocument doc(p.html);
    return std::size_t{doc.Body() != nullptr};
  });
  return 0;
}

// Feed items: ~5 KB HTML fragments cut from the article paragraphs of the corpus.
int Items(const std::vector<Page>& pages) {
  std::vector<std::string> items;
  for (const Page& p : pages) {
    const newsd::Article a = newsd::ExtractPage(p.html, p.url);
    std::string html;
    std::size_t pos = 0;
    while (pos < a.text.size() && html.size() < 5000) {
      std::size_t end = a.text.find("\n\n", pos);
      if (end == std::string::npos) end = a.text.size();
      html += "<p>" + a.text.substr(pos, end - pos) + "</p>\n";
      pos = end + 2;
    }
    if (html.size() >= 4000) items.push_back(html.substr(0, 5000));
  }
  auto pipeline = newsd::Pipeline::Create({});
  if (!pipeline) return 1;
  std::size_t bytes = 0, sentences = 0;
  for (const auto& h : items) bytes += h.size();
  const int rounds = 5;
  const double c0 = CpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& h : items) {
      newsd::Article a;
      a.html = h;
      a.url = "https://example.com/a";
      pipeline->Run(a);
      sentences += a.sentences.size();
    }
  }
  const double s = Seconds(std::chrono::steady_clock::now() - t0);
  const double cpu = CpuSeconds() - c0;
  const double n = double(items.size()) * rounds;
  std::printf(
      "feed items (full pipeline, avg %.0f bytes): %.0f items: cpu %.3f s = %.0f items/s; wall "
      "%.3f s; %zu sentences\n",
      double(bytes) / items.size(), n, cpu, n / cpu, s, sentences);
  for (const auto& st : pipeline->Stats()) {
    std::printf("  %-14s %8.1f us/item\n", st.name.c_str(),
                st.calls ? st.nanos / 1e3 / st.calls : 0.0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = NEWSD_SOURCE_DIR "/../shared/corpora/extraction";
  bool failures = false, speed = false, items = false;
  int only_half = -1;
  std::size_t limit = 0;
  std::string show;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc)
      corpus = argv[++i];
    else if (!std::strcmp(argv[i], "--failures"))
      failures = true;
    else if (!std::strcmp(argv[i], "--speed"))
      speed = true;
    else if (!std::strcmp(argv[i], "--items"))
      items = true;
    else if (!std::strcmp(argv[i], "--show") && i + 1 < argc)
      show = argv[++i];
    else if (!std::strcmp(argv[i], "--limit") && i + 1 < argc)
      limit = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--half") && i + 1 < argc)
      only_half = std::strcmp(argv[++i], "B") == 0 ? 1 : 0;
    else {
      std::fprintf(stderr,
                   "usage: %s [--corpus DIR] [--half A|B] [--limit N] [--show FILE] "
                   "[--failures|--speed|--items]\n",
                   argv[0]);
      return 2;
    }
  }
  std::vector<Page> pages = LoadCorpus(corpus);
  if (limit > 0 && pages.size() > limit) pages.resize(limit);
  if (!show.empty()) {
    for (const Page& p : pages) {
      if (p.file == show) std::printf("%s\n", newsd::ExtractPage(p.html, p.url).text.c_str());
    }
    return 0;
  }
  if (speed) return Speed(pages);
  if (items) return Items(pages);
  return Quality(pages, failures, only_half);
}
