// Does CLD2 on a bounded sample of the clean text agree with CLD2 on the whole
// text? Extracts every page of the given corpora (ExtractPage: main text and
// title), then detects the language of title + text as the pipeline did before
// (whole text) and on LanguageSample(text, N) for several N; prints per N the
// agreement of the language code and of the reliable flag, the pages that
// change, and CLD2's CPU time.
//
//   lang_sample_bench [DIR...]   default: ../shared/corpora/extraction/html
//                                and ../shared/corpora/news-pages (*.html, *.html.gz)
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/model.h"
#include "extract/language.h"
#include "extract/page.h"

namespace {

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string ReadFile(const std::filesystem::path& p) {
  if (p.extension() == ".gz") {
    std::string out;
    const std::string cmd = "gzip -dc '" + p.string() + "'";
    FILE* f = popen(cmd.c_str(), "r");
    if (f == nullptr) return out;
    char buf[65536];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    pclose(f);
    return out;
  }
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Doc {
  std::string name;
  std::string title;
  std::string text;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) dirs.emplace_back(argv[i]);
  if (dirs.empty()) {
    dirs = {NEWSD_SOURCE_DIR "/../shared/corpora/extraction/html",
            NEWSD_SOURCE_DIR "/../shared/corpora/news-pages"};
  }
  std::vector<Doc> docs;
  for (const auto& d : dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(d)) {
      const std::string n = e.path().filename().string();
      if (e.is_regular_file() &&
          (n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".html.gz"))) {
        files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      newsd::Article a = newsd::ExtractPage(ReadFile(f), "https://example.com/a");
      if (a.text.empty()) continue;
      docs.push_back({f.string(), a.title, a.text});
    }
  }
  std::size_t longer = 0;
  for (const Doc& d : docs) longer += d.text.size() > 2048 ? 1 : 0;
  std::printf("%zu pages with text (%zu longer than 2 KB)\n", docs.size(), longer);

  auto input = [](const Doc& d, std::string_view text) {
    return d.title + "\n\n" + std::string(text);
  };
  std::vector<newsd::LanguageGuess> whole;
  double c0 = CpuSeconds();
  for (const Doc& d : docs) whole.push_back(newsd::DetectLanguage(input(d, d.text), std::nullopt));
  const double whole_cpu = CpuSeconds() - c0;
  std::printf("%-8s %10s %10s %14s\n", "sample", "same lang", "same flag", "CLD2 CPU s");
  std::printf("%-8s %10zu %10zu %14.3f\n", "whole", docs.size(), docs.size(), whole_cpu);
  for (std::size_t n : {512, 1024, 2048, 4096, 8192}) {
    std::size_t same = 0, flag = 0;
    std::vector<std::string> changed;
    c0 = CpuSeconds();
    std::vector<newsd::LanguageGuess> got;
    for (const Doc& d : docs) {
      got.push_back(
          newsd::DetectLanguage(input(d, newsd::LanguageSample(d.text, n)), std::nullopt));
    }
    const double cpu = CpuSeconds() - c0;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (got[i].code == whole[i].code) {
        ++same;
      } else {
        changed.push_back(docs[i].name + ": " + whole[i].code + " -> " + got[i].code);
      }
      flag += got[i].reliable == whole[i].reliable ? 1 : 0;
    }
    std::printf("%-8zu %10zu %10zu %14.3f\n", n, same, flag, cpu);
    if (n == 1024 || n == newsd::kLanguageSampleBytes) {
      for (const auto& c : changed) std::printf("    changed: %s\n", c.c_str());
    }
  }
  return 0;
}
