// Storage throughput and near-duplicate lookup (docs/BENCHMARKS.md, "Storage
// and deduplication"). Run: build/store_bench [--n 100000] [--rows 1000000]
// [--fts on|off|both] [--batch 500] [--dir /tmp] [--only raw|store] [--keep 1]
// (--rows 0 skips the lookup part; --batch sets articles per transaction for
// both the raw loop and Store; --only runs one side, e.g. under perf stat;
// --keep 1 leaves the databases in place and prints their directory)
//
// 1. N articles of ~5 KB, built from paragraphs of the real article texts in
//    ../shared/corpora/newspaper4k-pages/txt (read from there), each unique,
//    written (a) through Store (writer thread, all dedup lookups, FTS) and
//    (b) by a raw SQLite loop inserting the same rows into the same schema in
//    transactions of 500 (the practical ceiling); then both with FTS off.
// 2. Near-duplicate lookup at 1,000,000 stored articles (synthetic random
//    SimHashes inserted directly), 20,000 lookups, half of them true hits.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "storage/article_writer.h"
#include "storage/codec.h"
#include "storage/schema.h"
#include "storage/store.h"

namespace fs = std::filesystem;
using namespace newsd;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> LoadParagraphs() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(NEWSD_SOURCE_DIR) / "../shared/corpora/newspaper4k-pages/txt";
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string t = ss.str();
    std::size_t pos = 0;
    while (pos < t.size()) {
      auto end = t.find("\n\n", pos);
      if (end == std::string::npos) end = t.size();
      if (end - pos > 80) out.push_back(t.substr(pos, end - pos));
      pos = end + 2;
    }
  }
  return out;
}

std::vector<Article> MakeArticles(int n, const std::vector<std::string>& paras) {
  std::mt19937_64 rng(42);
  std::vector<Article> v;
  v.reserve(static_cast<std::size_t>(n));
  const TimePoint t0 =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  for (int i = 0; i < n; ++i) {
    Article a;
    a.feed = "feed-" + std::to_string(i % 50);
    a.guid = "guid-" + std::to_string(i);
    a.url = "https://news" + std::to_string(i % 50) + ".example/story/" + std::to_string(i);
    a.canonical_url = a.url;
    a.title = "Story " + std::to_string(i) + ": " + paras[rng() % paras.size()].substr(0, 60);
    a.text = "Report number " + std::to_string(i) + ".";
    while (a.text.size() < 5000) a.text += "\n\n" + paras[rng() % paras.size()];
    a.lang = "en";
    a.fetched = t0 + std::chrono::seconds(i / 100);
    a.content_hash = "sha256:" + Sha256Hex(a.text);
    a.simhash = rng();
    v.push_back(std::move(a));
  }
  return v;
}

int g_batch = 500;  // --batch: articles per transaction, raw loop and Store alike

double RunStore(const std::string& path, const std::vector<Article>& arts, bool fts) {
  StoreOptions o;
  o.path = path;
  o.fts = fts;
  o.batch_size = g_batch;
  o.queue_capacity = std::max(o.queue_capacity, 2 * g_batch);
  auto store = Store::Open(o);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    std::exit(1);
  }
  const auto start = Clock::now();
  constexpr std::size_t kPoll = 50;  // articles per poll batch
  for (std::size_t i = 0; i < arts.size(); i += kPoll) {
    WriteBatch b;
    b.articles.assign(arts.begin() + static_cast<long>(i),
                      arts.begin() + static_cast<long>(std::min(arts.size(), i + kPoll)));
    for (const auto& a : b.articles) b.raw_hashes.push_back(a.content_hash);
    if (auto st = (*store)->Submit(std::move(b)); !st) std::exit(1);
  }
  if (auto st = (*store)->Flush(); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    std::exit(1);
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if ((*store)->Metrics().by_layer[0] != static_cast<std::int64_t>(arts.size())) {
    std::fprintf(stderr, "unexpected dedup result\n");
    std::exit(1);
  }
  return s;
}

