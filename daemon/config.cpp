#include "daemon/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/url/parse.hpp>

#include "daemon/config_internal.h"
#include "daemon/config_reader.h"

namespace newsd {
namespace fs = std::filesystem;

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string Resolve(const std::string& base_dir, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base_dir) / p).lexically_normal().string();
}

namespace {

// "file:feeds/x.xml" (relative to the config file) -> "file:///abs/feeds/x.xml".
std::string ResolveFileUrl(const std::string& dir, const std::string& url) {
  if (url.rfind("file:", 0) != 0 || url.rfind("file:/", 0) == 0) return url;
  const fs::path p = fs::absolute(fs::path(dir) / url.substr(5)).lexically_normal();
  return "file://" + p.string();
}

// Checks a feed URL: absolute, http/https/file, with a host for http(s).
std::string UrlProblem(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return "\"" + url + "\" is not a valid absolute URL (" + u.error().message() + ")";
  const std::string scheme(u->scheme());
  std::string lower = scheme;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  if (lower != "http" && lower != "https" && lower != "file") {
    return "unsupported URL scheme \"" + scheme + "\" (use http, https or file)";
  }
  if (lower != "file" && u->encoded_host().empty()) return "URL \"" + url + "\" has no host";
  return "";
}

void ReadDaemon(const toml::table& t, Config& c, Diagnostics& d, const std::string& dir) {
  TableReader r(t, "[daemon]", d);
  if (auto v = r.String("state_dir")) c.daemon.state_dir = Resolve(dir, *v);
  if (auto v = r.Int("workers", 0, 256)) c.daemon.workers = static_cast<int>(*v);
  if (auto v = r.String("log_level")) {
    static const std::vector<std::string> kLevels = {"trace", "debug", "info",
                                                     "warn",  "error", "off"};
    if (std::find(kLevels.begin(), kLevels.end(), *v) == kLevels.end()) {
      r.Error("log_level",
              "unknown level \"" + *v + "\" (use trace, debug, info, warn, error or off)");
    } else {
      c.daemon.log_level = *v;
    }
  }
  if (auto v = r.Duration("shutdown_timeout")) c.daemon.shutdown_timeout = *v;
  r.Finish();
}

void ReadHttp(const toml::table& t, Config& c, Diagnostics& d, const std::string& dir) {
  TableReader r(t, "[http]", d);
  if (auto v = r.Bool("enabled")) c.http.enabled = *v;
  if (auto v = r.String("listen")) c.http.listen = *v;  // checked in ReadHttpLimits
  if (auto v = r.String("token_file")) c.http.token_file = Resolve(dir, *v);
  if (auto v = r.Int("max_connections", 1, 100000)) c.http.max_connections = static_cast<int>(*v);
  ReadHttpLimits(r, c.http);
  r.Finish();
}

void ReadFetch(const toml::table& t, Config& c, Diagnostics& d, const std::string& dir) {
  TableReader r(t, "[fetch]", d);
  auto& f = c.fetch;
  if (auto v = r.String("user_agent")) f.user_agent = *v;
  if (auto v = r.Duration("connect_timeout")) f.connect_timeout = *v;
  if (auto v = r.Duration("timeout")) f.timeout = *v;
  if (auto v = r.Size("low_speed_limit")) f.low_speed_limit = *v;
  if (auto v = r.Duration("low_speed_time")) f.low_speed_time = *v;
  if (auto v = r.Size("max_body")) f.max_body = *v;
  if (auto v = r.Int("max_redirects", 0, 20)) f.max_redirects = static_cast<int>(*v);
  if (auto v = r.Int("max_connections", 1, 10000)) f.max_connections = static_cast<int>(*v);
  if (auto v = r.Int("max_per_host", 1, 100)) f.max_per_host = static_cast<int>(*v);
  if (auto v = r.Duration("host_gap")) f.host_gap = *v;
  if (auto v = r.String("ca_file")) f.ca_file = Resolve(dir, *v);
  if (auto v = r.Bool("allow_private")) f.allow_private = *v;
  ReadPageFetch(r, f);
  r.Finish();
}

void ReadSchedule(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[schedule]", d);
  auto& s = c.schedule;
  if (auto v = r.Duration("default_interval")) s.default_interval = *v;
  if (auto v = r.Duration("min_interval")) s.min_interval = *v;
  if (auto v = r.Duration("max_interval")) s.max_interval = *v;
  if (auto v = r.Duration("max_backoff")) s.max_backoff = *v;
  if (auto v = r.Bool("adaptive")) s.adaptive = *v;
  if (auto v = r.Number("jitter")) {
    if (*v < 0 || *v > 0.5) {
      r.Error("jitter", "must be between 0 and 0.5 (a fraction of the interval)");
    } else {
      s.jitter = *v;
    }
  }
  if (s.min_interval > s.max_interval) r.Error("min_interval", "is larger than max_interval");
  r.Finish();
}

void ReadStorage(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[storage]", d);
  auto& s = c.storage;
  if (auto v = r.Bool("fts")) s.fts = *v;
  if (auto v = r.String("synchronous")) {
    if (*v != "normal" && *v != "full") {
      r.Error("synchronous", "must be \"normal\" or \"full\", not \"" + *v + "\"");
    } else {
      s.synchronous = *v;
    }
  }
  if (auto v = r.Duration("retention")) s.retention = *v;
  if (auto v = r.Duration("retention_first_run")) s.retention_first_run = *v;
  if (auto v = r.Int("near_duplicate_distance", 0, 16))
    s.near_duplicate_distance = static_cast<int>(*v);
  if (auto v = r.Duration("near_duplicate_window")) s.near_duplicate_window = *v;
  if (auto v = r.Int("batch_size", 1, 100000)) s.batch_size = static_cast<int>(*v);
  if (auto v = r.Int("batch_interval_ms", 1, 60000))
    s.batch_interval = std::chrono::milliseconds(*v);
  if (auto v = r.Int("queue_capacity", 1, 1000000)) s.queue_capacity = static_cast<int>(*v);
  r.Finish();
}

void ReadPipeline(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[pipeline]", d);
  if (auto v = r.Bool("facts")) c.pipeline.facts = *v;
  r.Finish();
}

void ReadFeed(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
              const std::string& dir) {
  FeedConfig f;
  f.origin = d.Origin(t.source());
  std::string label = "[[feed]]";
  auto id = t.get("id") ? t.get("id")->value<std::string>() : std::nullopt;
  if (id) label = "[[feed]] \"" + *id + "\"";
  TableReader r(t, label, d);
  if (auto v = r.String("id", true)) {
    if (!ValidId(*v)) {
      r.Error("id", "\"" + *v + "\" is not a valid id (use letters, digits, '-', '_' and '.')");
    } else if (!ids.insert(*v).second) {
      r.Error("id", "duplicate feed id \"" + *v + "\"");
    }
    f.id = *v;
  }
  if (auto v = r.String("url", true)) {
    f.url = ResolveFileUrl(dir, *v);
    const std::string problem = UrlProblem(f.url);
    if (!problem.empty()) r.Error("url", problem);
  }
  if (auto v = r.Duration("interval")) {
    if (v->count() < 1) {
      r.Error("interval", "must be at least 1s");
    } else {
      f.interval = *v;
    }
  }
  if (auto v = r.String("title")) f.title = *v;
  if (auto v = r.StringList("tags")) f.tags = *v;
  if (auto v = r.Bool("full_text")) f.full_text = *v;
  if (auto v = r.Bool("enabled")) f.enabled = *v;
  if (const toml::node* h = r.Raw("headers")) {
    if (const toml::table* ht = h->as_table()) {
      for (auto&& [k, v] : *ht) {
        if (!v.is_string()) {
          d.Add(v.source(), label + " headers." + std::string(k.str()) + ": expected a string");
          continue;
        }
        f.headers.emplace_back(std::string(k.str()), *v.value<std::string>());
      }
    } else {
      r.Error("headers", "expected a table, e.g. headers = { Cookie = \"a=b\" }");
    }
  }
  r.Finish();
  c.feeds.push_back(std::move(f));
}

}  // namespace

