// The systemd notification protocol of the real `newsd run`: the test plays
// systemd's side of sd_notify(3), listening on an AF_UNIX datagram socket
// named by $NOTIFY_SOCKET, and checks the sequence READY -> STATUS (with live
// counts) -> WATCHDOG (repeated) -> RELOADING/READY on SIGHUP -> STOPPING on
// SIGTERM, and that a daemon that cannot start never says READY.
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::DataPath;
using testing::RunCommand;
using testing::Subprocess;
using testing::TempDir;
using Clock = std::chrono::steady_clock;

// systemd's end of the notify socket: collects every datagram in order.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0) << std::strerror(errno);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    EXPECT_LT(path.size(), sizeof(addr.sun_path));
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0)
        << path << ": " << std::strerror(errno);
  }
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  // Receives datagrams until one satisfies `match` or `timeout` passes;
  // returns that message. Every message received is kept in log().
  std::optional<std::string> WaitFor(const std::function<bool(const std::string&)>& match,
                                     std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      const int n = poll(&p, 1, static_cast<int>(left.count()));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return std::nullopt;
      char buf[4096];
      const ssize_t got = recv(fd_, buf, sizeof(buf), 0);
      if (got < 0) continue;
      log_.emplace_back(buf, static_cast<std::size_t>(got));
      if (match(log_.back())) return log_.back();
    }
  }

  // Receives whatever is queued now, without waiting.
  void Drain() {
    char buf[4096];
    for (;;) {
      const ssize_t got = recv(fd_, buf, sizeof(buf), MSG_DONTWAIT);
      if (got < 0) return;
      log_.emplace_back(buf, static_cast<std::size_t>(got));
    }
  }

  const std::vector<std::string>& log() const { return log_; }
  // All messages so far, for failure output.
  std::string Dump() const {
    std::string s;
    for (const auto& m : log_) s += "[" + m + "]\n";
    return s;
  }

 private:
  std::string path_;
  int fd_ = -1;
  std::vector<std::string> log_;
};

bool HasLine(const std::string& msg, const std::string& line) {
  return ("\n" + msg + "\n").find("\n" + line + "\n") != std::string::npos;
}

// "STATUS=polling 2 feeds, 1 error, 31 articles" -> {2, 1, 31}.
struct StatusNumbers {
  long long feeds = -1, errors = -1, articles = -1;
};
std::optional<StatusNumbers> ParseStatus(const std::string& msg) {
  // Numbers are grouped by thousands: "40,312".
  static const std::regex re(
      R"((?:^|\n)STATUS=polling ([0-9]{1,3}(?:,[0-9]{3})*) feeds?, ([0-9]{1,3}(?:,[0-9]{3})*) )"
      R"(errors?, ([0-9]{1,3}(?:,[0-9]{3})*) articles?(?:\n|$))");
  std::smatch m;
  if (!std::regex_search(msg, m, re)) return std::nullopt;
  auto num = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    return std::stoll(s);
  };
  return StatusNumbers{num(m[1]), num(m[2]), num(m[3])};
}

long long CountArticles(const std::string& db_path) {
  sqlite3* db = nullptr;
  long long n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM articles", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return n;
}

long long UserVersion(const std::string& db_path) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

// A config with one real feed (file://) and one that cannot be read.
std::string WriteConfig(const TempDir& dir) {
  return dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                                     "/var\"\nworkers = 2\n"
                                     "[http]\nlisten = \"127.0.0.1:0\"\n"
                                     "[schedule]\nmin_interval = \"1s\"\njitter = 0.0\n"
                                     "[fetch]\nhost_gap = \"0s\"\n"
                                     "[[feed]]\nid = \"reuters\"\nurl = \"file://" +
                                     DataPath("feeds/real/FeedReader_Rss20Reuters.xml") +
                                     "\"\ninterval = \"1s\"\n"
                                     "[[feed]]\nid = \"missing\"\nurl = \"file://" +
                                     dir.str() + "/no-such-feed.xml\"\ninterval = \"1s\"\n");
}

constexpr auto kWait = std::chrono::seconds(20);

