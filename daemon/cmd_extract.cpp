// `newsd extract FILE.html [--url URL] [--json]` (INTERFACES.md §3): runs the
// article-page extraction on one saved page. Needs no config and no store.
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "daemon/commands.h"
#include "extract/page.h"

namespace newsd {

void RegisterExtractCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "extract", "Print the main text of a saved HTML page (--json: the export object)");
  struct Args {
    std::string file;
    std::string url;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("FILE", args->file, "Saved HTML page ('-' for standard input)")->required();
  cmd->add_option("--url", args->url, "The page's URL (resolves its canonical link)");
  cmd->add_flag("--json", args->json, "Print the export object (INTERFACES.md §2) instead");
  cmd->callback([&ctx, args] {
    std::stringstream ss;
    if (args->file == "-") {
      ss << std::cin.rdbuf();
    } else {
      std::ifstream in(args->file, std::ios::binary);
      if (!in) {
        std::cerr << "newsd extract: cannot read " << args->file << "\n";
        ctx.exit_code = kExitFailure;
        return;
      }
      ss << in.rdbuf();
    }
    const Article a = ExtractPage(ss.str(), args->url);
    if (args->json) {
      ArticleJsonOptions opt;
      opt.include_ids = false;
      std::cout << ToJsonLine(ArticleToJson(a, opt)) << "\n";
    } else {
      std::cout << a.text << (a.text.empty() ? "" : "\n");
    }
    ctx.exit_code = kExitOk;
  });
}

}  // namespace newsd
