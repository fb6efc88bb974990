// TlsServer: nginx (Debian nginx-light, a base test dependency) serving fixed
// bodies over TLS on 127.0.0.1, with a self-signed certificate for 127.0.0.1
// made by the openssl command at start. For the HTTP/2 (ALPN) and CA file
// tests of the fetcher. Each instance has its own temp dir, config and port.
//
// Thread rules: construct and destroy on one thread; the accessors are
// const. Destruction stops nginx (SIGKILL via Subprocess).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

struct TlsServerOptions {
  bool http2 = true;                          // offer h2 in ALPN
  std::map<std::string, std::string> bodies;  // exact path -> 200 body
};

class TlsServer {
 public:
  // Starts nginx and waits until it accepts connections. On failure ok() is
  // false and error() says why (missing nginx/openssl, port taken, ...).
  explicit TlsServer(TlsServerOptions options);
  ~TlsServer();
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::uint16_t port() const { return port_; }
  // "https://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path) const;
  // The self-signed certificate (PEM): the CA file that makes it trusted.
  std::string ca_file() const;

 private:
  std::string Start(const TlsServerOptions& options);

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Subprocess> nginx_;
  std::string error_;
};

}  // namespace newsd::testing
