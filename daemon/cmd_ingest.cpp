// `newsd ingest PATH... [--feed ID]`: local files through the full pipeline
// into the store (INTERFACES.md §4). A feed file gives its items, an HTML page
// one article, a .txt file one article (first line the title).
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/engine.h"
#include "extract/page.h"
#include "feeds/parser.h"

namespace newsd {

namespace fs = std::filesystem;

namespace {

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The articles in one file, or an error naming it.
Result<std::vector<Article>> ArticlesOf(const std::string& path, const std::string& feed) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, path + ": cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string body = ss.str();
  const std::string url = "file://" + fs::absolute(path).lexically_normal().string();
  std::string ext = fs::path(path).extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<Article> out;
  if (ext == ".txt") {
    Article a;
    const auto nl = body.find('\n');
    a.title = body.substr(0, nl);
    a.url = url;
    a.guid = url;
    // Paragraphs (blank-line separated) become <p> so the text stages keep them.
    std::string rest = nl == std::string::npos ? "" : body.substr(nl + 1);
    std::string html;
    std::size_t pos = 0;
    while (pos <= rest.size()) {
      std::size_t end = rest.find("\n\n", pos);
      if (end == std::string::npos) end = rest.size();
      html += "<p>" + HtmlEscape(rest.substr(pos, end - pos)) + "</p>\n";
      pos = end + 2;
    }
    a.html = html;
    a.feed = feed;
    out.push_back(std::move(a));
    return out;
  }
  if (ext == ".html" || ext == ".htm") {
    Article a = ExtractPage(body, url);
    a.feed = feed;
    if (a.guid.empty()) a.guid = a.url.empty() ? url : a.url;
    out.push_back(std::move(a));
    return out;
  }
  ParseOptions po;
  po.base_url = url;
  auto parsed = ParseFeed(body, po);
  if (!parsed) return Fail(parsed.error().Wrap(path));
  for (const auto& item : parsed->items) out.push_back(ArticleFromFeedItem(item, feed));
  return out;
}

std::string Status(const ArticleOutcome& o) {
  switch (o.layer) {
    case DedupLayer::kNone:
      return "new";
    case DedupLayer::kNearDuplicate:
      return "new (near-duplicate of " + std::to_string(o.duplicate_of.value_or(0)) + ")";
    case DedupLayer::kRevision:
      return "revision of " + std::to_string(o.article_id);
    default:
      return "duplicate of " + std::to_string(o.article_id);
  }
}

int RunIngest(const Config& cfg, const std::vector<std::string>& paths, const std::string& feed) {
  auto engine = Engine::Create(cfg);
  if (!engine) {
    std::cerr << engine.error().message << "\n";
    return kExitFailure;
  }
  int failures = 0;
  for (const auto& path : paths) {
    auto articles = ArticlesOf(path, feed);
    if (!articles) {
      std::cerr << articles.error().message << "\n";
      ++failures;
      continue;
    }
    std::vector<std::string> titles;
    for (const auto& a : *articles) titles.push_back(a.title);
    std::promise<BatchOutcome> result;
    auto fut = result.get_future();
    (*engine)->ProcessArticles(std::move(*articles),
                               [&result](const BatchOutcome& o) { result.set_value(o); });
    const BatchOutcome o = fut.get();
    if (!o) {
      std::cerr << path << ": " << o.error().message << "\n";
      ++failures;
      continue;
    }
    for (std::size_t i = 0; i < o->size(); ++i) {
      const auto& r = (*o)[i];
      std::cout << r.article_id << "\t" << Status(r) << "\t" << titles[i] << "\n";
    }
  }
  return failures == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void RegisterIngestCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "ingest",
      "Put local files (feed, .html page, .txt article) through the pipeline into the store");
  static std::vector<std::string> paths;
  static std::string feed;
  cmd->add_option("paths", paths, "Feed files, HTML pages or .txt files")->required();
  cmd->add_option("--feed", feed, "Feed id to record as the source (default none)");
  cmd->callback([&ctx] {
    auto cfg = LoadForCommand(ctx);
    if (!cfg) return;
    ctx.exit_code = RunIngest(*cfg, paths, feed);
  });
}

}  // namespace newsd
