// `newsd watch test QUERY|--watch ID [--since 30d] [--json] [--color WHEN]`:
// back-tests a rule against the stored archive with the pipeline's
// WatchMatcher and prints the matching articles (hits highlighted) and how
// many alerts the rule would have sent per day. `newsd watch list`: the
// watches of the config with their sinks.
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "alerts/matcher.h"
#include "core/json.h"
#include "core/time.h"
#include "daemon/command_util.h"
#include "daemon/watch_report.h"
#include "storage/reader.h"

namespace newsd {
namespace {

struct TestArgs {
  std::string query, watch, since = "30d", color = "auto";
  bool json = false;
};

// One version of an article as the matcher sees it, and when it was stored.
struct Version {
  Article article;
  TimePoint stored{};
};

struct Backtest {
  const alerts::WatchMatcher& matcher;
  bool realert_on_revision = false;
  TimePoint since{};
  std::string store_path;
  std::unique_ptr<StoreReader> side;  // revisions and originals of near-duplicates
  std::set<std::int64_t> alerted;     // articles that alerted in this back-test
  std::map<std::string, std::int64_t> per_day;
  std::int64_t scanned = 0, matched = 0, alerts = 0;

  Result<StoreReader*> Side() {
    if (!side) {
      auto r = StoreReader::Open(store_path);
      if (!r) return Fail(r.error());
      side = std::move(*r);
    }
    return side.get();
  }

  // Every stored version of `a`, oldest first (earlier revisions with their
  // title and text only: their entities and quotes are not kept).
  Result<std::vector<Version>> Versions(const Article& a) {
    std::vector<Version> out;
    if (a.revision <= 1) {
      out.push_back({a, a.fetched});
      return out;
    }
    auto r = Side();
    if (!r) return Fail(r.error());
    auto stored = (*r)->GetArticle(a.id);
    if (!stored) return Fail(stored.error());
    TimePoint at = a.fetched;
    if (*stored) {
      for (const auto& rev : (*stored)->revisions) {
        Article old = a;
        old.title = rev.title;
        old.text = rev.text;
        old.entities.clear();
        old.quotes.clear();
        old.revision = rev.revision;
        out.push_back({std::move(old), at});
        at = rev.replaced_at;
      }
    }
    out.push_back({a, at});
    return out;
  }

