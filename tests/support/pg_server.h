// A throwaway PostgreSQL server for tests: Debian's postgresql-15 binaries,
// a fresh cluster in a temp dir, listening on 127.0.0.1 and a unix socket in
// that dir, on a free TCP port chosen at construction.
//
//   PgServer pg;
//   ASSERT_OK(pg.Start());            // initdb on first start, then postgres
//   PgConn::Connect(pg.conninfo())    // "host=127.0.0.1 port=N user=postgres dbname=postgres"
//   pg.Stop();                        // fast shutdown; data stays
//   ASSERT_OK(pg.Start());            // same data dir, same port
//
// When the test runs as root, initdb and postgres run as the `postgres`
// system user (they refuse root): the temp dir is chowned to it and the child
// drops privileges before exec. The server gets SIGQUIT when the test thread
// that started it dies (PR_SET_PDEATHSIG) and is stopped by the destructor.
//
// Thread rules: one thread at a time. Not copyable.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <string>

#include "core/result.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

class PgServer {
 public:
  PgServer();
  ~PgServer();  // stops the server (immediate shutdown) and removes the dir
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // True when the postgresql-15 server binaries are installed. Tests must
  // FAIL (not skip) when they are missing: CI installs them (install-deps --servers).
  static bool Available();
  static std::string BinDir();  // "/usr/lib/postgresql/15/bin"

  // Creates the cluster (first call only), starts postgres and waits until it
  // accepts connections (at most `timeout`). Error with the server log's tail.
  Status Start(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Fast shutdown (SIGINT), waiting for the postmaster to exit. Idempotent.
  void Stop();
  // Crash: SIGKILL-free immediate shutdown (SIGQUIT), no checkpoint.
  void Crash();
  bool Running() const { return pid_ > 0; }

  int port() const { return port_; }
  // libpq conninfo for TCP on 127.0.0.1 as superuser `postgres`, db `postgres`.
  std::string conninfo(const std::string& dbname = "postgres") const;
  std::string dir() const { return dir_.str(); }
  // The last ~4 KB of the server log (for failure messages).
  std::string LogTail() const;

 private:
  Status InitDb();
  void WaitExit(std::chrono::milliseconds timeout);

  TempDir dir_;
  std::string data_;
  std::string log_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool initialised_ = false;
  uid_t uid_ = 0;  // user the server runs as (postgres when we are root)
  gid_t gid_ = 0;
};

// A free TCP port on 127.0.0.1 (bind port 0, read it, close). Racy by nature
// but good enough for a server started right after.
int FreeTcpPort();

}  // namespace newsd::testing
