// Downstream sink throughput (docs/BENCHMARKS.md, "Downstream sinks").
// Run: build/downstream_bench [--n 3000] [--batch 500]
//
// One run, same articles, three rates:
//   1. SQLite only: N articles (pipeline already run, ~4 paragraphs of the real
//      texts in ../shared/corpora/newspaper4k-pages/txt each, made unique)
//      submitted to the Store and committed, with downstream_outbox rows for two
//      sinks written in the same transactions.
//   2. PostgreSQL: the PostgreSQL sink drains its N outbox rows (FetchDue with
//      the article loaded, multi-row INSERT ... ON CONFLICT of articles and all
//      child rows, COMMIT, delete the rows) into a throwaway PostgreSQL 15.
//   3. JetStream: the NATS sink drains its N rows into a throwaway
//      `nats-server -js` (file storage), waiting for every ack per batch.
// Servers run on 127.0.0.1 (tests/support harness); their CPU is not in the
// CPU column (it is this process only). The machine is shared: report both.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "daemon/engine.h"
#include "storage/downstream_outbox.h"
#include "storage/sink_nats.h"
#include "storage/sink_postgres.h"
#include "storage/store.h"
#include "tests/support/nats_server.h"
#include "tests/support/pg_server.h"

namespace fs = std::filesystem;
using namespace newsd;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> LoadParagraphs() {
  std::vector<std::string> out;
  const fs::path dir = fs::path(NEWSD_SOURCE_DIR) / "../shared/corpora/newspaper4k-pages/txt";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string t = ss.str();
    for (std::size_t pos = 0; pos < t.size();) {
      std::size_t end = t.find("\n\n", pos);
      if (end == std::string::npos) end = t.size();
      if (end - pos > 80) out.push_back(t.substr(pos, end - pos));
      pos = end + 2;
    }
  }
  return out;
}

struct Timer {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  void Report(const char* what, int n) const {
    const double w = std::chrono::duration<double>(Clock::now() - wall).count();
    const double c = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    std::printf("%-34s %6d articles  wall %7.2f s  %8.0f articles/s  cpu %6.2f s\n", what, n, w,
                n / w, c);
  }
};

// Drains `sink`'s rows through `deliver` in batches; returns rows delivered.
template <typename Deliver>
int Drain(DownstreamOutbox& outbox, const std::string& sink, int batch, Deliver deliver) {
  int n = 0;
  for (;;) {
    auto items = outbox.FetchDue(sink, std::chrono::system_clock::now(), batch);
    if (!items) {
      std::fprintf(stderr, "fetch: %s\n", items.error().message.c_str());
      return n;
    }
    if (items->empty()) return n;
    if (auto st = deliver(*items); !st) {
      std::fprintf(stderr, "%s: %s\n", sink.c_str(), st.error().message.c_str());
      return n;
    }
    std::vector<std::int64_t> ids;
    for (const auto& it : *items) ids.push_back(it.row.id);
    if (auto st = outbox.MarkDone(ids); !st) return n;
    n += static_cast<int>(items->size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  int n = 3000;
  int batch = 500;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--n") n = std::stoi(argv[i + 1]);
    if (a == "--batch") batch = std::stoi(argv[i + 1]);
  }
  const auto paras = LoadParagraphs();
  if (paras.size() < 8) {
    std::fprintf(stderr, "corpus ../shared/corpora/newspaper4k-pages/txt not found\n");
    return 1;
  }
  newsd::testing::PgServer pg;
  newsd::testing::NatsServer nats;
  if (auto st = pg.Start(); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return 1;
  }
  if (auto st = nats.Start(); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return 1;
  }
  newsd::testing::TempDir dir;
  auto cfg = ParseConfig("[daemon]\nstate_dir = \"" + dir.str() + "\"\n", dir.str() + "/b.toml");
  if (!cfg) {
    std::fprintf(stderr, "%s\n", cfg.error().message.c_str());
    return 1;
  }
  auto engine = Engine::Create(*cfg);
  if (!engine) {
    std::fprintf(stderr, "%s\n", engine.error().message.c_str());
    return 1;
  }

  // Articles with the pipeline already run (not timed).
  std::vector<Article> articles;
  articles.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    Article a;
    a.feed = "bench-" + std::to_string(i % 20);
    a.url = "https://bench.example/a/" + std::to_string(i);
    a.guid = a.url;
    a.title = "Article " + std::to_string(i);
    std::string html = "<p>Bulletin number " + std::to_string(i) + " of the day.</p>";
    for (int k = 0; k < 4; ++k) {
      html += "<p>" + paras[(static_cast<std::size_t>(i) * 4 + k) % paras.size()] + "</p>";
    }
    a.html = html;
    (*engine)->RunPipeline(a);
    a.html.clear();
    articles.push_back(std::move(a));
  }

  Store& store = (*engine)->store();
  auto sinks =
      std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"pg", "js"});
  {
    Timer t;
    for (int i = 0; i < n; i += 100) {
      WriteBatch b;
      b.downstream = sinks;
      for (int k = i; k < std::min(n, i + 100); ++k) b.articles.push_back(articles[k]);
      if (auto st = store.Submit(std::move(b)); !st) return 1;
    }
    if (auto st = store.Flush(); !st) return 1;
    t.Report("SQLite store (+ outbox rows)", n);
  }
  auto outbox = DownstreamOutbox::Open(store.options().path);
  if (!outbox) return 1;

  PostgresSinkOptions po;
  po.id = "pg";
  po.conninfo = pg.conninfo();
  PostgresSink pgsink(po);
  if (auto st = pgsink.Migrate(); !st) {
    std::fprintf(stderr, "%s\n", st.error().message.c_str());
    return 1;
  }
  {
    Timer t;
    const int d =
        Drain(**outbox, "pg", batch, [&](const auto& items) { return pgsink.Deliver(items); });
    t.Report("PostgreSQL sink (outbox -> COMMIT)", d);
  }

  NatsSinkOptions no;
  no.id = "js";
  no.url = nats.url();
  no.create_stream = true;
  NatsSink js(no);
  {
    Timer t;
    const int d =
        Drain(**outbox, "js", batch, [&](const auto& items) { return js.Deliver(items); });
    t.Report("JetStream sink (outbox -> acks)", d);
  }
  std::printf(
      "batch %d, servers on 127.0.0.1 (PostgreSQL 15 fsync=off, nats-server -js file store)\n",
      batch);
  return 0;
}