TEST(NotifyTest, ReadyStatusWatchdogReloadStopping) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  NotifySocket sock(dir.str() + "/notify.sock");
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log",
               {"NOTIFY_SOCKET=" + dir.str() + "/notify.sock", "WATCHDOG_USEC=400000"});

  // READY=1 comes once the database exists and is migrated.
  auto ready = sock.WaitFor([](const std::string& m) { return HasLine(m, "READY=1"); }, kWait);
  ASSERT_TRUE(ready) << sock.Dump() << testing::ReadFile(dir.str() + "/log");
  EXPECT_GT(UserVersion(dir.str() + "/var/newsd.db"), 0);

  // STATUS= with the real counts: 2 feeds, the missing one in error, and the
  // articles of the first poll.
  std::optional<StatusNumbers> status;
  ASSERT_TRUE(sock.WaitFor(
      [&](const std::string& m) {
        status = ParseStatus(m);
        return status && status->articles > 0 && status->errors > 0;
      },
      kWait))
      << sock.Dump();
  EXPECT_EQ(status->feeds, 2);
  EXPECT_EQ(status->errors, 1);
  const long long stored = CountArticles(dir.str() + "/var/newsd.db");
  EXPECT_EQ(status->articles, stored);

  // WATCHDOG=1 keeps coming (every WATCHDOG_USEC / 2).
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(sock.WaitFor([](const std::string& m) { return HasLine(m, "WATCHDOG=1"); },
                             std::chrono::seconds(5)))
        << "watchdog ping " << i << "\n"
        << sock.Dump();
  }

  // SIGHUP: RELOADING=1 (with MONOTONIC_USEC), then READY=1 again.
  p.Signal(SIGHUP);
  auto reloading =
      sock.WaitFor([](const std::string& m) { return HasLine(m, "RELOADING=1"); }, kWait);
  ASSERT_TRUE(reloading) << sock.Dump();
  EXPECT_TRUE(std::regex_search(*reloading, std::regex("(^|\n)MONOTONIC_USEC=[0-9]+(\n|$)")))
      << *reloading;
  ASSERT_TRUE(sock.WaitFor([](const std::string& m) { return HasLine(m, "READY=1"); }, kWait))
      << sock.Dump();

  // SIGTERM: STOPPING=1 and a clean exit.
  p.Signal(SIGTERM);
  ASSERT_TRUE(sock.WaitFor([](const std::string& m) { return HasLine(m, "STOPPING=1"); }, kWait))
      << sock.Dump();
  auto code = p.Wait(kWait);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << testing::ReadFile(dir.str() + "/log");

  // The order over the whole run: READY first, RELOADING before the second
  // READY, STOPPING last, and nothing else after it.
  const auto& log = sock.log();
  std::vector<std::size_t> readies, reloads, stops;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (HasLine(log[i], "READY=1")) readies.push_back(i);
    if (HasLine(log[i], "RELOADING=1")) reloads.push_back(i);
    if (HasLine(log[i], "STOPPING=1")) stops.push_back(i);
  }
  ASSERT_EQ(readies.size(), 2u) << sock.Dump();
  ASSERT_EQ(reloads.size(), 1u) << sock.Dump();
  ASSERT_EQ(stops.size(), 1u) << sock.Dump();
  EXPECT_EQ(readies[0], 0u) << sock.Dump();
  EXPECT_LT(reloads[0], readies[1]);
  EXPECT_LT(readies[1], stops[0]);
  // The READY after a reload carries the current status line.
  EXPECT_TRUE(ParseStatus(log[readies[1]])) << log[readies[1]];
}

TEST(NotifyTest, NoWatchdogPingsWithoutWatchdogUsec) {
  // WatchdogSec= unset: systemd passes no WATCHDOG_USEC and expects no pings.
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  NotifySocket sock(dir.str() + "/notify.sock");
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log",
               {"NOTIFY_SOCKET=" + dir.str() + "/notify.sock"});
  ASSERT_TRUE(sock.WaitFor([](const std::string& m) { return HasLine(m, "READY=1"); }, kWait))
      << sock.Dump();
  // Run until the first poll is stored (a with-watchdog run pings many times
  // by then: 400 ms interval in the test above).
  ASSERT_TRUE(sock.WaitFor(
      [](const std::string& m) {
        auto s = ParseStatus(m);
        return s && s->articles > 0;
      },
      kWait))
      << sock.Dump();
  p.Signal(SIGTERM);
  ASSERT_TRUE(sock.WaitFor([](const std::string& m) { return HasLine(m, "STOPPING=1"); }, kWait))
      << sock.Dump();
  ASSERT_EQ(p.Wait(kWait), std::optional<int>(0));
  sock.Drain();
  for (const auto& m : sock.log()) EXPECT_FALSE(HasLine(m, "WATCHDOG=1")) << sock.Dump();
}

TEST(NotifyTest, InvalidConfigNeverSaysReady) {
  TempDir dir;
  const std::string cfg =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() + "/var\"\nworkerz = 2\n");
  NotifySocket sock(dir.str() + "/notify.sock");
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log",
               {"NOTIFY_SOCKET=" + dir.str() + "/notify.sock"});
  auto code = p.Wait(kWait);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2);
  EXPECT_NE(testing::ReadFile(dir.str() + "/log").find("workerz"), std::string::npos);
  // It has exited: everything it sent is already queued.
  sock.Drain();
  for (const auto& m : sock.log()) EXPECT_FALSE(HasLine(m, "READY=1")) << sock.Dump();
}

TEST(NotifyTest, UnusableDatabaseNeverSaysReady) {
  TempDir dir;
  // state_dir exists, but newsd.db is a directory: the store cannot open it.
  std::filesystem::create_directories(dir.path() / "var" / "newsd.db");
  const std::string cfg =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                                  "/var\"\n[http]\nlisten = \"127.0.0.1:0\"\n[[feed]]\nid = "
                                  "\"x\"\nurl = \"file:///nonexistent.xml\"\n");
  NotifySocket sock(dir.str() + "/notify.sock");
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", dir.str() + "/log",
               {"NOTIFY_SOCKET=" + dir.str() + "/notify.sock"});
  auto code = p.Wait(kWait);
  ASSERT_TRUE(code.has_value());
  EXPECT_NE(*code, 0);
  sock.Drain();
  for (const auto& m : sock.log()) EXPECT_FALSE(HasLine(m, "READY=1")) << sock.Dump();
}

}  // namespace
}  // namespace newsd
