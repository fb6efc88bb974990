// `newsd search`, `newsd export`, `newsd stats`: read-only views of the store.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"
#include "daemon/command_util.h"
#include "storage/reader.h"

namespace newsd {

StoreOptions StoreOptionsFromConfig(const Config& cfg) {
  StoreOptions o;
  o.path = cfg.daemon.state_dir + "/newsd.db";
  o.fts = cfg.storage.fts;
  o.synchronous_full = cfg.storage.synchronous == "full";
  o.near_duplicate_distance = cfg.storage.near_duplicate_distance;
  o.near_duplicate_window = cfg.storage.near_duplicate_window;
  o.batch_size = cfg.storage.batch_size;
  o.batch_interval = cfg.storage.batch_interval;
  o.queue_capacity = cfg.storage.queue_capacity;
  return o;
}

namespace {

// "2026-11-23T06:00:00Z" or a duration back from now ("24h").
std::optional<TimePoint> ParseWhen(const std::string& s, std::string& error) {
  if (auto t = ParseRfc3339(s)) return t;
  auto d = ParseDuration(s);
  if (!d) {
    error = "'" + s + "' is neither an RFC 3339 time nor a duration (e.g. 24h, 7d)";
    return std::nullopt;
  }
  return SystemClock::Instance().Now() - *d;
}

std::unique_ptr<StoreReader> OpenReader(CommandContext& ctx) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return nullptr;
  auto r = StoreReader::Open(StoreOptionsFromConfig(*cfg).path);
  if (!r) {
    std::cerr << "newsd: " << r.error().message << "\n";
    ctx.exit_code = kExitFailure;
    return nullptr;
  }
  return std::move(*r);
}

struct SearchArgs {
  std::string query, since, feed, lang, cursor;
  int limit = 20;
  bool json = false;
};

void RunSearch(CommandContext& ctx, const SearchArgs& args) {
  SearchQuery q;
  q.query = args.query;
  q.feed = args.feed;
  q.lang = args.lang;
  q.limit = args.limit;
  q.cursor = args.cursor;
  if (!args.since.empty()) {
    std::string err;
    q.since = ParseWhen(args.since, err);
    if (!q.since) {
      std::cerr << "newsd search: --since: " << err << "\n";
      ctx.exit_code = kExitUsage;
      return;
    }
  }
  auto reader = OpenReader(ctx);
  if (!reader) return;
  auto page = reader->Search(q);
  if (!page) {
    std::cerr << "newsd search: " << page.error().message << "\n";
    ctx.exit_code = page.error().kind == ErrorKind::kInvalidArgument ? kExitUsage : kExitFailure;
    return;
  }
  for (const auto& h : page->hits) {
    if (args.json) {
      boost::json::object o{{"id", h.id},
                            {"feed", h.feed},
                            {"title", h.title},
                            {"url", h.url},
                            {"lang", h.lang},
                            {"published", TimeOrNull(h.published)},
                            {"fetched", FormatRfc3339(h.fetched)},
                            {"snippet", h.snippet},
                            {"rank", h.rank}};
      o["duplicate_of"] = h.duplicate_of ? boost::json::value(*h.duplicate_of) : nullptr;
      std::cout << ToJsonLine(o) << "\n";
    } else {
      std::cout << h.id << "  " << FormatRfc3339(h.fetched) << "  " << h.feed << "  " << h.title
                << "\n    " << h.snippet << "\n";
    }
  }
  if (!page->next_cursor.empty()) {
    std::cerr << "more results: --cursor " << page->next_cursor << "\n";
  }
  ctx.exit_code = kExitOk;
}

}  // namespace

void RegisterSearchCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<SearchArgs>();
  auto* cmd = app.add_subcommand("search", "Full-text search of stored articles (FTS5 syntax)");
  cmd->add_option("query", args->query,
                  "FTS5 query, e.g. 'military drills' or 'iran*'; with entity:\"Name\" "
                  "and quote:word terms (AND-ed)")
      ->required();
  cmd->add_option("--since", args->since, "RFC 3339 time or duration back from now (24h)");
  cmd->add_option("--feed", args->feed, "only articles carried by this feed id");
  cmd->add_option("--lang", args->lang, "only articles in this language (ISO 639-1)");
  cmd->add_option("--limit", args->limit, "at most this many results (1-1000)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--cursor", args->cursor, "continue after a previous page");
  cmd->add_flag("--json", args->json, "one JSON object per line");
  cmd->callback([&ctx, args] { RunSearch(ctx, *args); });
}

