#include "tests/support/pg_server.h"

#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <libpq-fe.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace newsd::testing {
namespace {

namespace fs = std::filesystem;

// Forks and execs argv as uid/gid with stdout+stderr appended to `log`.
// Everything the child needs is prepared before fork (the parent may have threads).
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log, uid_t uid, gid_t gid,
            bool die_with_parent) {
  std::vector<std::string> args = argv;
  std::vector<char*> a;
  for (auto& s : args) a.push_back(s.data());
  a.push_back(nullptr);
  const bool drop = geteuid() == 0;
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int f = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (f >= 0) {
    dup2(f, 1);
    dup2(f, 2);
    close(f);
  }
  const int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, 0);
  if (drop) {
    if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(126);
  }
  // Set after the uid change: changing credentials clears the death signal.
  if (die_with_parent) {
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(125);
  }
  execv(a[0], a.data());
  _exit(127);
}

bool WaitPid(pid_t pid, std::chrono::milliseconds timeout, int* status) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid || r < 0) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

int FreeTcpPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::string PgServer::BinDir() { return "/usr/lib/postgresql/15/bin"; }

bool PgServer::Available() {
  return access((BinDir() + "/initdb").c_str(), X_OK) == 0 &&
         access((BinDir() + "/postgres").c_str(), X_OK) == 0;
}

PgServer::PgServer() {
  data_ = (dir_.path() / "data").string();
  log_ = (dir_.path() / "server.log").string();
  port_ = FreeTcpPort();
  uid_ = geteuid();
  gid_ = getegid();
  if (uid_ == 0) {
    if (const passwd* pw = getpwnam("postgres")) {
      uid_ = pw->pw_uid;
      gid_ = pw->pw_gid;
    }
    // The server must own its dir (socket, log, data). The temp root is traversable.
    if (chown(dir_.str().c_str(), uid_, gid_) != 0 || chmod(dir_.str().c_str(), 0700) != 0) {
      // Start() reports the consequence (initdb cannot write) with the log.
    }
    const int f = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (f >= 0) {
      if (fchown(f, uid_, gid_) != 0) {
        // Same: a log the server cannot append to shows up as a start failure.
      }
      close(f);
    }
  }
}

PgServer::~PgServer() {
  if (pid_ > 0) {
    kill(pid_, SIGQUIT);
    int st = 0;
    if (!WaitPid(pid_, std::chrono::seconds(10), &st)) {
      kill(pid_, SIGKILL);
      WaitPid(pid_, std::chrono::seconds(5), &st);
    }
    pid_ = -1;
  }
}

std::string PgServer::conninfo(const std::string& dbname) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + dbname +
         " connect_timeout=5";
}

std::string PgServer::LogTail() const {
  std::ifstream in(log_, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > 4096) s = s.substr(s.size() - 4096);
  return s;
}

Status PgServer::InitDb() {
  if (!Available()) {
    return Fail(ErrorKind::kNotFound, "PostgreSQL 15 server binaries not found in " + BinDir() +
                                          " (install with scripts/install-deps --servers)");
  }
  if (port_ == 0) return Fail(ErrorKind::kIo, "no free TCP port on 127.0.0.1");
  const pid_t pid = Spawn({BinDir() + "/initdb", "-D", data_, "-U", "postgres", "-A", "trust", "-E",
                           "UTF8", "--locale=C", "--no-sync", "--no-instructions"},
                          log_, uid_, gid_, false);
  if (pid < 0) return Fail(ErrorKind::kIo, "fork failed for initdb");
  int st = 0;
  if (!WaitPid(pid, std::chrono::seconds(120), &st)) {
    kill(pid, SIGKILL);
    WaitPid(pid, std::chrono::seconds(5), &st);
    return Fail(ErrorKind::kTimeout, "initdb took longer than 120 s:\n" + LogTail());
  }
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    return Fail(ErrorKind::kIo, "initdb failed:\n" + LogTail());
  }
  initialised_ = true;
  return OkStatus();
}

Status PgServer::Start(std::chrono::milliseconds timeout) {
  if (pid_ > 0) return OkStatus();
  if (!initialised_) {
    if (auto s = InitDb(); !s) return s;
  }
  // Durability settings are relaxed: a test cluster never survives a power cut,
  // but a fast or immediate shutdown keeps (or recovers) committed data.
  pid_ = Spawn({BinDir() + "/postgres",
                "-D",
                data_,
                "-p",
                std::to_string(port_),
                "-k",
                dir_.str(),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "shared_buffers=16MB",
                "-c",
                "max_connections=40",
                "-c",
                "max_wal_size=256MB",
                "-c",
                "logging_collector=off"},
               log_, uid_, gid_, true);
  if (pid_ < 0) return Fail(ErrorKind::kIo, "fork failed for postgres");
  const std::string ci = conninfo() + " connect_timeout=2";
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (PQping(ci.c_str()) == PQPING_OK) return OkStatus();
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return Fail(ErrorKind::kIo, "postgres exited during start-up:\n" + LogTail());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Fail(ErrorKind::kTimeout, "postgres not ready on port " + std::to_string(port_) +
                                       " after " + std::to_string(timeout.count()) + " ms:\n" +
                                       LogTail());
}

void PgServer::WaitExit(std::chrono::milliseconds timeout) {
  int st = 0;
  if (!WaitPid(pid_, timeout, &st)) {
    kill(pid_, SIGKILL);
    WaitPid(pid_, std::chrono::seconds(5), &st);
  }
  pid_ = -1;
}

void PgServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGINT);  // fast shutdown: disconnect clients, checkpoint, exit
  WaitExit(std::chrono::seconds(30));
}

void PgServer::Crash() {
  if (pid_ <= 0) return;
  kill(pid_, SIGQUIT);  // immediate shutdown: crash recovery on next start
  WaitExit(std::chrono::seconds(15));
}

}  // namespace newsd::testing
