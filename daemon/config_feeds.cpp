// [feeds] include / managed: [[feed]] tables kept outside the main config file.
#include <glob.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "daemon/config_internal.h"

namespace newsd {
namespace fs = std::filesystem;

namespace {

bool HasWildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// Files matching `pattern`, sorted (glob(3) sorts).
std::vector<std::string> Expand(const std::string& pattern) {
  std::vector<std::string> out;
  glob_t g{};
  if (glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
  }
  globfree(&g);
  return out;
}

// The canonical form of a path, for "same file" checks.
std::string Canonical(const std::string& p) {
  std::error_code ec;
  auto c = fs::weakly_canonical(p, ec);
  return ec ? p : c.string();
}

// Reads the [[feed]] tables of one included file into `c`.
void ReadIncludedFile(const std::string& file, Config& c, Diagnostics& d) {
  Diagnostics fd(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fd.AddAt(1, 1, "cannot open included feeds file");
    d.Merge(fd);
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(ss.str(), file);
  } catch (const toml::parse_error& e) {
    fd.Add(e.source(), std::string(e.description()));
    d.Merge(fd);
    return;
  }
  const std::string dir = fs::path(file).parent_path().string();
  // Where each id seen so far was defined ("FILE:LINE").
  std::map<std::string, std::string> seen;
  for (const auto& f : c.feeds) seen.emplace(f.id, f.origin);
  std::set<std::string> ids;
  ForEachTable(root.get("feed"), "feed", fd, [&](const toml::table& t) {
    const std::size_t before = c.feeds.size();
    ReadFeedTable(t, c, fd, ids, dir);
    if (c.feeds.size() == before || c.feeds.back().id.empty()) return;
    const FeedConfig& f = c.feeds.back();
    auto [it, fresh] = seen.emplace(f.id, f.origin);
    if (!fresh && it->second.rfind(file + ":", 0) != 0) {
      const toml::node* idn = t.get("id");
      fd.Add(idn ? idn->source() : t.source(), "[[feed]] \"" + f.id +
                                                   "\" id: duplicate feed id \"" + f.id +
                                                   "\", also defined at " + it->second);
    }
  });
  for (auto&& [k, v] : root) {
    if (k.str() == "feed") continue;
    fd.Add(k.source(), "unknown top-level key \"" + std::string(k.str()) +
                           "\" (an included feeds file holds only [[feed]] tables)");
  }
  d.Merge(fd);
}

}  // namespace

void ReadFeedIncludes(const toml::table& root, Config& c, Diagnostics& d, const std::string& dir) {
  FeedsSection& s = c.feeds_section;
  const std::string base = fs::absolute(dir.empty() ? "." : dir).lexically_normal().string();
  s.managed = Resolve(base, "feeds.d/managed.toml");
  std::vector<std::pair<std::string, const toml::node*>> patterns;
  if (const toml::node* n = root.get("feeds")) {
    const toml::table* t = n->as_table();
    if (!t) {
      d.Add(n->source(), "[feeds]: expected a table");
    } else {
      TableReader r(*t, "[feeds]", d);
      if (auto v = r.StringList("include")) {
        s.include = *v;
        for (const auto& p : *v) patterns.emplace_back(p, t->get("include"));
      }
      if (auto v = r.String("managed")) {
        if (v->empty()) {
          r.Error("managed", "must name a file, e.g. \"feeds.d/managed.toml\"");
        } else {
          s.managed = Resolve(base, *v);
        }
      }
      r.Finish();
    }
  }
  std::vector<std::string> files;
  std::set<std::string> canon{Canonical(c.path)};
  for (const auto& [pattern, node] : patterns) {
    const std::string abs = Resolve(base, pattern);
    auto matched = Expand(abs);
    if (matched.empty() && !HasWildcard(pattern)) {
      d.Add(node->source(), "[feeds] include: no file \"" + abs + "\"");
    }
    for (auto& m : matched) {
      if (canon.insert(Canonical(m)).second) files.push_back(std::move(m));
    }
  }
  std::error_code ec;
  if (fs::exists(s.managed, ec) && canon.insert(Canonical(s.managed)).second) {
    files.push_back(s.managed);
  }
  for (const auto& f : files) ReadIncludedFile(f, c, d);
}

}  // namespace newsd
