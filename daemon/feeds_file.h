// The managed feeds file ([feeds] managed, default feeds.d/managed.toml):
// the [[feed]] tables that `newsd feeds add/import/remove` write, so the
// user's hand-edited newsd.toml is never rewritten. The file is included by
// the config (daemon/config_feeds.cpp) and so stays part of the single
// source of truth. Writes are atomic (temporary file + rename).
//
// Thread rules: plain functions; callers serialise writes to one file.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace newsd {

// A feed to write: the keys of a [[feed]] table.
struct NewFeed {
  std::string id;
  std::string url;
  std::string title;  // "" = omitted
  std::vector<std::string> tags;
};

// Appends `feeds` to the managed file at `path`, creating it (and its
// directory) when needed. Fails with the path and reason; the file is then
// unchanged.
Status AppendManagedFeeds(const std::string& path, const std::vector<NewFeed>& feeds);

// Removes the [[feed]] whose id is `id` from the managed file. kNotFound when
// the file holds no such feed.
Status RemoveManagedFeed(const std::string& path, const std::string& id);

// A stable feed id made from `title` (else the URL's host, else "feed"):
// lower-case ASCII letters and digits joined by '-', at most 48 characters,
// made unique against `taken` with "-2", "-3", ... The id is added to `taken`.
std::string MakeFeedId(const std::string& title, const std::string& url,
                       std::set<std::string>& taken);

}  // namespace newsd
