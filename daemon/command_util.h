// Helpers shared by the subcommand files of daemon/.
#pragma once

#include <optional>

#include "daemon/commands.h"
#include "daemon/config.h"
#include "storage/store.h"

namespace newsd {

// Loads the config named by `ctx` and sets up logging; prints errors, sets
// ctx.exit_code and returns nullopt on failure. Defined in cmd_basic.cpp.
std::optional<Config> LoadForCommand(CommandContext& ctx);

// The Store options of a config: `<state_dir>/newsd.db` and [storage].
// Defined in cmd_store.cpp.
StoreOptions StoreOptionsFromConfig(const Config& cfg);

}  // namespace newsd
