// `newsd feeds list|export|remove` (add and import: cmd_feeds_add.cpp).
#include "daemon/cmd_feeds.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"
#include "daemon/command_util.h"
#include "daemon/feeds_file.h"
#include "daemon/opml.h"
#include "storage/reader.h"

namespace newsd {
namespace fs = std::filesystem;

Status ChangeManagedFeeds(const Config& cfg, const std::function<Status()>& change) {
  const std::string& path = cfg.feeds_section.managed;
  std::error_code ec;
  const bool existed = fs::exists(path, ec);
  std::string before;
  if (existed) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    before = ss.str();
  }
  if (auto st = change(); !st) return st;
  auto reloaded = LoadConfig(cfg.path);
  if (reloaded) return OkStatus();
  if (existed) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << before;
  } else {
    fs::remove(path, ec);
  }
  return Fail(ErrorKind::kInvalidArgument,
              "the change was not saved: the config would not load:\n" + reloaded.error().message);
}

namespace {

std::string When(const std::optional<TimePoint>& t) { return t ? FormatRfc3339(*t) : "-"; }

boost::json::value Opt(const std::optional<TimePoint>& t) {
  return t ? boost::json::value(FormatRfc3339(*t)) : boost::json::value(nullptr);
}

void List(CommandContext& ctx, bool json) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  std::map<std::string, FeedState> states;
  const std::string db = StoreOptionsFromConfig(*cfg).path;
  std::error_code ec;
  if (fs::exists(db, ec)) {
    auto reader = StoreReader::Open(db);
    auto all =
        reader ? (*reader)->FeedStates() : Result<std::vector<FeedState>>(Fail(reader.error()));
    if (!all) {
      std::cerr << "newsd feeds list: " << all.error().message << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
    for (auto& s : *all) states[s.feed] = std::move(s);
  }
  if (json) {
    for (const auto& f : cfg->feeds) {
      const auto it = states.find(f.id);
      const FeedState s = it == states.end() ? FeedState{} : it->second;
      boost::json::array tags;
      for (const auto& t : f.tags) tags.emplace_back(t);
      boost::json::object o{{"id", f.id},
                            {"url", f.url},
                            {"title", f.title},
                            {"tags", std::move(tags)},
                            {"enabled", f.enabled},
                            {"defined_at", f.origin},
                            {"current_url", s.url.empty() ? f.url : s.url},
                            {"last_status", s.last_status},
                            {"last_error", s.last_error},
                            {"last_poll", Opt(s.last_poll)},
                            {"last_success", Opt(s.last_success)},
                            {"consecutive_errors", s.consecutive_errors},
                            {"next_poll", Opt(s.next_poll)},
                            {"retired", s.retired}};
      std::cout << boost::json::serialize(o) << "\n";
    }
    ctx.exit_code = kExitOk;
    return;
  }
  std::printf("%-24s %-6s %-20s %-6s %-20s %s\n", "ID", "STATUS", "LAST SUCCESS", "ERRORS",
              "NEXT POLL", "URL");
  for (const auto& f : cfg->feeds) {
    const auto it = states.find(f.id);
    std::string status = "new", last = "-", next = "-", errors = "0";
    if (!f.enabled) status = "off";
    if (it != states.end()) {
      const FeedState& s = it->second;
      status = s.retired ? "gone" : s.last_status ? std::to_string(s.last_status) : "err";
      if (!s.last_poll) status = "new";
      last = When(s.last_success);
      next = When(s.next_poll);
      errors = std::to_string(s.consecutive_errors);
    }
    std::printf("%-24s %-6s %-20s %-6s %-20s %s\n", f.id.c_str(), status.c_str(), last.c_str(),
                errors.c_str(), next.c_str(), f.url.c_str());
  }
  ctx.exit_code = kExitOk;
}

void Remove(CommandContext& ctx, const std::string& id) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  const FeedConfig* f = cfg->FindFeed(id);
  if (!f) {
    std::cerr << "newsd feeds remove: no feed \"" << id << "\" in " << cfg->path << "\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  if (f->origin.rfind(cfg->feeds_section.managed + ":", 0) != 0) {
    std::cerr << "newsd feeds remove: feed \"" << id << "\" is defined at " << f->origin
              << ", not in the managed file " << cfg->feeds_section.managed
              << "; remove it there by hand\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  const std::string path = cfg->feeds_section.managed;
  if (auto st = ChangeManagedFeeds(*cfg, [&] { return RemoveManagedFeed(path, id); }); !st) {
    std::cerr << "newsd feeds remove: " << st.error().message << "\n";
    ctx.exit_code = kExitFailure;
    return;
  }
  std::cout << "removed " << id << " from " << path
            << " (reload the daemon to stop polling it: SIGHUP / systemctl reload newsd)\n";
  ctx.exit_code = kExitOk;
}

}  // namespace

void RegisterFeedsCommand(CLI::App& app, CommandContext& ctx) {
  auto* feeds = app.add_subcommand("feeds", "List, add, remove, import and export feeds");
  feeds->require_subcommand(1);

  auto json = std::make_shared<bool>(false);
  auto* list = feeds->add_subcommand(
      "list", "Feeds of the config with their polling state (status, last success, errors)");
  list->add_flag("--json", *json, "One JSON object per feed instead of a table");
  list->callback([&ctx, json] { List(ctx, *json); });

  auto title = std::make_shared<std::string>("newsd feeds");
  auto* exp = feeds->add_subcommand("export", "Print the feeds as OPML 2.0 (tags as folders)");
  exp->add_option("--title", *title, "Title of the OPML document");
  exp->callback([&ctx, title] {
    auto cfg = LoadForCommand(ctx);
    if (!cfg) return;
    std::cout << WriteOpml(cfg->feeds, *title);
    ctx.exit_code = kExitOk;
  });

  auto id = std::make_shared<std::string>();
  auto* rm = feeds->add_subcommand("remove", "Remove a feed from the managed feeds file");
  rm->add_option("id", *id, "Feed id")->required();
  rm->callback([&ctx, id] { Remove(ctx, *id); });

  RegisterFeedsAddCommands(*feeds, ctx);
}

}  // namespace newsd