const FeedConfig* Config::FindFeed(const std::string& id) const {
  for (const auto& f : feeds) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

void ReadFeedTable(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
                   const std::string& dir) {
  ReadFeed(t, c, d, ids, dir);
}

Result<Config> ParseConfig(const std::string& text, const std::string& path) {
  Diagnostics d(path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    d.Add(e.source(), std::string(e.description()));
    return Fail(ErrorKind::kInvalidArgument, d.Joined());
  }
  Config c;
  c.path = path;
  const std::string dir = fs::path(path).parent_path().string();
  c.daemon.state_dir = "/var/lib/newsd";

  static const std::vector<std::string> kTop = {"daemon",  "http",     "fetch",   "schedule",
                                                "storage", "pipeline", "cluster", "feed",
                                                "watch",   "entity",   "sink",    "feeds"};
  auto section = [&](const char* name, auto fn) {
    if (const toml::node* n = root.get(name)) {
      if (const toml::table* t = n->as_table()) {
        fn(*t);
      } else {
        d.Add(n->source(), std::string("[") + name + "]: expected a table");
      }
    }
  };
  section("daemon", [&](const toml::table& t) { ReadDaemon(t, c, d, dir); });
  section("http", [&](const toml::table& t) { ReadHttp(t, c, d, dir); });
  section("fetch", [&](const toml::table& t) { ReadFetch(t, c, d, dir); });
  section("schedule", [&](const toml::table& t) { ReadSchedule(t, c, d); });
  section("storage", [&](const toml::table& t) { ReadStorage(t, c, d); });
  section("pipeline", [&](const toml::table& t) { ReadPipeline(t, c, d); });
  section("cluster", [&](const toml::table& t) { ReadCluster(t, c, d); });
  std::set<std::string> feed_ids, watch_ids, sink_ids;
  ForEachTable(root.get("feed"), "feed", d,
               [&](const toml::table& t) { ReadFeed(t, c, d, feed_ids, dir); });
  ReadFeedIncludes(root, c, d, dir);
  ForEachTable(root.get("sink"), "sink", d,
               [&](const toml::table& t) { ReadSink(t, c, d, sink_ids, dir); });
  ForEachTable(root.get("watch"), "watch", d,
               [&](const toml::table& t) { ReadWatch(t, c, d, watch_ids); });
  ForEachTable(root.get("entity"), "entity", d, [&](const toml::table& t) { ReadEntity(t, c, d); });
  for (auto&& [k, v] : root) {
    const std::string key(k.str());
    if (std::find(kTop.begin(), kTop.end(), key) != kTop.end()) continue;
    std::string msg = "unknown top-level key \"" + key + "\"";
    const std::string s = Suggest(key, kTop);
    if (!s.empty()) msg += " (did you mean \"" + s + "\"?)";
    d.Add(k.source(), msg);
  }
  if (d.empty()) CheckReferences(root, c, d);
  if (!d.empty()) return Fail(ErrorKind::kInvalidArgument, d.Joined());
  return c;
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorKind::kNotFound,
                path + ": cannot open config file: " +
                    std::error_code(errno, std::generic_category()).message());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

}  // namespace newsd
