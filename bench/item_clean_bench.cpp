// Feed-item cleaning speed (issue #6) and the fast paths' equality check.
//
//   item_clean_bench [--farm DIR] [--rounds N]   items/s, CPU per stage
//   item_clean_bench --check [--farm DIR]        fast paths == references
//
// Items: ~5 KB HTML fragments cut from the article paragraphs of the pages in
// ../shared/corpora/extraction/html (as extract_eval_bench --items builds
// them), or with --farm the items of the feeds of a bench/gen_farm.py farm
// (ArticleFromFeedItem, as `newsd once` makes them; ~8 KB content:encoded).
// Speed: each item goes through the default pipeline's stages, called one by
// one and timed with the thread's CPU clock (pin it: taskset -c 1). "cleaning"
// is HTML -> text, normalize, language, sentences (issue #6's definition);
// "all" adds the content hash and SimHash.
// --check: on every text (page texts, item texts, titles): SimHash ==
// SimHashReference, ContentKey == ContentKeyReference; on those texts, every
// item's HTML and every whole page read as a fragment: HtmlFragmentToText ==
// HtmlFragmentToTextReference. Prints the counts, exits 1 on any difference.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/model.h"
#include "extract/html_text.h"
#include "extract/language.h"
#include "extract/normalize.h"
#include "extract/page.h"
#include "extract/simhash.h"
#include "extract/stages.h"
#include "feeds/parser.h"

namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> Files(const std::string& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (e.is_regular_file() && n != "urls.txt" && !n.ends_with(".txt")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Corpus pages -> their main texts (and titles).
std::vector<newsd::Article> Pages(const std::string& dir) {
  std::vector<newsd::Article> out;
  for (const auto& f : Files(dir)) {
    newsd::Article a = newsd::ExtractPage(ReadFile(f), "https://example.com/a");
    if (!a.text.empty()) out.push_back(std::move(a));
  }
  return out;
}

// ~5 KB fragments of <p> paragraphs from the page texts.
std::vector<newsd::Article> CorpusItems(const std::vector<newsd::Article>& pages) {
  std::vector<newsd::Article> items;
  for (const auto& p : pages) {
    std::string html;
    std::size_t pos = 0;
    while (pos < p.text.size() && html.size() < 5000) {
      std::size_t end = p.text.find("\n\n", pos);
      if (end == std::string::npos) end = p.text.size();
      html += "<p>" + p.text.substr(pos, end - pos) + "</p>\n";
      pos = end + 2;
    }
    if (html.size() < 4000) continue;
    newsd::Article a;
    a.url = "https://example.com/a";
    a.title = p.title;
    a.html = html.substr(0, 5000);
    items.push_back(std::move(a));
  }
  return items;
}

std::vector<newsd::Article> FarmItems(const std::string& dir, std::size_t max_files) {
  std::vector<newsd::Article> items;
  std::size_t files = 0;
  for (const auto& f : Files(dir)) {
    if (++files > max_files) break;
    newsd::ParseOptions po;
    po.base_url = "http://127.0.0.1/";
    auto parsed = newsd::ParseFeed(ReadFile(f), po);
    if (!parsed) continue;
    for (const auto& it : parsed->items) {
      newsd::Article a = newsd::ArticleFromFeedItem(it, "farm");
      if (!a.declared_language && parsed->language) a.declared_language = parsed->language;
      items.push_back(std::move(a));
    }
  }
  return items;
}

struct Step {
  const char* name;
  std::function<void(newsd::Article&)> run;
  bool cleaning;  // part of issue #6's "feed-item cleaning"
  double cpu = 0;
};

int Speed(const std::vector<newsd::Article>& items, int rounds) {
  std::vector<Step> steps = {
      {"canonical-url", newsd::CanonicalUrlStage, false},
      {"html-text", newsd::HtmlTextStage, true},
      {"normalize", newsd::NormalizeStage, true},
      {"content-hash", newsd::ContentHashStage, false},
      {"language", newsd::LanguageStage, true},
      {"sentences", newsd::SentencesStage, true},
      {"simhash", newsd::SimHashStage, false},
  };
  // The implementations before the fast paths, on the same input, for
  // comparison (not counted in the totals).
  std::vector<Step> refs = {
      {"html-text (reference: plain Gumbo parse)",
       [](newsd::Article& a) {
         if (!a.html_is_full_page) newsd::HtmlFragmentToTextReference(a.html);
       },
       false},
      {"content-hash (reference: ICU over the whole text)",
       [](newsd::Article& a) {
         a.content_hash =
             "sha256:" +
             newsd::Sha256Hex(newsd::ContentKeyReference(a.text.empty() ? a.title : a.text));
       },
       false},
      {"language (reference: CLD2 on the whole text)",
       [](newsd::Article& a) {
         newsd::DetectLanguage(a.text.empty() ? a.title : a.title + "\n\n" + a.text,
                               a.declared_language);
       },
       false},
      {"simhash (reference: ICU over the whole text)",
       [](newsd::Article& a) {
         a.simhash = newsd::SimHashReference(a.text.empty() ? a.title : a.text);
       },
       false},
  };
  std::size_t bytes = 0;
  for (const auto& a : items) bytes += a.html.size();
  double refs_cpu = 0;
  const double c0 = CpuSeconds();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& src : items) {
      newsd::Article a = src;
      for (Step& s : steps) {
        const double t = CpuSeconds();
        s.run(a);
        s.cpu += CpuSeconds() - t;
      }
      const double t1 = CpuSeconds();
      for (Step& s : refs) {
        const double t = CpuSeconds();
        s.run(a);
        s.cpu += CpuSeconds() - t;
      }
      refs_cpu += CpuSeconds() - t1;
    }
  }
  const double total = CpuSeconds() - c0 - refs_cpu;
  const double n = static_cast<double>(items.size()) * rounds;
  double cleaning = 0;
  for (const Step& s : steps) cleaning += s.cleaning ? s.cpu : 0;
  std::printf("%zu items x %d rounds, avg %.0f bytes of HTML\n", items.size(), rounds,
              static_cast<double>(bytes) / static_cast<double>(items.size()));
  for (const Step& s : steps) {
    std::printf("  %-14s %8.1f us/item CPU%s\n", s.name, s.cpu / n * 1e6,
                s.cleaning ? "  (cleaning)" : "");
  }
  for (const Step& s : refs) std::printf("  %s: %.1f us/item CPU\n", s.name, s.cpu / n * 1e6);
  std::printf("cleaning (html-text, normalize, language, sentences): %.1f us/item = %.0f items/s\n",
              cleaning / n * 1e6, n / cleaning);
  std::printf(
      "all stages (+ canonical-url, content-hash, simhash, copies): %.1f us/item = %.0f "
      "items/s\n",
      total / n * 1e6, n / total);
  return 0;
}

