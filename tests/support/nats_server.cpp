#include "tests/support/nats_server.h"

#include <signal.h>
#include <unistd.h>

#include <nats/nats.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/pg_server.h"

namespace newsd::testing {
namespace {

const char* kBinary = "/usr/sbin/nats-server";  // Debian puts it in sbin

}  // namespace

bool NatsServer::Available() { return access(kBinary, X_OK) == 0; }

NatsServer::NatsServer() : port_(FreeTcpPort()) {}

NatsServer::~NatsServer() { Stop(); }

std::string NatsServer::LogTail() const {
  std::ifstream in((dir_.path() / "server.log").string(), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 4096) s = s.substr(s.size() - 4096);
  return s;
}

Status NatsServer::Start(std::chrono::milliseconds timeout) {
  if (proc_) return OkStatus();
  if (!Available()) {
    return Fail(ErrorKind::kNotFound,
                std::string(kBinary) + " not found (install with scripts/install-deps --servers)");
  }
  if (port_ == 0) return Fail(ErrorKind::kIo, "no free TCP port on 127.0.0.1");
  const std::string log = (dir_.path() / "server.log").string();
  proc_ = std::make_unique<Subprocess>(
      std::vector<std::string>{kBinary, "-js", "-sd", (dir_.path() / "js").string(), "-a",
                               "127.0.0.1", "-p", std::to_string(port_)},
      log, log);
  const std::string u = url();
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    natsConnection* nc = nullptr;
    if (natsConnection_ConnectTo(&nc, u.c_str()) == NATS_OK) {
      natsConnection_Destroy(nc);
      return OkStatus();
    }
    if (!proc_->Running()) {
      proc_.reset();
      return Fail(ErrorKind::kIo, "nats-server exited during start-up:\n" + LogTail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Fail(ErrorKind::kTimeout, "nats-server not ready at " + u + ":\n" + LogTail());
}

void NatsServer::Stop() {
  if (!proc_) return;
  proc_->Signal(SIGTERM);
  if (!proc_->Wait(std::chrono::seconds(10))) proc_->Signal(SIGKILL);
  proc_.reset();  // the destructor reaps (SIGKILL if still running)
}

}  // namespace newsd::testing
