// The subcommands of the `newsd` binary. Each Register* function adds one
// subcommand to the CLI11 app; when the user picks it, its callback runs and
// stores the process exit code in `ctx.exit_code`.
//
// Exit codes (documented in README and newsd(8)):
//   0 success, 1 runtime failure, 2 usage or configuration error.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace newsd {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Options shared by every subcommand.
struct CommandContext {
  std::string config_path;  // --config, else $NEWSD_CONFIG, else /etc/newsd/newsd.toml
  std::string log_level;    // --log-level; "" = the config's (or "info")
  int exit_code = kExitOk;
};

void RegisterRunCommand(CLI::App& app, CommandContext& ctx);
void RegisterOnceCommand(CLI::App& app, CommandContext& ctx);
void RegisterCheckConfigCommand(CLI::App& app, CommandContext& ctx);
void RegisterVersionCommand(CLI::App& app, CommandContext& ctx);
void RegisterIngestCommand(CLI::App& app, CommandContext& ctx);
void RegisterParseCommand(CLI::App& app, CommandContext& ctx);
void RegisterSearchCommand(CLI::App& app, CommandContext& ctx);
void RegisterExportCommand(CLI::App& app, CommandContext& ctx);
void RegisterStatsCommand(CLI::App& app, CommandContext& ctx);
void RegisterExtractCommand(CLI::App& app, CommandContext& ctx);
void RegisterFeedsCommand(CLI::App& app, CommandContext& ctx);
void RegisterWatchCommand(CLI::App& app, CommandContext& ctx);

}  // namespace newsd