int Check(const std::vector<newsd::Article>& pages, const std::vector<newsd::Article>& items,
          const std::vector<std::string>& html) {
  std::vector<std::string> texts;
  for (const auto& p : pages) {
    texts.push_back(p.text);
    texts.push_back(p.title);
  }
  for (const auto& src : items) {
    newsd::Article a = src;
    newsd::HtmlTextStage(a);
    newsd::NormalizeStage(a);
    texts.push_back(a.text);
    texts.push_back(a.title);
    texts.push_back(src.html);  // raw markup too: odd characters, entities
  }
  std::size_t simhash_diff = 0, key_diff = 0, html_checked = 0, html_diff = 0;
  for (const auto& t : texts) {
    if (newsd::SimHash(t) != newsd::SimHashReference(t)) {
      if (++simhash_diff <= 5) std::printf("SimHash differs on: %.200s\n", t.c_str());
    }
    if (newsd::ContentKey(t) != newsd::ContentKeyReference(t)) {
      if (++key_diff <= 5) std::printf("ContentKey differs on: %.200s\n", t.c_str());
    }
    ++html_checked;
    if (newsd::HtmlFragmentToText(t) != newsd::HtmlFragmentToTextReference(t)) {
      if (++html_diff <= 5) std::printf("HTML text differs on: %.200s\n", t.c_str());
    }
  }
  for (const auto& h : html) {
    ++html_checked;
    const std::string got = newsd::HtmlFragmentToText(h);
    const std::string want = newsd::HtmlFragmentToTextReference(h);
    if (got != want) {
      if (++html_diff <= 5) {
        std::size_t d = 0;
        while (d < got.size() && d < want.size() && got[d] == want[d]) ++d;
        const std::size_t from = d > 80 ? d - 80 : 0;
        std::printf("HTML text differs at %zu:\n  fast: %s\n  ref:  %s\n", d,
                    got.substr(from, 160).c_str(), want.substr(from, 160).c_str());
      }
    }
  }
  std::printf(
      "%zu texts: SimHash differs on %zu, ContentKey on %zu; HtmlFragmentToText: %zu "
      "inputs (texts, items, whole pages), differs on %zu\n",
      texts.size(), simhash_diff, key_diff, html_checked, html_diff);
  return simhash_diff + key_diff + html_diff == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus = NEWSD_SOURCE_DIR "/../shared/corpora/extraction/html";
  std::string farm;
  bool check = false;
  int rounds = 3;
  std::size_t farm_files = 200;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--farm") && i + 1 < argc) {
      farm = argv[++i];
    } else if (!std::strcmp(argv[i], "--farm-files") && i + 1 < argc) {
      farm_files = std::stoul(argv[++i]);
    } else if (!std::strcmp(argv[i], "--corpus") && i + 1 < argc) {
      corpus = argv[++i];
    } else if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
    } else if (!std::strcmp(argv[i], "--check")) {
      check = true;
    } else {
      std::fprintf(stderr,
                   "usage: item_clean_bench [--check] [--farm DIR [--farm-files N]] [--corpus "
                   "DIR] [--rounds N]\n");
      return 2;
    }
  }
  const std::vector<newsd::Article> pages = Pages(corpus);
  const std::vector<newsd::Article> items =
      farm.empty() ? CorpusItems(pages) : FarmItems(farm, farm_files);
  if (items.empty()) {
    std::fprintf(stderr, "no items\n");
    return 1;
  }
  if (!check) return Speed(items, rounds);
  std::vector<std::string> html;  // whole pages as fragments: every kind of markup
  for (const auto& f : Files(corpus)) html.push_back(ReadFile(f));
  for (const auto& a : items) html.push_back(a.html);
  return Check(pages, items, html);
}
