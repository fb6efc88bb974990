// Conformance with the feedparser corpus: every expectation of
// tests/data/feedparser/expectations.tsv (generated from the corpus files'
// Expect: lines by gen_expect.py) is checked against `ParseFeed` output in the
// JSON form of `newsd parse`. Reports the pass rate per folder and fails when
// it drops below the targets; deliberate differences are listed in
// docs/NOTES.md (Feed parsing).
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "feeds/parser.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

namespace json = boost::json;

struct Check {
  std::string path;
  json::value expected;
};

struct Case {
  std::string file;
  std::string content_type;
  std::string base_url;
  std::string content_language;
  std::vector<Check> checks;
};

std::vector<std::string> Split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream ss(line);
  while (std::getline(ss, cur, sep)) out.push_back(cur);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::vector<Case> LoadCases() {
  std::ifstream in(testing::DataPath("feedparser/expectations.tsv"));
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = Split(line, '\t');
    if (f.size() != 6) continue;
    if (cases.empty() || cases.back().file != f[0]) cases.push_back({f[0], f[1], f[2], f[3], {}});
    cases.back().checks.push_back({f[4], json::parse(f[5])});
  }
  return cases;
}

// Follows "items.0.title" / "items.#" through the parse object.
std::optional<json::value> Lookup(const json::value& root, const std::string& path) {
  const json::value* cur = &root;
  for (const std::string& part : Split(path, '.')) {
    if (part == "#") {
      if (!cur->is_array()) return std::nullopt;
      return json::value(static_cast<std::int64_t>(cur->get_array().size()));
    }
    if (cur->is_array()) {
      const std::size_t i = std::stoul(part);
      if (i >= cur->get_array().size()) return std::nullopt;
      cur = &cur->get_array()[i];
    } else if (cur->is_object()) {
      cur = cur->get_object().if_contains(part);
      if (!cur) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return *cur;
}

bool SameValue(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) return a.to_number<double>() == b.to_number<double>();
  return a == b;
}

// Returns "" when every check of `c` holds, else what differed.
std::string RunCase(const Case& c) {
  const std::string bytes = testing::ReadFile(testing::DataPath("feedparser/" + c.file));
  ParseOptions options;
  options.content_type = c.content_type;
  options.base_url = c.base_url;
  options.content_language = c.content_language;
  Result<ParsedFeed> feed = ParseFeed(bytes, options);
  std::string diff;
  if (!feed) {
    for (const Check& ch : c.checks) {
      const bool ok = (ch.path == "error") || (ch.path == "recovered" && ch.expected == true);
      if (!ok) diff += "  " + ch.path + ": parse failed: " + feed.error().message + "\n";
    }
    return diff;
  }
  const json::value out = ParsedFeedToJson(*feed);
  for (const Check& ch : c.checks) {
    if (ch.path == "error") {
      diff += "  expected no feed, got format " + feed->format + "\n";
      continue;
    }
    auto got = Lookup(out, ch.path);
    if (!got || !SameValue(*got, ch.expected)) {
      diff += "  " + ch.path + ": expected " + json::serialize(ch.expected) + ", got " +
              (got ? json::serialize(*got) : std::string("(missing)")) + "\n";
    }
  }
  if (!diff.empty() && !feed->warnings.empty()) {
    diff += "  warnings: " + json::serialize(out.at("warnings")) + "\n";
  }
  return diff;
}

TEST(FeedparserCorpus, PassRatesMeetTargets) {
  const std::vector<Case> cases = LoadCases();
  ASSERT_GT(cases.size(), 200u) << "expectations.tsv missing or truncated";
  std::map<std::string, std::pair<int, int>> by_folder;  // folder -> (passed, total)
  std::map<std::string, std::pair<int, int>> by_group;   // well-formed / ill-formed
  std::string failures;
  for (const Case& c : cases) {
    const std::string folder = c.file.substr(0, c.file.find('/'));
    const std::string group =
        (folder == "wellformed" || folder == "json") ? "well-formed" : "ill-formed/encoding";
    const std::string diff = RunCase(c);
    auto& f = by_folder[folder];
    auto& g = by_group[group];
    ++f.second;
    ++g.second;
    if (diff.empty()) {
      ++f.first;
      ++g.first;
    } else {
      failures += c.file + "\n" + diff;
    }
  }
  std::printf("feedparser corpus, applicable cases passed:\n");
  for (const auto& [name, pt] : by_folder) {
    std::printf("  %-12s %4d / %4d  %.1f%%\n", name.c_str(), pt.first, pt.second,
                100.0 * pt.first / pt.second);
  }
  for (const auto& [name, pt] : by_group) {
    std::printf("  [%s] %d / %d  %.1f%%\n", name.c_str(), pt.first, pt.second,
                100.0 * pt.first / pt.second);
  }
  if (!failures.empty()) std::printf("failing cases:\n%s", failures.c_str());
  const auto rate = [&](const std::string& g) {
    return static_cast<double>(by_group[g].first) / by_group[g].second;
  };
  EXPECT_GE(rate("well-formed"), 0.98);
  EXPECT_GE(rate("ill-formed/encoding"), 0.90);
}

}  // namespace
}  // namespace newsd
