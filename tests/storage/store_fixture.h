// Helpers for the storage tests: articles built the way the pipeline would
// (content hash of normalised text, a word-shingle SimHash, canonical URL),
// a store in a temp dir, and a synchronous submit.
#pragma once

#include <cctype>
#include <future>
#include <string>

#include "core/hash.h"
#include "core/url.h"
#include "storage/reader.h"
#include "storage/store.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

// Stand-in for the pipeline's normalisation (lower-case, markup and
// punctuation dropped, whitespace collapsed); enough for ASCII test text.
inline std::string NormaliseForTest(const std::string& text) {
  std::string out;
  bool in_tag = false, space = false;
  for (char c : text) {
    if (c == '<') in_tag = true;
    if (in_tag) {
      if (c == '>') in_tag = false;
      space = true;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(std::tolower(u));
    } else {
      space = true;
    }
  }
  return out;
}

inline std::uint64_t Fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// 64-bit SimHash over 3-word shingles of the normalised text.
inline std::uint64_t SimHashForTest(const std::string& text) {
  const std::string n = NormaliseForTest(text);
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < n.size()) {
    auto sp = n.find(' ', pos);
    if (sp == std::string::npos) sp = n.size();
    words.push_back(n.substr(pos, sp - pos));
    pos = sp + 1;
  }
  int v[64] = {};
  for (std::size_t i = 0; i + 2 < words.size(); ++i) {
    const std::uint64_t h = Fnv1a(words[i] + " " + words[i + 1] + " " + words[i + 2]);
    for (int b = 0; b < 64; ++b) v[b] += (h >> b) & 1 ? 1 : -1;
  }
  std::uint64_t out = 0;
  for (int b = 0; b < 64; ++b) {
    if (v[b] > 0) out |= 1ull << b;
  }
  return out;
}

inline Article MakeArticle(const std::string& feed, const std::string& guid, const std::string& url,
                           const std::string& title, const std::string& text,
                           TimePoint fetched = TimePoint{}) {
  Article a;
  a.feed = feed;
  a.guid = guid;
  a.url = url;
  a.canonical_url = CanonicalizeUrl(url);
  a.title = title;
  a.text = text;
  a.lang = "en";
  a.fetched =
      fetched == TimePoint{}
          ? std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())
          : fetched;
  a.content_hash = "sha256:" + Sha256Hex(NormaliseForTest(title + "\n" + text));
  a.simhash = SimHashForTest(text);
  return a;
}

inline StoreOptions TestOptions(const TempDir& dir) {
  StoreOptions o;
  o.path = dir.str() + "/newsd.db";
  o.batch_interval = std::chrono::milliseconds(5);
  return o;
}

// Submits and waits for the outcome (with a deadline).
inline BatchOutcome SubmitAndWait(Store& store, WriteBatch batch) {
  auto p = std::make_shared<std::promise<BatchOutcome>>();
  auto f = p->get_future();
  batch.done = [p](const BatchOutcome& r) { p->set_value(r); };
  if (auto st = store.Submit(std::move(batch)); !st) return BatchOutcome(Fail(st.error()));
  if (f.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    return BatchOutcome(Fail(ErrorKind::kTimeout, "batch not committed within 30 s"));
  }
  return f.get();
}

inline WriteBatch BatchOf(std::vector<Article> articles) {
  WriteBatch b;
  for (const auto& a : articles) b.raw_hashes.push_back(Sha256Hex(a.title + a.text));
  b.articles = std::move(articles);
  return b;
}

inline std::string TestText(const std::string& name) {
  return ReadFile(DataPath("storage/" + name));
}

}  // namespace newsd::testing
