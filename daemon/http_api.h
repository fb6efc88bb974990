// HttpApi: the daemon's HTTP API put together — the server with its limits
// and token, every route of docs/API.md, the live stream woken by commits,
// the metrics and (when [http] public_url is set) the WebSub subscriber.
//
// Thread rules: construct before the io_context runs (it registers an Engine
// commit listener and the Poller hooks), then Start, Stop and destroy on the
// io thread or after it has stopped. Everything passed in must outlive it.
#pragma once

#include <cstdint>
#include <memory>

#include "core/result.h"
#include "daemon/config.h"

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

class HttpApi {
 public:
  // `poller` and `dispatcher` may be null (no poll route, no delivery counters).
  HttpApi(boost::asio::io_context& ioc, boost::asio::thread_pool& workers, const Config& config,
          Engine& engine, Poller* poller, alerts::Dispatcher* dispatcher);
  ~HttpApi();
  HttpApi(const HttpApi&) = delete;
  HttpApi& operator=(const HttpApi&) = delete;

  // Reads the token file, binds [http] listen and starts serving. Fails
  // naming the file or address.
  Status Start();
  // Closes the listener, every connection and stream.
  void Stop();
  // The bound port (after Start).
  std::uint16_t port() const;
  DaemonMetrics& metrics();
  // The dispatcher whose counters /metrics shows (SIGHUP replaced it); call
  // on the io thread. May be null.
  void SetDispatcher(alerts::Dispatcher* dispatcher);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
