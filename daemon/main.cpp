// newsd: a streaming news-ingestion daemon. See README.md and newsd(8).
#include <cstdlib>
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "daemon/commands.h"

int main(int argc, char** argv) {
  newsd::CommandContext ctx;
  const char* env = std::getenv("NEWSD_CONFIG");
  ctx.config_path = env && *env ? env : "/etc/newsd/newsd.toml";

  CLI::App app{
      "newsd: polls news feeds, extracts articles and facts, stores them "
      "in SQLite and alerts on watched topics."};
  app.set_version_flag("-V,--version", "newsd " NEWSD_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("-c,--config", ctx.config_path,
                 "Configuration file (default $NEWSD_CONFIG or /etc/newsd/newsd.toml)");
  app.add_option("--log-level", ctx.log_level,
                 "trace, debug, info, warn, error or off (overrides [daemon] log_level)");

  newsd::RegisterRunCommand(app, ctx);
  newsd::RegisterOnceCommand(app, ctx);
  newsd::RegisterCheckConfigCommand(app, ctx);
  newsd::RegisterVersionCommand(app, ctx);
  newsd::RegisterIngestCommand(app, ctx);
  newsd::RegisterParseCommand(app, ctx);
  newsd::RegisterSearchCommand(app, ctx);
  newsd::RegisterExportCommand(app, ctx);
  newsd::RegisterStatsCommand(app, ctx);
  newsd::RegisterExtractCommand(app, ctx);
  newsd::RegisterFeedsCommand(app, ctx);
  newsd::RegisterWatchCommand(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? newsd::kExitOk : newsd::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "newsd: fatal: " << e.what() << "\n";
    return newsd::kExitFailure;
  }
  return ctx.exit_code;
}