void RegisterExportCommand(CLI::App& app, CommandContext& ctx) {
  struct Args {
    std::string since, until, feed, format = "jsonl";
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Stream stored articles as JSON lines, oldest first");
  cmd->add_option("--since", args->since,
                  "fetched at or after: RFC 3339 time or duration back from now (24h)");
  cmd->add_option("--until", args->until,
                  "fetched before: RFC 3339 time or duration back from now");
  cmd->add_option("--feed", args->feed, "only articles carried by this feed id");
  cmd->add_option("--format", args->format, "jsonl")->check(CLI::IsMember({"jsonl"}));
  cmd->callback([&ctx, args] {
    ExportFilter f;
    f.feed = args->feed;
    for (auto [text, out, name] :
         {std::tuple{&args->since, &f.since, "--since"}, {&args->until, &f.until, "--until"}}) {
      if (text->empty()) continue;
      std::string err;
      *out = ParseWhen(*text, err);
      if (!*out) {
        std::cerr << "newsd export: " << name << ": " << err << "\n";
        ctx.exit_code = kExitUsage;
        return;
      }
    }
    auto reader = OpenReader(ctx);
    if (!reader) return;
    auto st = reader->Export(f, [](const Article& a) -> Status {
      const std::string line = ToJsonLine(ArticleToJson(a)) + "\n";
      if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) {
        return Fail(ErrorKind::kIo, "cannot write to standard output");
      }
      return OkStatus();
    });
    std::fflush(stdout);
    if (!st) {
      std::cerr << "newsd export: " << st.error().message << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
    ctx.exit_code = kExitOk;
  });
}

void RegisterStatsCommand(CLI::App& app, CommandContext& ctx) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("stats", "Counts per feed, duplicates by layer, database size");
  cmd->add_flag("--json", *json, "print one JSON object");
  cmd->callback([&ctx, json] {
    auto reader = OpenReader(ctx);
    if (!reader) return;
    auto s = reader->Stats();
    if (!s) {
      std::cerr << "newsd stats: " << s.error().message << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
    boost::json::object layers;
    for (int i = 0; i < kDedupLayerCount; ++i) {
      layers[DedupLayerName(static_cast<DedupLayer>(i))] = s->by_layer[static_cast<std::size_t>(i)];
    }
    boost::json::array feeds;
    for (const auto& f : s->feeds) {
      feeds.push_back(
          boost::json::object{{"feed", f.feed}, {"articles", f.articles}, {"items", f.items}});
    }
    boost::json::object o{{"articles", s->articles},
                          {"near_duplicates", s->near_duplicates},
                          {"revisions", s->revisions},
                          {"alerts", s->alerts},
                          {"outbox_pending", s->outbox_pending},
                          {"outbox_dead", s->outbox_dead},
                          {"dedup_by_layer", layers},
                          {"feeds", feeds},
                          {"oldest", TimeOrNull(s->oldest)},
                          {"newest", TimeOrNull(s->newest)},
                          {"db_bytes", s->db_bytes},
                          {"wal_bytes", s->wal_bytes},
                          {"free_pages", s->free_pages}};
    if (*json) {
      std::cout << ToJsonLine(o) << "\n";
    } else {
      std::cout << "articles:        " << s->articles << " (" << s->near_duplicates
                << " near-duplicates, " << s->revisions << " earlier revisions kept)\n"
                << "oldest / newest: " << (s->oldest ? FormatRfc3339(*s->oldest) : std::string("-"))
                << " / " << (s->newest ? FormatRfc3339(*s->newest) : std::string("-")) << "\n"
                << "database:        " << s->db_bytes << " bytes + " << s->wal_bytes
                << " bytes WAL, " << s->free_pages << " free pages\n"
                << "alerts:          " << s->alerts << " (" << s->outbox_pending
                << " deliveries pending, " << s->outbox_dead << " dead)\n"
                << "dedup by layer:\n";
      for (int i = 0; i < kDedupLayerCount; ++i) {
        std::cout << "  " << i << " " << DedupLayerName(static_cast<DedupLayer>(i)) << ": "
                  << s->by_layer[static_cast<std::size_t>(i)] << "\n";
      }
      std::cout << "feeds (articles first stored / items linked):\n";
      for (const auto& f : s->feeds) {
        std::cout << "  " << (f.feed.empty() ? "(ingest)" : f.feed) << ": " << f.articles << " / "
                  << f.items << "\n";
      }
    }
    ctx.exit_code = kExitOk;
  });
}

}  // namespace newsd
