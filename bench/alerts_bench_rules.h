// alerts_bench's inputs: the article corpus and N watch rules generated from
// its vocabulary (see alerts_bench.cpp for how they are used).
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "alerts/matcher.h"
#include "alerts/text_fold.h"
#include "core/model.h"

namespace alerts_bench {

using newsd::alerts::FoldMode;
using newsd::alerts::WatchSpec;

inline void AddStrings(const boost::json::value* v, std::string& out) {
  if (v == nullptr || !v->is_array()) return;
  for (const auto& e : v->as_array()) {
    if (e.is_string()) out += std::string(e.as_string()) + "\n\n";
  }
}

// Every article version of every publisher file: title + summary + paragraphs.
inline std::vector<newsd::Article> LoadArticles(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<newsd::Article> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    auto j = boost::json::parse(ss.str(), ec);
    if (ec || !j.is_object()) continue;
    for (const auto& [version, v] : j.as_object()) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      newsd::Article a;
      if (const auto* t = o.if_contains("title"); t && t->is_string()) a.title = t->as_string();
      if (const auto* b = o.if_contains("body"); b && b->is_object()) {
        AddStrings(b->as_object().if_contains("summary"), a.text);
        if (const auto* secs = b->as_object().if_contains("sections"); secs && secs->is_array()) {
          for (const auto& sec : secs->as_array()) {
            if (!sec.is_object()) continue;
            AddStrings(sec.as_object().if_contains("headline"), a.text);
            AddStrings(sec.as_object().if_contains("paragraphs"), a.text);
          }
        }
      }
      if (a.text.empty()) continue;
      a.feed = f.parent_path().filename().string();
      out.push_back(std::move(a));
    }
  }
  return out;
}

struct Generated {
  std::vector<WatchSpec> specs;
  // For the regex loop: per rule, the terms as regexes (all must be found;
  // a naive reading that ignores NOT and NEAR distances).
  std::vector<std::vector<std::string>> regex_terms;
};

inline Generated MakeRules(const std::vector<newsd::Article>& arts, int n, int skip_top) {
  // Vocabulary: distinct words of 4+ characters, and adjacent word pairs,
  // without the `skip_top` most frequent words (stop words: "that", "with").
  std::map<std::string, int> freq;
  for (const auto& a : arts) {
    for (auto& w : newsd::alerts::FoldWords(a.text, FoldMode::kFold)) ++freq[w];
  }
  std::vector<std::pair<int, std::string>> by_freq;
  for (const auto& [w, c] : freq) by_freq.emplace_back(-c, w);
  std::sort(by_freq.begin(), by_freq.end());
  std::set<std::string> stop;
  for (int i = 0; i < skip_top && i < static_cast<int>(by_freq.size()); ++i) {
    stop.insert(by_freq[i].second);
  }
  std::set<std::string> vocab_set;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& a : arts) {
    auto words = newsd::alerts::FoldWords(a.text, FoldMode::kFold);
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i].size() >= 4 && !std::isdigit(static_cast<unsigned char>(words[i][0])) &&
          stop.count(words[i]) == 0) {
        vocab_set.insert(words[i]);
        if (i + 1 < words.size() && words[i + 1].size() >= 4 && stop.count(words[i + 1]) == 0) {
          pairs.emplace_back(words[i], words[i + 1]);
        }
      }
    }
  }
  std::vector<std::string> vocab(vocab_set.begin(), vocab_set.end());
  std::mt19937 rng(42);
  auto word = [&] { return vocab[rng() % vocab.size()]; };
  auto esc = [](const std::string& w) {
    std::string r;
    for (char c : w) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) r += '\\';
      r += c;
    }
    return r;
  };
  Generated g;
  for (int i = 0; i < n; ++i) {
    WatchSpec s;
    s.id = "r" + std::to_string(i);
    std::vector<std::string> rx;
    const int shape = i % 20;
    std::string a = word(), b = word();
    if (shape < 8) {  // two terms, implicit AND
      s.query = a + " " + b;
      rx = {"\\b" + esc(a) + "\\b", "\\b" + esc(b) + "\\b"};
    } else if (shape < 12) {  // a phrase from the text
      auto& p = pairs[rng() % pairs.size()];
      s.query = "\"" + p.first + " " + p.second + "\"";
      rx = {"\\b" + esc(p.first) + "\\s+" + esc(p.second) + "\\b"};
    } else if (shape < 15) {  // proximity
      s.query = a + " NEAR/5 " + b;
      rx = {"\\b" + esc(a) + "\\b", "\\b" + esc(b) + "\\b"};
    } else if (shape < 17) {  // prefix OR term
      while (a.size() < 8) a = word();
      std::string pre = a.substr(0, a.size() - 2);
      s.query = "(" + pre + "* OR " + b + ") NOT " + word();
      rx = {"\\b" + esc(pre) + "\\w*|\\b" + esc(b) + "\\b"};
    } else {  // weighted list
      s.terms = {{a, 2}, {b, 2}, {word(), 1}, {word(), 1}};
      s.threshold = 3;
      rx = {"\\b" + esc(a) + "\\b", "\\b" + esc(b) + "\\b"};
    }
    g.specs.push_back(std::move(s));
    g.regex_terms.push_back(std::move(rx));
  }
  return g;
}

}  // namespace alerts_bench
