// `newsd run`, `newsd check-config`, `newsd version`.
#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "core/log.h"
#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/service.h"

namespace newsd {

// Loads the config and sets up logging; prints errors and returns nullopt on failure.
std::optional<Config> LoadForCommand(CommandContext& ctx) {
  auto cfg = LoadConfig(ctx.config_path);
  const std::string level = !ctx.log_level.empty() ? ctx.log_level
                            : cfg                  ? cfg->daemon.log_level
                                                   : "info";
  if (auto st = InitLogging(level); !st) {
    std::cerr << "newsd: " << st.error().message << "\n";
    ctx.exit_code = kExitUsage;
    return std::nullopt;
  }
  if (!cfg) {
    std::cerr << cfg.error().message << "\n";
    ctx.exit_code = kExitUsage;
    return std::nullopt;
  }
  return std::move(*cfg);
}

void RegisterRunCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("run", "Run the daemon: poll feeds on schedule, store, alert");
  cmd->callback([&ctx] {
    auto cfg = LoadForCommand(ctx);
    if (!cfg) return;
    Service service(std::move(*cfg));
    ctx.exit_code = service.Run();
  });
}

void RegisterCheckConfigCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "check-config", "Validate the configuration file; print FILE:LINE:COL for each problem");
  cmd->callback([&ctx] {
    auto cfg = LoadForCommand(ctx);
    if (!cfg) return;
    std::cout << ctx.config_path << ": OK (" << cfg->feeds.size() << " feeds, "
              << cfg->watches.size() << " watches, " << cfg->sinks.size() << " sinks)\n";
  });
}

void RegisterVersionCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("version", "Print the version of newsd");
  cmd->callback([&ctx] {
    std::cout << "newsd " << NEWSD_VERSION << "\n";
    ctx.exit_code = kExitOk;
  });
}

}  // namespace newsd
