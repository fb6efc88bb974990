// `newsd once`: poll every feed once now, run the pipeline, store, exit.
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon/commands.h"

namespace newsd {

void RegisterOnceCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("once", "Poll every feed once now, store new articles, exit");
  cmd->callback([&ctx] {
    std::cerr << "newsd once: not available yet (fetcher lands with issue #3)\n";
    ctx.exit_code = kExitFailure;
  });
}

}  // namespace newsd
