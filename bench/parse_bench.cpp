// Feed parsing throughput on one core: ParseFeed over every feed file of a
// directory (the farm of bench/gen_farm.py), files preloaded into memory.
//
//   parse_bench DIR [--base-url URL] [--min-seconds S] [--files N]
//
// Repeats full passes over the files until at least S seconds (default 3)
// have passed, then prints one JSON line: files, bytes, items, seconds, MB/s,
// items/s. Rates use the thread's CPU time (the machine is shared, so wall
// time would also count other processes' turns); wall time is printed too.
// bench/parse_compare.sh runs it beside Python feedparser.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/parser.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parse_bench DIR [--base-url URL] [--min-seconds S]\n");
    return 2;
  }
  std::string base = "http://127.0.0.1:8080/";
  double min_seconds = 3;
  std::size_t max_files = 0;  // 0 = all
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--base-url") == 0) base = argv[i + 1];
    if (std::strcmp(argv[i], "--min-seconds") == 0) min_seconds = std::atof(argv[i + 1]);
    if (std::strcmp(argv[i], "--files") == 0) max_files = std::strtoul(argv[i + 1], nullptr, 10);
  }
  std::vector<std::pair<std::string, std::string>> files;  // (url, bytes)
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(argv[1])) {
    const std::string ext = e.path().extension().string();
    if (ext == ".rss" || ext == ".atom" || ext == ".rdf" || ext == ".xml")
      paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  if (max_files > 0 && paths.size() > max_files) paths.resize(max_files);
  std::size_t bytes = 0;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.emplace_back(base + p.filename().string(), std::move(ss).str());
    bytes += files.back().second.size();
  }
  if (files.empty()) {
    std::fprintf(stderr, "parse_bench: no feed files in %s\n", argv[1]);
    return 1;
  }
  newsd::ParseOptions options;
  std::size_t items = 0, passes = 0, failures = 0, checksum = 0;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9;
  };
  const double cpu_start = cpu_now();
  const auto start = std::chrono::steady_clock::now();
  double seconds = 0;
  do {
    for (const auto& [url, data] : files) {
      options.base_url = url;
      auto feed = newsd::ParseFeed(data, options);
      if (!feed) {
        ++failures;
        continue;
      }
      items += feed->items.size();
      for (const auto& it : feed->items) checksum += it.title.size() + it.link.size();
    }
    ++passes;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (seconds < min_seconds);
  const double cpu_seconds = cpu_now() - cpu_start;
  const double total_bytes = static_cast<double>(bytes) * passes;
  std::printf(
      "{\"tool\": \"newsd ParseFeed\", \"files\": %zu, \"passes\": %zu, \"bytes\": %.0f, "
      "\"items\": %zu, \"failures\": %zu, \"seconds\": %.3f, \"wall_seconds\": %.3f, "
      "\"mb_per_s\": %.1f, \"items_per_s\": %.0f, \"checksum\": %zu}\n",
      files.size(), passes, total_bytes, items, failures, cpu_seconds, seconds,
      total_bytes / 1e6 / cpu_seconds, items / cpu_seconds, checksum);
  return failures == 0 ? 0 : 1;
}
