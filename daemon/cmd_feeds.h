// Pieces shared by the `newsd feeds` subcommand files (daemon/cmd_feeds*.cpp).
#pragma once

#include <functional>
#include <string>

#include "core/result.h"
#include "daemon/commands.h"
#include "daemon/config.h"

namespace CLI {
class App;
}

namespace newsd {

// Changes the managed feeds file of `cfg` with `change`, then re-reads the
// whole config; if it no longer loads, the file's previous content is put
// back and the config's errors are returned.
Status ChangeManagedFeeds(const Config& cfg, const std::function<Status()>& change);

// `newsd feeds add` and `newsd feeds import` (cmd_feeds_add.cpp).
void RegisterFeedsAddCommands(CLI::App& feeds, CommandContext& ctx);

}  // namespace newsd
