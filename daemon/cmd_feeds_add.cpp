// `newsd feeds add URL` (with discovery) and `newsd feeds import FILE.opml`.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/url/parse.hpp>

#include "daemon/cmd_feeds.h"
#include "daemon/command_util.h"
#include "daemon/config_internal.h"
#include "daemon/feed_discovery.h"
#include "daemon/feeds_file.h"
#include "daemon/opml.h"

namespace newsd {
namespace {

struct AddArgs {
  std::string url, id, title;
  std::vector<std::string> tags;
  bool all = false;
};

// "" when `url` is an absolute http(s)/file URL with a host where needed.
std::string UrlProblem(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return "not an absolute URL";
  std::string scheme(u->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  if (scheme != "http" && scheme != "https" && scheme != "file") {
    return "unsupported scheme \"" + scheme + "\"";
  }
  if (scheme != "file" && u->encoded_host().empty()) return "no host";
  return "";
}

void Add(CommandContext& ctx, const AddArgs& a) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  std::set<std::string> taken, urls;
  for (const auto& f : cfg->feeds) {
    taken.insert(f.id);
    urls.insert(f.url);
  }
  if (!a.id.empty() && (!ValidId(a.id) || taken.count(a.id))) {
    std::cerr << "newsd feeds add: --id \"" << a.id << "\" "
              << (taken.count(a.id) ? "is already used" : "is not a valid id") << "\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  auto found = DiscoverFeeds(a.url, cfg->fetch);
  if (!found) {
    std::cerr << "newsd feeds add: " << found.error().message << "\n";
    ctx.exit_code = kExitFailure;
    return;
  }
  if (found->size() > 1) {
    std::cerr << "found " << found->size() << " feeds:\n";
    for (const auto& f : *found) {
      std::cerr << "  " << f.url << "  " << f.format << ", " << f.items << " items, \"" << f.title
                << "\"\n";
    }
    if (!a.all) std::cerr << "adding the first (use --all to add every one)\n";
  }
  std::vector<NewFeed> add;
  for (const auto& f : *found) {
    if (urls.count(f.url)) {
      std::cerr << "already subscribed: " << f.url << "\n";
    } else {
      const std::string title = a.title.empty() ? f.title : a.title;
      std::string id = a.id;
      if (!id.empty() && !add.empty()) id += "-" + std::to_string(add.size() + 1);
      if (id.empty()) {
        id = MakeFeedId(title, f.url, taken);
      } else {
        taken.insert(id);
      }
      add.push_back(NewFeed{id, f.url, title, a.tags});
      urls.insert(f.url);
    }
    if (!a.all) break;
  }
  if (add.empty()) {
    std::cerr << "newsd feeds add: nothing to add\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  const std::string path = cfg->feeds_section.managed;
  if (auto st = ChangeManagedFeeds(*cfg, [&] { return AppendManagedFeeds(path, add); }); !st) {
    std::cerr << "newsd feeds add: " << st.error().message << "\n";
    ctx.exit_code = kExitFailure;
    return;
  }
  for (const auto& f : add) std::cout << "added " << f.id << " " << f.url << "\n";
  std::cout << "written to " << path << " (reload the daemon to poll: SIGHUP)\n";
  ctx.exit_code = kExitOk;
}

void Import(CommandContext& ctx, const std::string& file, const std::vector<std::string>& tags) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "newsd feeds import: " << file << ": cannot open file\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto doc = ParseOpml(ss.str(), file);
  if (!doc) {
    std::cerr << "newsd feeds import: " << doc.error().message << "\n";
    ctx.exit_code = kExitUsage;
    return;
  }
  std::set<std::string> taken, subscribed, seen;
  for (const auto& f : cfg->feeds) {
    taken.insert(f.id);
    subscribed.insert(f.url);
  }
  const bool tty = isatty(STDERR_FILENO) != 0;
  int existing = 0, repeated = 0, invalid = doc->without_url;
  std::vector<NewFeed> add;
  const std::size_t n = doc->feeds.size();
  for (std::size_t i = 0; i < n; ++i) {
    const OpmlFeed& f = doc->feeds[i];
    if (tty && (i % 256 == 0 || i + 1 == n)) {
      std::fprintf(stderr, "\rimporting %zu/%zu", i + 1, n);
    }
    if (subscribed.count(f.url)) {
      ++existing;
      continue;
    }
    if (!seen.insert(f.url).second) {
      ++repeated;
      continue;
    }
    if (const std::string p = UrlProblem(f.url); !p.empty()) {
      ++invalid;
      if (tty) std::fputc('\n', stderr);
      std::cerr << "skipped \"" << f.url << "\": " << p << "\n";
      continue;
    }
    NewFeed nf{MakeFeedId(f.title, f.url, taken), f.url, f.title, f.tags};
    nf.tags.insert(nf.tags.end(), tags.begin(), tags.end());
    add.push_back(std::move(nf));
  }
  if (tty && n > 0) std::fputc('\n', stderr);
  const std::string path = cfg->feeds_section.managed;
  if (!add.empty()) {
    if (auto st = ChangeManagedFeeds(*cfg, [&] { return AppendManagedFeeds(path, add); }); !st) {
      std::cerr << "newsd feeds import: " << st.error().message << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
  }
  std::cout << "imported " << add.size() << " feeds into " << path << "; skipped " << existing
            << " already subscribed, " << repeated << " repeated in the file, " << invalid
            << " without a usable URL\n";
  ctx.exit_code = kExitOk;
}

}  // namespace

void RegisterFeedsAddCommands(CLI::App& feeds, CommandContext& ctx) {
  auto a = std::make_shared<AddArgs>();
  auto* add = feeds.add_subcommand(
      "add", "Add a feed, discovering it from a site's page when URL is not a feed itself");
  add->add_option("url", a->url, "Feed URL or a page of the site (http, https, file)")->required();
  add->add_option("--id", a->id, "Feed id (default: made from the feed's title)");
  add->add_option("--title", a->title, "Title (default: the feed's own)");
  add->add_option("--tag", a->tags, "Tag (repeatable)");
  add->add_flag("--all", a->all, "Add every feed found, not only the first");
  add->callback([&ctx, a] { Add(ctx, *a); });

  auto file = std::make_shared<std::string>();
  auto tags = std::make_shared<std::vector<std::string>>();
  auto* imp = feeds.add_subcommand("import",
                                   "Import an OPML subscription list into the managed feeds file");
  imp->add_option("file", *file, "OPML 1.0 or 2.0 file")->required();
  imp->add_option("--tag", *tags, "Extra tag for every imported feed (repeatable)");
  imp->callback([&ctx, file, tags] { Import(ctx, *file, *tags); });
}

}  // namespace newsd
