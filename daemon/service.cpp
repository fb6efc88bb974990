#include "daemon/service.h"

#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "core/log.h"
#include "daemon/notify.h"

namespace newsd {

namespace asio = boost::asio;

struct Service::Impl {
  explicit Impl(Config c) : config(std::move(c)), workers(WorkerCount(config)) {}

  static std::size_t WorkerCount(const Config& c) {
    if (c.daemon.workers > 0) return static_cast<std::size_t>(c.daemon.workers);
    return std::max(1u, std::thread::hardware_concurrency());
  }

  asio::awaitable<void> HandleSignals();
  asio::awaitable<void> Heartbeat();
  void Reload();

  Config config;
  asio::io_context ioc{1};
  asio::thread_pool workers;
  Notifier notifier;
  asio::steady_timer heartbeat{ioc};
  bool stopping = false;
};

void Service::Impl::Reload() {
  notifier.Reloading();
  spdlog::info("SIGHUP: reloading {}", config.path);
  auto next = LoadConfig(config.path);
  if (!next) {
    spdlog::error("reload rejected, keeping the running configuration:\n{}", next.error().message);
  } else {
    if (auto st = SetLogLevel(next->daemon.log_level); !st) spdlog::warn("{}", st.error().message);
    config = std::move(*next);
    spdlog::info("configuration reloaded: {} feeds, {} watches, {} sinks", config.feeds.size(),
                 config.watches.size(), config.sinks.size());
  }
  notifier.Ready("running");
}

asio::awaitable<void> Service::Impl::HandleSignals() {
  asio::signal_set signals(ioc, SIGINT, SIGTERM, SIGHUP);
  for (;;) {
    auto [ec, sig] = co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (sig == SIGHUP) {
      Reload();
      continue;
    }
    spdlog::info("received {}, shutting down", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    notifier.Stopping();
    stopping = true;
    heartbeat.cancel();
    co_return;
  }
}

asio::awaitable<void> Service::Impl::Heartbeat() {
  const auto interval = notifier.WatchdogInterval();
  if (!interval) co_return;
  while (!stopping) {
    notifier.Watchdog();
    heartbeat.expires_after(*interval);
    auto [ec] = co_await heartbeat.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }
}

Service::Service(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Service::~Service() { impl_->workers.join(); }

int Service::Run() {
  Impl& s = *impl_;
  std::error_code ec;
  std::filesystem::create_directories(s.config.daemon.state_dir, ec);
  if (ec) {
    spdlog::error("state_dir {}: {}", s.config.daemon.state_dir, ec.message());
    return 1;
  }
  int rc = 0;
  auto on_done = [&rc](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::critical("unexpected error: {}", ex.what());
      rc = 1;
    }
  };
  asio::co_spawn(s.ioc, s.HandleSignals(), on_done);
  asio::co_spawn(s.ioc, s.Heartbeat(), on_done);
  spdlog::info("newsd {} running: {} feeds, state in {}", NEWSD_VERSION, s.config.feeds.size(),
               s.config.daemon.state_dir);
  s.notifier.Ready("running");
  s.ioc.run();
  s.workers.join();
  spdlog::info("stopped");
  return rc;
}

}  // namespace newsd
