// A throwaway NATS server with JetStream for tests: Debian's nats-server,
// `-js -sd <tmp> -a 127.0.0.1 -p <free port>`, started as a child process.
// Stop()/Start() restart it on the same port and storage dir (messages
// persist), the destructor kills it.
//
// Thread rules: one thread at a time. Not copyable.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "core/result.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

class NatsServer {
 public:
  NatsServer();
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // True when /usr/sbin/nats-server (Debian's path) exists. Tests
  // must FAIL, not skip, without it (CI installs it: install-deps --servers).
  static bool Available();

  // Starts the server and waits (at most `timeout`) until a client can
  // connect. Error with the log's tail.
  Status Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGTERM (graceful), waiting for exit; JetStream data stays in the dir.
  void Stop();
  bool Running() const { return proc_ != nullptr; }

  int port() const { return port_; }
  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  std::string LogTail() const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> proc_;
};

}  // namespace newsd::testing
