// The long-running daemon: one Asio io_context for all I/O, a worker pool for
// CPU stages, and the signal handling that drives its lifecycle.
//
//   SIGTERM / SIGINT  stop taking new work, drain in-flight work for at most
//                     [daemon] shutdown_timeout, then Run() returns 0.
//   SIGHUP            re-read the config file; an invalid file is rejected with
//                     its errors logged and the running config kept.
//
// Thread rules: construct, Run() and destroy on one thread. Everything else
// happens on the io_context thread inside Run().
#pragma once

#include <memory>

#include "core/result.h"
#include "daemon/config.h"

namespace newsd {

class Service {
 public:
  explicit Service(Config config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Opens the state directory, starts every activity and blocks until a
  // shutdown signal has been handled. Returns the process exit code.
  int Run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
