// `newsd parse FILE|URL|- [--base-url URL] [--content-type TYPE]`: parses one feed
// document and prints the JSON object of INTERFACES.md §1.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "daemon/commands.h"
#include "feeds/parser.h"

#include <boost/asio/io_context.hpp>

#include "daemon/scheduler.h"
#include "feeds/fetcher.h"

namespace newsd {
namespace {

struct ParseArgs {
  std::string source;
  std::string base_url;
  std::string content_type;
  std::size_t max_items = 1000;
};

// Fetches an http(s):// or file:// URL with the daemon's fetcher (default
// [fetch] limits); fills the base URL and content type from the response.
bool FetchSource(ParseArgs& args, std::string& out, std::string& error) {
  boost::asio::io_context ioc{1};
  Fetcher fetcher(ioc, MakeFetcherOptions(FetchSection{}));
  FetchResponse response;
  fetcher.Fetch(FetchRequest{args.source, "", "", {}, nullptr},
                [&response](FetchResponse r) { response = std::move(r); });
  ioc.run();
  if (!response.ok()) {
    error = args.source + ": " + response.error_message;
    return false;
  }
  if (response.status < 200 || response.status > 299) {
    error = args.source + ": HTTP status " + std::to_string(response.status);
    return false;
  }
  if (args.base_url.empty()) args.base_url = response.url;
  if (args.content_type.empty()) args.content_type = response.content_type;
  out = std::move(response.body);
  return true;
}

bool ReadSource(ParseArgs& args, std::string& out, std::string& error) {
  const std::string& source = args.source;
  if (source == "-") {
    out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    if (source.find("://") != std::string::npos) return FetchSource(args, out, error);
    error = source + ": cannot open file";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

}  // namespace

void RegisterParseCommand(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ParseArgs>();
  auto* cmd = app.add_subcommand(
      "parse", "Parse one feed document (RSS, RDF, Atom, JSON Feed) and print it as JSON");
  cmd->add_option("source", args->source,
                  "Feed file, URL (http, https, file), or - for standard input")
      ->required();
  cmd->add_option("--base-url", args->base_url,
                  "URL the feed was fetched from: relative links resolve against it");
  cmd->add_option("--content-type", args->content_type,
                  "HTTP Content-Type the feed was served with (its charset= is used)");
  cmd->add_option("--max-items", args->max_items, "At most this many items (default 1000)");
  cmd->callback([&ctx, args] {
    std::string bytes, error;
    if (!ReadSource(*args, bytes, error)) {
      std::cerr << "newsd parse: " << error << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
    ParseOptions options;
    options.base_url = args->base_url;
    options.content_type = args->content_type;
    options.max_items = args->max_items;
    Result<ParsedFeed> feed = ParseFeed(bytes, options);
    if (!feed) {
      std::cerr << "newsd parse: " << args->source << ": " << feed.error().message << "\n";
      ctx.exit_code = kExitFailure;
      return;
    }
    std::cout << ToJsonLine(ParsedFeedToJson(*feed)) << "\n";
    ctx.exit_code = kExitOk;
  });
}

}  // namespace newsd
