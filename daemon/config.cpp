#include "daemon/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/url/parse.hpp>

#include "daemon/config_reader.h"

namespace newsd {
namespace {

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
      r.Error("log_level", "unknown level \"" + *v + "\" (use trace, debug, info, warn, error or off)");
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
  if (auto v = r.String("listen")) {
    const auto colon = v->rfind(':');
    if (colon == std::string::npos || colon + 1 == v->size()) {
      r.Error("listen", "\"" + *v + "\" must be ADDRESS:PORT, e.g. 127.0.0.1:8085");
    } else {
      c.http.listen = *v;
    }
  }
  if (auto v = r.String("token_file")) c.http.token_file = Resolve(dir, *v);
  if (auto v = r.Int("max_connections", 1, 100000)) c.http.max_connections = static_cast<int>(*v);
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
  if (auto v = r.Int("near_duplicate_distance", 0, 16)) s.near_duplicate_distance = static_cast<int>(*v);
  if (auto v = r.Duration("near_duplicate_window")) s.near_duplicate_window = *v;
  if (auto v = r.Int("batch_size", 1, 100000)) s.batch_size = static_cast<int>(*v);
  if (auto v = r.Int("batch_interval_ms", 1, 60000)) s.batch_interval = std::chrono::milliseconds(*v);
  if (auto v = r.Int("queue_capacity", 1, 1000000)) s.queue_capacity = static_cast<int>(*v);
  r.Finish();
}

void ReadPipeline(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[pipeline]", d);
  if (auto v = r.Bool("facts")) c.pipeline.facts = *v;
  r.Finish();
}

void ReadCluster(const toml::table& t, Config& c, Diagnostics& d) {
  TableReader r(t, "[cluster]", d);
  if (auto v = r.String("postgres")) c.cluster.postgres = *v;
  if (auto v = r.Duration("lease")) c.cluster.lease = *v;
  r.Finish();
}

// Runs `fn(table, index)` for each table of an array of tables `[[name]]`.
template <typename Fn>
void ForEachTable(const toml::node* n, const char* name, Diagnostics& d, Fn fn) {
  if (!n) return;
  const toml::array* arr = n->as_array();
  if (!arr) {
    d.Add(n->source(), std::string(name) + ": expected an array of tables [[" + name + "]]");
    return;
  }
  for (const toml::node& e : *arr) {
    if (const toml::table* t = e.as_table()) {
      fn(*t);
    } else {
      d.Add(e.source(), std::string(name) + ": expected a table");
    }
  }
}

void ReadFeed(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids) {
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
    const std::string problem = UrlProblem(*v);
    if (!problem.empty()) r.Error("url", problem);
    f.url = *v;
  }
  if (auto v = r.Duration("interval")) {
    if (v->count() < 1) {
      r.Error("interval", "must be at least 1s");
    } else {
      f.interval = *v;
    }
  }
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

void ReadWatch(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids) {
  WatchConfig w;
  w.origin = d.Origin(t.source());
  auto id = t.get("id") ? t.get("id")->value<std::string>() : std::nullopt;
  const std::string label = id ? "[[watch]] \"" + *id + "\"" : "[[watch]]";
  TableReader r(t, label, d);
  if (auto v = r.String("id", true)) {
    if (!ValidId(*v)) r.Error("id", "\"" + *v + "\" is not a valid id");
    else if (!ids.insert(*v).second) r.Error("id", "duplicate watch id \"" + *v + "\"");
    w.id = *v;
  }
  if (auto v = r.String("query")) w.query = *v;
  if (const toml::node* n = r.Raw("terms")) {
    const toml::array* arr = n->as_array();
    bool ok = arr != nullptr;
    if (arr) {
      for (const toml::node& e : *arr) {
        const toml::array* pair = e.as_array();
        if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_number()) {
          d.Add(e.source(), label + " terms: each entry must be [\"term\", weight]");
          ok = false;
          continue;
        }
        w.terms.emplace_back(*(*pair)[0].value<std::string>(), *(*pair)[1].value<double>());
      }
    }
    if (!arr) r.Error("terms", "expected an array of [\"term\", weight] pairs");
    (void)ok;
  }
  if (auto v = r.Number("threshold")) w.threshold = *v;
  if (auto v = r.StringList("feeds")) w.feeds = *v;
  if (auto v = r.StringList("tags")) w.tags = *v;
  if (auto v = r.StringList("languages")) w.languages = *v;
  if (auto v = r.StringList("notify")) w.notify = *v;
  if (auto v = r.Duration("digest")) w.digest = *v;
  if (auto v = r.String("realert")) {
    if (*v != "never" && *v != "on_revision") {
      r.Error("realert", "must be \"never\" or \"on_revision\", not \"" + *v + "\"");
    } else {
      w.realert = *v;
    }
  }
  if (w.query.empty() && w.terms.empty()) {
    d.Add(t.source(), label + ": needs a \"query\" or weighted \"terms\"");
  }
  if (!w.terms.empty() && !w.threshold) {
    d.Add(t.source(), label + ": weighted \"terms\" need a \"threshold\"");
  }
  r.Finish();
  c.watches.push_back(std::move(w));
}

