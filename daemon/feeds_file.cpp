#include "daemon/feeds_file.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "core/url.h"

namespace newsd {
namespace fs = std::filesystem;

namespace {

constexpr const char* kHeader =
    "# Feeds managed by `newsd feeds add`, `newsd feeds import` and `newsd feeds remove`.\n"
    "# Included by the main config ([feeds] managed). Hand edits are kept, comments are not.\n\n";

Result<toml::table> ReadManaged(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return toml::table{};
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Fail(ErrorKind::kInvalidArgument, path + ":" + std::to_string(e.source().begin.line) +
                                                 ":" + std::to_string(e.source().begin.column) +
                                                 ": " + std::string(e.description()));
  }
}

Status WriteManaged(const std::string& path, const toml::table& root) {
  std::error_code ec;
  const fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  if (ec) return Fail(ErrorKind::kIo, p.parent_path().string() + ": " + ec.message());
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(ErrorKind::kIo, tmp + ": cannot write");
    out << kHeader << toml::toml_formatter(root) << "\n";
    out.flush();
    if (!out) return Fail(ErrorKind::kIo, tmp + ": write failed");
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Fail(ErrorKind::kIo, path + ": cannot replace: " + ec.message());
  }
  return OkStatus();
}

}  // namespace

Status AppendManagedFeeds(const std::string& path, const std::vector<NewFeed>& feeds) {
  auto root = ReadManaged(path);
  if (!root) return Fail(root.error());
  if (!root->contains("feed")) root->insert("feed", toml::array{});
  toml::array* arr = (*root)["feed"].as_array();
  if (!arr) return Fail(ErrorKind::kInvalidArgument, path + ": \"feed\" is not an array of tables");
  for (const auto& f : feeds) {
    toml::table t{{"id", f.id}, {"url", f.url}};
    if (!f.title.empty()) t.insert("title", f.title);
    if (!f.tags.empty()) {
      toml::array tags;
      for (const auto& tag : f.tags) tags.push_back(tag);
      t.insert("tags", std::move(tags));
    }
    arr->push_back(std::move(t));
  }
  return WriteManaged(path, *root);
}

Status RemoveManagedFeed(const std::string& path, const std::string& id) {
  auto root = ReadManaged(path);
  if (!root) return Fail(root.error());
  toml::array* arr = root->contains("feed") ? (*root)["feed"].as_array() : nullptr;
  bool removed = false;
  if (arr) {
    for (auto it = arr->begin(); it != arr->end();) {
      const toml::table* t = it->as_table();
      if (t && t->contains("id") && (*t)["id"].value<std::string>() == id) {
        it = arr->erase(it);
        removed = true;
      } else {
        ++it;
      }
    }
  }
  if (!removed) return Fail(ErrorKind::kNotFound, path + ": no feed \"" + id + "\"");
  return WriteManaged(path, *root);
}

std::string MakeFeedId(const std::string& title, const std::string& url,
                       std::set<std::string>& taken) {
  auto slug = [](const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) && c < 0x80) {
        out += static_cast<char>(std::tolower(c));
      } else if (!out.empty() && out.back() != '-') {
        out += '-';
      }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    if (out.size() > 48) {
      out.resize(48);
      while (!out.empty() && out.back() == '-') out.pop_back();
    }
    return out;
  };
  std::string base = slug(title);
  if (base.empty()) {
    std::string host = UrlHost(url);
    if (host.rfind("www.", 0) == 0) host = host.substr(4);
    base = slug(host);
  }
  if (base.empty()) base = "feed";
  std::string id = base;
  for (int n = 2; taken.count(id); ++n) id = base + "-" + std::to_string(n);
  taken.insert(id);
  return id;
}

}  // namespace newsd
