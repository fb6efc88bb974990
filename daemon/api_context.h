// What the HTTP API routes and the live stream reach: the engine, the poller,
// the dispatcher, the metrics and a pool of read connections.
//
// Thread rules: the pointers are set before the server starts and outlive it.
// Poller and Dispatcher belong to the io thread; ReaderPool is thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "daemon/config.h"
#include "storage/api_reader.h"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace newsd {

class Engine;
class Poller;
class DaemonMetrics;
namespace alerts {
class Dispatcher;
}

// Idle read connections, reused across requests (SQLite open is not free).
class ReaderPool {
 public:
  explicit ReaderPool(std::string db_path) : path_(std::move(db_path)) {}
  // Runs `f(ApiReader&)` with a pooled connection; call on a worker thread.
  template <typename F>
  auto With(F f) -> decltype(f(std::declval<ApiReader&>())) {
    auto r = Take();
    if (!r) return Fail(r.error());
    auto out = f(**r);
    Give(std::move(*r));
    return out;
  }

 private:
  Result<std::unique_ptr<ApiReader>> Take();
  void Give(std::unique_ptr<ApiReader> r);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<ApiReader>> idle_;  // guarded by mu_
};

struct ApiDeps {
  const Config* config = nullptr;
  Engine* engine = nullptr;
  Poller* poller = nullptr;                  // null: no polling (poll routes answer 503)
  alerts::Dispatcher* dispatcher = nullptr;  // null: no alert delivery counters
  DaemonMetrics* metrics = nullptr;
  boost::asio::io_context* ioc = nullptr;
  boost::asio::thread_pool* workers = nullptr;
  ReaderPool* readers = nullptr;
  TimePoint started{};
};

// "2026-11-23T06:00:00Z" or a duration back from now ("24h"); nullopt and
// `error` set when it is neither.
std::optional<TimePoint> ParseApiTime(const std::string& s, std::string& error);

}  // namespace newsd