void ReadEntity(const toml::table& t, Config& c, Diagnostics& d) {
  EntityConfig e;
  e.origin = d.Origin(t.source());
  TableReader r(t, "[[entity]]", d);
  if (auto v = r.String("name", true)) e.name = *v;
  if (auto v = r.String("type", true)) {
    if (*v != "PERSON" && *v != "ORG" && *v != "LOC") {
      r.Error("type", "must be \"PERSON\", \"ORG\" or \"LOC\", not \"" + *v + "\"");
    }
    e.type = *v;
  }
  if (auto v = r.StringList("aliases")) e.aliases = *v;
  r.Finish();
  c.entities.push_back(std::move(e));
}

// Keys each sink type accepts, besides id and type.
const std::map<std::string, std::vector<std::string>>& SinkKeys() {
  static const std::map<std::string, std::vector<std::string>> kKeys = {
      {"webhook", {"url", "secret", "secret_file", "template", "timeout", "max_age", "rate_limit", "brief"}},
      {"email", {"url", "from", "to", "username", "password_file", "timeout", "max_age", "rate_limit", "brief"}},
      {"jsonl", {"path", "brief"}},
      {"exec", {"command", "timeout", "max_age", "rate_limit", "brief"}},
      {"log", {"brief"}},
      {"postgres", {"dsn", "max_age"}},
      {"nats", {"url", "subject_prefix", "stream", "create_stream", "timeout", "max_age"}},
  };
  return kKeys;
}