  // True when the original of a near-duplicate alerted (the copy then does not).
  Result<bool> OriginalAlerted(std::int64_t original) {
    if (alerted.count(original) != 0) return true;
    auto r = Side();
    if (!r) return Fail(r.error());
    auto stored = (*r)->GetArticle(original);
    if (!stored) return Fail(stored.error());
    // Scanned in this back-test without alerting, or gone.
    if (!*stored || (*stored)->article.fetched >= since) return false;
    return !matcher.Match((*stored)->article).empty();
  }
};

std::string Day(TimePoint t) { return FormatRfc3339(t).substr(0, 10); }

// 3 -> "3", 2.5 -> "2.5".
std::string FormatNumber(double v) {
  std::ostringstream ss;
  ss << v;
  return ss.str();
}

boost::json::array SpansJson(const std::vector<MatchSpan>& spans) {
  boost::json::array arr;
  for (const auto& s : spans) {
    arr.push_back(boost::json::object{
        {"field", s.field}, {"start", s.start}, {"end", s.end}, {"term", s.term}});
  }
  return arr;
}

void PrintMatch(const Article& a, const WatchMatch& m, int alerts, const std::string& note,
                const TestArgs& args, HitStyle style) {
  if (args.json) {
    boost::json::array snippets;
    for (auto& s : Snippets(a.text, m.spans, HitStyle::kBrackets)) snippets.emplace_back(s);
    boost::json::object o{
        {"type", "match"},
        {"article_id", a.id},
        {"revision", a.revision},
        {"feed", a.feed},
        {"url", a.url},
        {"title", a.title},
        {"fetched", FormatRfc3339(a.fetched)},
        {"score", m.score},
        {"alerts", alerts},
        {"note", note},
        {"matched", SpansJson(m.spans)},
        {"title_marked", Highlight(a.title, m.spans, "title", HitStyle::kBrackets)},
        {"snippets", std::move(snippets)}};
    o["duplicate_of"] = a.duplicate_of ? boost::json::value(*a.duplicate_of) : nullptr;
    std::cout << ToJsonLine(o) << "\n";
    return;
  }
  std::cout << "#" << a.id << "  " << FormatRfc3339(a.fetched) << "  " << a.feed << "  score "
            << m.score << "  alerts " << alerts;
  if (!note.empty()) std::cout << "  (" << note << ")";
  std::cout << "\n  " << Highlight(a.title, m.spans, "title", style) << "\n";
  if (!a.url.empty()) std::cout << "  " << a.url << "\n";
  for (const auto& s : Snippets(a.text, m.spans, style)) std::cout << "  " << s << "\n";
}

// Matches every version of `a`, applies the no-realert rules, prints.
Status TestArticle(Backtest& bt, const Article& a, const TestArgs& args, HitStyle style) {
  ++bt.scanned;
  auto versions = bt.Versions(a);
  if (!versions) return Fail(versions.error());
  std::optional<std::pair<Article, WatchMatch>> shown;
  std::vector<TimePoint> alert_times;
  for (auto& v : *versions) {
    auto ms = bt.matcher.Match(v.article);
    if (ms.empty()) continue;
    if (alert_times.empty() || bt.realert_on_revision) alert_times.push_back(v.stored);
    shown.emplace(std::move(v.article), std::move(ms.front()));
  }
  if (!shown) return OkStatus();
  ++bt.matched;
  std::string note;
  if (a.duplicate_of) {
    auto orig = bt.OriginalAlerted(*a.duplicate_of);
    if (!orig) return Fail(orig.error());
    if (*orig) {
      note = "near-duplicate of #" + std::to_string(*a.duplicate_of) + ", which alerted";
      alert_times.clear();
    }
  }
  if (!alert_times.empty()) bt.alerted.insert(a.id);
  for (TimePoint t : alert_times) ++bt.per_day[Day(t)];
  bt.alerts += static_cast<std::int64_t>(alert_times.size());
  PrintMatch(shown->first, shown->second, static_cast<int>(alert_times.size()), note, args, style);
  return OkStatus();
}

void RunTest(CommandContext& ctx, const TestArgs& args) {
  auto fail = [&](int code, const std::string& msg) {
    std::cerr << "newsd watch test: " << msg << "\n";
    ctx.exit_code = code;
  };
  if (args.query.empty() == args.watch.empty()) {
    return fail(kExitUsage, "give either a QUERY or --watch ID");
  }
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  alerts::WatchSpec spec;
  bool on_revision = false;
  if (!args.watch.empty()) {
    const WatchConfig* w = nullptr;
    for (const auto& x : cfg->watches) {
      if (x.id == args.watch) w = &x;
    }
    if (w == nullptr) return fail(kExitUsage, "no [[watch]] \"" + args.watch + "\" in the config");
    spec =
        alerts::WatchSpec{w->id, w->query, w->terms, w->threshold, w->feeds, w->tags, w->languages};
    on_revision = w->realert == "on_revision";
  } else {
    spec.id = "query";
    spec.query = args.query;
  }
  auto matcher = alerts::WatchMatcher::Compile({spec});
  if (!matcher) return fail(kExitUsage, matcher.error().message);
  auto since = ParseDuration(args.since);
  if (!since) {
    return fail(kExitUsage, "--since: '" + args.since + "' is not a duration (e.g. 30d, 12h)");
  }
  Backtest bt{**matcher, on_revision, SystemClock::Instance().Now() - *since,
              StoreOptionsFromConfig(*cfg).path};
  auto reader = StoreReader::Open(bt.store_path);
  if (!reader) return fail(kExitFailure, reader.error().message);
  const bool tty = isatty(STDOUT_FILENO) == 1;
  const HitStyle style = args.color == "always" || (args.color == "auto" && tty)
                             ? HitStyle::kAnsi
                             : HitStyle::kBrackets;
  ExportFilter f;
  f.since = bt.since;
  auto st = (*reader)->Export(f, [&](const Article& a) { return TestArticle(bt, a, args, style); });
  if (!st) return fail(kExitFailure, st.error().message);
  if (args.json) {
    boost::json::object days;
    for (const auto& [d, n] : bt.per_day) days[d] = n;
    boost::json::object o{
        {"type", "summary"},         {"watch", spec.id},      {"since", FormatRfc3339(bt.since)},
        {"articles", bt.scanned},    {"matched", bt.matched}, {"alerts", bt.alerts},
        {"per_day", std::move(days)}};
    std::cout << ToJsonLine(o) << "\n";
  } else {
    std::cout << "\n"
              << bt.scanned << " articles since " << FormatRfc3339(bt.since) << ", " << bt.matched
              << " matched, " << bt.alerts << " alerts would have been sent\n";
    if (!bt.per_day.empty()) std::cout << "alerts per day:\n";
    for (const auto& [d, n] : bt.per_day) std::cout << "  " << d << "  " << n << "\n";
  }
  ctx.exit_code = kExitOk;
}

void RunList(CommandContext& ctx, bool json) {
  auto cfg = LoadForCommand(ctx);
  if (!cfg) return;
  std::map<std::string, std::string> sink_type;
  for (const auto& s : cfg->sinks) sink_type[s.id] = s.type;
  for (const auto& w : cfg->watches) {
    boost::json::array notify, terms;
    std::string sinks;
    for (const auto& n : w.notify) {
      notify.push_back(boost::json::object{{"id", n}, {"type", sink_type[n]}});
      sinks += (sinks.empty() ? "" : ", ") + n + " (" + sink_type[n] + ")";
    }
    std::string term_text;
    for (const auto& [t, weight] : w.terms) {
      terms.push_back(boost::json::array{boost::json::value(t), boost::json::value(weight)});
      term_text += (term_text.empty() ? "" : ", ") + t + ":" + FormatNumber(weight);
    }
    if (json) {
      boost::json::object o{{"id", w.id},
                            {"query", w.query},
                            {"terms", terms},
                            {"notify", notify},
                            {"realert", w.realert}};
      o["threshold"] = w.threshold ? boost::json::value(*w.threshold) : nullptr;
      o["digest"] = w.digest ? boost::json::value(FormatDuration(*w.digest)) : nullptr;
      std::cout << ToJsonLine(o) << "\n";
      continue;
    }
    std::cout << w.id << "\n";
    if (!w.query.empty()) std::cout << "  query:   " << w.query << "\n";
    if (!w.terms.empty()) {
      std::cout << "  terms:   " << term_text << " (threshold " << FormatNumber(*w.threshold)
                << ")\n";
    }
    std::cout << "  notify:  " << (sinks.empty() ? "(none: stored only)" : sinks) << "\n";
    if (w.digest) std::cout << "  digest:  " << FormatDuration(*w.digest) << "\n";
    if (w.realert != "never") std::cout << "  realert: " << w.realert << "\n";
  }
  ctx.exit_code = kExitOk;
}

}  // namespace

void RegisterWatchCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("watch", "Watch rules: back-test a rule, list the watches");
  cmd->require_subcommand(1);
  auto args = std::make_shared<TestArgs>();
  auto* test = cmd->add_subcommand(
      "test", "Back-test a rule on the stored archive: matches, and alerts it would have sent");
  test->add_option("query", args->query, "a query in the watch rule language (docs/WATCH.md)");
  test->add_option("--watch", args->watch, "back-test this [[watch]] of the config instead");
  test->add_option("--since", args->since, "how far back to look (default 30d)");
  test->add_option("--color", args->color, "mark hits in bold: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  test->add_flag("--json", args->json, "one JSON object per match, then a summary object");
  test->callback([&ctx, args] { RunTest(ctx, *args); });
  auto json = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "The watches of the config with their sinks");
  list->add_flag("--json", *json, "one JSON object per watch");
  list->callback([&ctx, json] { RunList(ctx, *json); });
}

}  // namespace newsd
