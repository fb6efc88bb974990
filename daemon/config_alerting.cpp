// [[watch]], [[entity]] and [[sink]] tables of the config.
#include <algorithm>
#include <map>

#include "daemon/config_internal.h"

namespace newsd {
namespace {

// Keys each sink type accepts, besides id and type.
const std::map<std::string, std::vector<std::string>>& SinkKeys() {
  static const std::map<std::string, std::vector<std::string>> kKeys = {
      {"webhook",
       {"url", "secret", "secret_file", "template", "timeout", "max_age", "rate_limit", "brief"}},
      {"email",
       {"url", "from", "to", "username", "password_file", "timeout", "max_age", "rate_limit",
        "brief"}},
      {"jsonl", {"path", "brief"}},
      {"exec", {"command", "timeout", "max_age", "rate_limit", "brief"}},
      {"log", {"brief"}},
      {"postgres", {"dsn", "schema", "batch_size", "timeout", "max_age"}},
      {"nats",
       {"url", "subject_prefix", "stream", "create_stream", "batch_size", "timeout", "max_age"}},
  };
  return kKeys;
}

}  // namespace

void ReadWatch(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids) {
  WatchConfig w;
  w.origin = d.Origin(t.source());
  auto id = t.get("id") ? t.get("id")->value<std::string>() : std::nullopt;
  const std::string label = id ? "[[watch]] \"" + *id + "\"" : "[[watch]]";
  TableReader r(t, label, d);
  if (auto v = r.String("id", true)) {
    if (!ValidId(*v))
      r.Error("id", "\"" + *v + "\" is not a valid id");
    else if (!ids.insert(*v).second)
      r.Error("id", "duplicate watch id \"" + *v + "\"");
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

void ReadSink(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
              const std::string& dir) {
  SinkConfig s;
  s.origin = d.Origin(t.source());
  auto id = t.get("id") ? t.get("id")->value<std::string>() : std::nullopt;
  const std::string label = id ? "[[sink]] \"" + *id + "\"" : "[[sink]]";
  TableReader r(t, label, d);
  if (auto v = r.String("id", true)) {
    if (!ValidId(*v))
      r.Error("id", "\"" + *v + "\" is not a valid id");
    else if (!ids.insert(*v).second)
      r.Error("id", "duplicate sink id \"" + *v + "\"");
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
  if (has("schema")) {
    if (auto v = r.String("schema")) {
      if (v->empty()) r.Error("schema", "must not be empty");
      s.schema = *v;
    }
  }
  if (has("batch_size")) {
    if (auto v = r.Int("batch_size", 1, 10000)) s.batch_size = static_cast<int>(*v);
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

}  // namespace newsd