void ReadSink(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
              const std::string& dir) {
  SinkConfig s;
  s.origin = d.Origin(t.source());
  auto id = t.get("id") ? t.get("id")->value<std::string>() : std::nullopt;
  const std::string label = id ? "[[sink]] \"" + *id + "\"" : "[[sink]]";
  TableReader r(t, label, d);
  if (auto v = r.String("id", true)) {
    if (!ValidId(*v)) r.Error("id", "\"" + *v + "\" is not a valid id");
    else if (!ids.insert(*v).second) r.Error("id", "duplicate sink id \"" + *v + "\"");
    s.id = *v;
  }
  auto type = r.String("type", true);
  if (!type) {
    r.Finish({"url", "secret", "path", "command"});
    return;
  }
  const auto it = SinkKeys().find(*type);
  if (it == SinkKeys().end()) {
    r.Error("type", "unknown sink type \"" + *type +
                        "\" (use webhook, email, jsonl, exec, log, postgres or nats)");
    r.Finish();
    return;
  }
  s.type = *type;
  const auto& keys = it->second;
  auto has = [&](const char* k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  if (has("url")) {
    if (auto v = r.String("url", s.type != "nats")) s.url = *v;
  }
  if (has("secret")) {
    if (auto v = r.String("secret")) s.secret = *v;
  }
  if (has("secret_file")) {
    if (auto v = r.String("secret_file")) s.secret_file = Resolve(dir, *v);
  }
  if (has("template")) {
    if (auto v = r.String("template")) s.body_template = *v;
  }
  if (has("path")) {
    if (auto v = r.String("path", true)) s.path = Resolve(dir, *v);
  }
  if (has("command")) {
    if (auto v = r.StringList("command")) {
      if (v->empty()) r.Error("command", "must name a program");
      s.command = *v;
    } else if (!t.get("command")) {
      d.Add(t.source(), label + ": missing required key \"command\"");
    }
  }
  if (has("from")) {
    if (auto v = r.String("from", true)) s.from = *v;
  }
  if (has("to")) {
    if (auto v = r.StringList("to")) s.to = *v;
  }
  if (has("username")) {
    if (auto v = r.String("username")) s.username = *v;
  }
  if (has("password_file")) {
    if (auto v = r.String("password_file")) s.password_file = Resolve(dir, *v);
  }
  if (has("dsn")) {
    if (auto v = r.String("dsn", true)) s.dsn = *v;
  }
  if (has("subject_prefix")) {
    if (auto v = r.String("subject_prefix")) s.subject_prefix = *v;
  }
  if (has("stream")) {
    if (auto v = r.String("stream")) s.stream = *v;
  }
  if (has("create_stream")) {
    if (auto v = r.Bool("create_stream")) s.create_stream = *v;
  }
  if (has("brief")) {
    if (auto v = r.Bool("brief")) s.brief = *v;
  }
  if (has("timeout")) {
    if (auto v = r.Duration("timeout")) s.timeout = *v;
  }
  if (has("max_age")) {
    if (auto v = r.Duration("max_age")) s.max_age = *v;
  }
  if (has("rate_limit")) {
    if (auto v = r.Int("rate_limit", 0, 100000)) s.rate_limit_per_minute = static_cast<int>(*v);
  }
  r.Finish();
  c.sinks.push_back(std::move(s));
}

// Cross-references: watch -> sinks and feeds.
void CheckReferences(const toml::table& root, const Config& c, Diagnostics& d) {
  std::set<std::string> sinks, feeds;
  for (const auto& s : c.sinks) sinks.insert(s.id);
  for (const auto& f : c.feeds) feeds.insert(f.id);
  const toml::array* watches = root["watch"].as_array();
  for (std::size_t i = 0; watches && i < watches->size() && i < c.watches.size(); ++i) {
    const toml::table* t = (*watches)[i].as_table();
    if (!t) continue;
    const auto& w = c.watches[i];
    for (const auto& n : w.notify) {
      if (!sinks.count(n)) {
        const toml::node* at = t->get("notify");
        d.Add(at ? at->source() : t->source(),
              "[[watch]] \"" + w.id + "\" notify: no sink with id \"" + n + "\"");
      }
    }
    for (const auto& f : w.feeds) {
      if (!feeds.count(f)) {
        const toml::node* at = t->get("feeds");
        d.Add(at ? at->source() : t->source(),
              "[[watch]] \"" + w.id + "\" feeds: no feed with id \"" + f + "\"");
      }
    }
  }
}

}  // namespace

const FeedConfig* Config::FindFeed(const std::string& id) const {
  for (const auto& f : feeds) {
    if (f.id == id) return &f;
  }
  return nullptr;
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

  static const std::vector<std::string> kTop = {"daemon", "http",  "fetch", "schedule",
                                                "storage", "pipeline", "cluster", "feed",
                                                "watch", "entity", "sink"};
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
  ForEachTable(root.get("feed"), "feed", d, [&](const toml::table& t) { ReadFeed(t, c, d, feed_ids); });
  ForEachTable(root.get("sink"), "sink", d,
               [&](const toml::table& t) { ReadSink(t, c, d, sink_ids, dir); });
  ForEachTable(root.get("watch"), "watch", d, [&](const toml::table& t) { ReadWatch(t, c, d, watch_ids); });
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
    return Fail(ErrorKind::kNotFound, path + ": cannot open config file: " +
                                          std::error_code(errno, std::generic_category()).message());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

}  // namespace newsd