storage::Db OpenMigrated(const std::string& path, bool fts) {
  storage::ConnectionOptions co;
  co.path = path;
  co.create = true;
  co.cache_size_kib = storage::kWriterCacheKib;  // as Store's writer connection
  co.wal_autocheckpoint = storage::kWriterWalAutocheckpoint;
  co.page_size = storage::kWriterPageSize;
  auto db = storage::OpenConnection(co);
  if (!db || !storage::Migrate(*db) || !storage::ApplyFtsSetting(*db, fts)) std::exit(1);
  return std::move(*db);
}

double RunRaw(const std::string& path, const std::vector<Article>& arts, bool fts) {
  auto db = OpenMigrated(path, fts);
  auto ins = db.Prepare(
      "INSERT INTO articles(feed, url, canonical_url, guid, title, author, published, updated, "
      "fetched, site_name, categories, feed_tags, declared_language, html_is_full_page, text, "
      "lang, lang_reliable, sentences, content_hash, simhash, sh0, sh1, sh2, sh3, duplicate_of, "
      "dedup_layer, revision, alert_key, stored_at) VALUES(?,?,?,?,?,NULL,NULL,NULL,?,'','','',"
      "NULL,0,?,?,0,'',?,?,?,?,?,?,NULL,0,1,?,?)");
  auto src = db.Prepare(
      "INSERT INTO article_sources(feed, guid, article_id, raw_hash, layer, first_seen, "
      "last_seen) VALUES(?,?,?,?,0,?,?)");
  if (!ins || !src) std::exit(1);
  const auto start = Clock::now();
  const auto batch = static_cast<std::size_t>(g_batch);
  for (std::size_t i = 0; i < arts.size(); i += batch) {
    if (!db.Exec("BEGIN IMMEDIATE")) std::exit(1);
    for (std::size_t j = i; j < std::min(arts.size(), i + batch); ++j) {
      const Article& a = arts[j];
      const auto now = storage::ToUnix(a.fetched);
      ins->Bind(1, std::string_view(a.feed))
          .Bind(2, std::string_view(a.url))
          .Bind(3, std::string_view(a.canonical_url))
          .Bind(4, std::string_view(a.guid))
          .Bind(5, std::string_view(a.title))
          .Bind(6, now)
          .BindStatic(7, a.text)
          .Bind(8, std::string_view(a.lang))
          .Bind(9, std::string_view(a.content_hash))
          .Bind(10, storage::SimhashToColumn(a.simhash));
      for (int k = 0; k < 4; ++k) ins->Bind(11 + k, storage::Band(a.simhash, k));
      ins->Bind(15, std::string_view("url:" + a.canonical_url)).Bind(16, now);
      if (!ins->Run()) std::exit(1);
      src->Bind(1, std::string_view(a.feed))
          .Bind(2, std::string_view(a.guid))
          .Bind(3, db.LastInsertRowid())
          .Bind(4, std::string_view(a.content_hash))
          .Bind(5, now)
          .Bind(6, now);
      if (!src->Run()) std::exit(1);
    }
    if (!db.Exec("COMMIT")) std::exit(1);
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void NearDuplicateLookup(const std::string& path, int rows) {
  auto db = OpenMigrated(path, false);
  auto ins = db.Prepare(
      "INSERT INTO articles(feed, url, canonical_url, guid, title, fetched, site_name, "
      "categories, feed_tags, html_is_full_page, text, lang, lang_reliable, content_hash, "
      "simhash, sh0, sh1, sh2, sh3, alert_key, stored_at) "
      "VALUES('f','','','','',?,'','','',0,'','',0,'',?,?,?,?,?,'',?)");
  if (!ins) std::exit(1);
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> hashes;
  const std::int64_t t0 = 1'790'000'000;
  const auto pstart = Clock::now();
  for (int i = 0; i < rows; i += 10000) {
    if (!db.Exec("BEGIN")) std::exit(1);
    for (int j = i; j < i + 10000 && j < rows; ++j) {
      const std::uint64_t h = rng();
      if (j % 100 == 0) hashes.push_back(h);
      ins->Bind(1, t0 + j / 10).Bind(2, storage::SimhashToColumn(h));
      for (int k = 0; k < 4; ++k) ins->Bind(3 + k, storage::Band(h, k));
      ins->Bind(7, t0);
      if (!ins->Run()) std::exit(1);
    }
    if (!db.Exec("COMMIT")) std::exit(1);
  }
  std::printf("populated %d rows in %.1f s\n", rows,
              std::chrono::duration<double>(Clock::now() - pstart).count());
  storage::ArticleWriter w(db, 3, std::chrono::seconds(365 * 86400));
  constexpr int kLookups = 20000;
  int found = 0;
  const auto start = Clock::now();
  const std::clock_t cpu0 = std::clock();
  for (int i = 0; i < kLookups; ++i) {
    Article a;
    a.fetched = storage::FromUnix(t0 + rows / 10);
    if (i % 2 == 0) {  // a true near-duplicate: 2 bits flipped
      a.simhash = hashes[static_cast<std::size_t>(i / 2) % hashes.size()] ^ (1ull << (i % 64)) ^
                  (1ull << ((i * 7 + 3) % 64));
    } else {
      a.simhash = rng();
    }
    auto r = w.FindNearDuplicate(a);
    if (!r) std::exit(1);
    if (*r) ++found;
  }
  const double us =
      std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kLookups;
  const double cpu_us = 1e6 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC / kLookups;
  std::printf(
      "near-duplicate lookup at %d rows: %.1f us/lookup wall, %.1f us CPU "
      "(%d of %d found, %d expected)\n",
      rows, us, cpu_us, found, kLookups, kLookups / 2);
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100000;
  int rows = 1000000;
  std::string dir = fs::temp_directory_path().string();
  std::string fts_modes = "both";  // --fts on|off|both
  std::string only;                // --only raw|store: run one side (for profiling)
  bool keep = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--n") n = std::stoi(argv[i + 1]);
    if (k == "--rows") rows = std::stoi(argv[i + 1]);
    if (k == "--dir") dir = argv[i + 1];
    if (k == "--fts") fts_modes = argv[i + 1];
    if (k == "--keep") keep = std::string(argv[i + 1]) == "1";
    if (k == "--batch") g_batch = std::max(1, std::stoi(argv[i + 1]));
    if (k == "--only") only = argv[i + 1];
  }
  const fs::path work = fs::path(dir) / ("newsd-store-bench-" + std::to_string(::getpid()));
  fs::create_directories(work);
  const auto paras = LoadParagraphs();
  const auto arts = MakeArticles(n, paras);
  std::size_t bytes = 0;
  for (const auto& a : arts) bytes += a.text.size();
  std::printf("%d articles, mean text %.0f bytes, from %zu corpus paragraphs\n", n,
              static_cast<double>(bytes) / n, paras.size());
  for (bool fts : {true, false}) {
    if (fts_modes != "both" && fts_modes != (fts ? "on" : "off")) continue;
    const std::string tag = fts ? "fts" : "nofts";
    const std::clock_t c0 = std::clock();
    const double raw =
        only == "store" ? 0 : RunRaw((work / ("raw-" + tag + ".db")).string(), arts, fts);
    const std::clock_t c1 = std::clock();
    const double st =
        only == "raw" ? 0 : RunStore((work / ("store-" + tag + ".db")).string(), arts, fts);
    const std::clock_t c2 = std::clock();
    const double raw_cpu = static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
    const double st_cpu = static_cast<double>(c2 - c1) / CLOCKS_PER_SEC;
    std::printf(
        "FTS %-3s  raw SQLite loop: %6.0f articles/s (%6.0f per CPU-s)   Store: %6.0f "
        "articles/s (%6.0f per CPU-s)   Store/raw: %.0f%% wall, %.0f%% CPU\n",
        fts ? "on" : "off", n / raw, n / raw_cpu, n / st, n / st_cpu, 100.0 * raw / st,
        100.0 * raw_cpu / st_cpu);
  }
  if (rows > 0) NearDuplicateLookup((work / "near.db").string(), rows);
  if (keep) {
    std::printf("kept: %s\n", work.string().c_str());
  } else {
    fs::remove_all(work);
  }
  return 0;
}
