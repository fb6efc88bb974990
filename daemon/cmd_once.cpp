// `newsd once`: poll every feed once now, run the pipeline, store, exit.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <boost/asio.hpp>

#include "daemon/command_util.h"
#include "daemon/commands.h"
#include "daemon/engine.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"

namespace newsd {

namespace asio = boost::asio;

namespace {

std::string ProgressLine(const PollProgress& p, const PollerCounters& c, double secs) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "feeds %d/%d, %lld new articles, %lld duplicates, %d errors, %.1fs", p.done,
                p.total, c.new_articles.load(), c.duplicates.load(), p.errors, secs);
  return buf;
}

int RunOnce(const Config& cfg, bool timings) {
  auto engine = Engine::Create(cfg);
  if (!engine) {
    spdlog::error("{}", engine.error().message);
    return kExitFailure;
  }
  asio::io_context ioc{1};
  asio::thread_pool workers(cfg.daemon.workers > 0
                                ? cfg.daemon.workers
                                : std::max(1u, std::thread::hardware_concurrency()));
  Poller poller(ioc, workers, **engine, cfg);
  if (auto st = poller.AddFeeds(); !st) {
    spdlog::error("{}", st.error().message);
    return kExitFailure;
  }
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const bool tty = isatty(STDERR_FILENO) != 0;
  PollProgress final_progress;
  bool complete = false;
  asio::steady_timer ticker(ioc);
  std::function<void()> tick = [&] {
    ticker.expires_after(tty ? std::chrono::milliseconds(200) : std::chrono::seconds(5));
    ticker.async_wait([&](boost::system::error_code ec) {
      if (ec || complete) return;
      const std::string line = ProgressLine(poller.progress(), poller.counters(), elapsed());
      if (tty) {
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
      } else {
        spdlog::info("progress: {}", line);
      }
      tick();
    });
  };
  poller.PollAllNow([&](const PollProgress& p) {
    final_progress = p;
    complete = true;
    ticker.cancel();
    poller.Stop();
  });
  tick();
  ioc.run();
  workers.join();
  if (auto st = (*engine)->Flush(); !st) spdlog::error("{}", st.error().message);
  if (tty) std::fprintf(stderr, "\r\033[K");
  if (timings) {
    for (const auto& t : (*engine)->Timings()) {
      std::fprintf(stderr, "  %-14s %8llu calls %9.3f s\n", t.name.c_str(),
                   static_cast<unsigned long long>(t.calls), t.seconds);
    }
  }
  std::fprintf(stderr, "newsd once: %s\n",
               ProgressLine(final_progress, poller.counters(), elapsed()).c_str());
  if (final_progress.total > 0 && final_progress.errors == final_progress.total) {
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void RegisterOnceCommand(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "once", "Poll every feed once now (whatever its schedule), store new articles, exit");
  auto timings = std::make_shared<bool>(false);
  cmd->add_flag("--timings", *timings,
                "print the time spent per step (parse, layer-1, pipeline stages) at the end");
  cmd->callback([&ctx, timings] {
    auto cfg = LoadForCommand(ctx);
    if (!cfg) return;
    ctx.exit_code = RunOnce(*cfg, *timings);
  });
}

}  // namespace newsd
