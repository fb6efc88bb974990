// Shared pieces of the config reader (daemon/config*.cpp only).
#pragma once

#include <set>
#include <string>

#include <toml++/toml.h>

#include "daemon/config.h"
#include "daemon/config_reader.h"

namespace newsd {

// Letters, digits, '-', '_' and '.', at most 128 characters.
bool ValidId(const std::string& id);

// `p` resolved against the config file's directory (absolute paths unchanged).
std::string Resolve(const std::string& base_dir, const std::string& p);

// Runs `fn(table)` for each table of an array of tables `[[name]]`.
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

// One [[feed]] table (defined in config.cpp); `ids` catches duplicates.
void ReadFeedTable(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
                   const std::string& dir);
// [feeds] include/managed: reads the included files' [[feed]] tables into
// `c.feeds`; their problems are added to `d` naming the included file.
void ReadFeedIncludes(const toml::table& root, Config& c, Diagnostics& d, const std::string& dir);

void ReadWatch(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids);
void ReadEntity(const toml::table& t, Config& c, Diagnostics& d);
void ReadSink(const toml::table& t, Config& c, Diagnostics& d, std::set<std::string>& ids,
              const std::string& dir);
// The [http] keys beyond enabled/listen/token_file/max_connections, and the
// rule that a non-loopback listen address needs a token_file (config_http.cpp).
void ReadHttpLimits(TableReader& r, HttpSection& http);
// [fetch] allow_networks and page_concurrency (daemon/config_fetch.cpp).
void ReadPageFetch(TableReader& r, FetchSection& fetch);
// [cluster] (daemon/config_cluster.cpp).
void ReadCluster(const toml::table& t, Config& c, Diagnostics& d);
// Watches name sinks and feeds that exist.
void CheckReferences(const toml::table& root, const Config& c, Diagnostics& d);

}  // namespace newsd
