// newsd.service sets MemoryDenyWriteExecute=yes. systemd implements it as a
// seccomp filter (src/shared/seccomp-util.c): mmap() with PROT_WRITE and
// PROT_EXEC together, mprotect()/pkey_mprotect() adding PROT_EXEC and shmat()
// with SHM_EXEC fail with EPERM. This test installs the same filter by hand
// (no systemd PID 1 here) and runs the real `newsd once` under it over a feed
// with a watch, so Hyperscan compiles and scans (watch rules and declared
// entities): ingestion and alerting must work, i.e. nothing needs W+X memory.
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sqlite3.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::DataPath;
using testing::ReadFile;
using testing::TempDir;

#if defined(__x86_64__)

constexpr std::uint32_t kArg2 = offsetof(seccomp_data, args) + 2 * sizeof(std::uint64_t);

// The MemoryDenyWriteExecute= filter for x86_64 (low 32 bits of the flags
// argument, as systemd's rules compare them).
std::vector<sock_filter> MdweFilter() {
  const std::uint32_t deny = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
  return {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mmap, 4, 0),           // -> mmap
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 6, 0),       // -> mprotect
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pkey_mprotect, 5, 0),  // -> mprotect
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_shmat, 7, 0),          // -> shmat
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      // mmap: deny PROT_WRITE|PROT_EXEC together.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArg2),
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, PROT_WRITE | PROT_EXEC),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROT_WRITE | PROT_EXEC, 6, 7),
      // mprotect, pkey_mprotect: deny PROT_EXEC.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArg2),
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, PROT_EXEC),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PROT_EXEC, 3, 4),
      // shmat: deny SHM_EXEC.
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, kArg2),
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, SHM_EXEC),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SHM_EXEC, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, deny),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
}

// In a child: installs the filter (no_new_privs first, as systemd does for
// an unprivileged service), then runs `body`; returns the child's exit code.
template <typename Body>
int RunFiltered(Body body) {
  std::vector<sock_filter> f = MdweFilter();
  sock_fprog prog{static_cast<unsigned short>(f.size()), f.data()};
  const pid_t pid = fork();
  if (pid == 0) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(120);
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) _exit(121);
    _exit(body());
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(MemoryDenyWriteExecuteTest, FilterRefusesWritableExecutableMemory) {
  // The filter is real: W+X mappings and making memory executable fail,
  // plain writable memory still works.
  EXPECT_EQ(RunFiltered([] {
              void* wx = mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
              if (wx != MAP_FAILED || errno != EPERM) return 1;
              void* rw =
                  mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
              if (rw == MAP_FAILED) return 2;
              if (mprotect(rw, 4096, PROT_READ | PROT_EXEC) == 0 || errno != EPERM) return 3;
              return 0;
            }),
            0);
  // Without the filter the same W+X mapping is allowed here, so the check
  // above measures the filter, not the kernel's defaults.
  void* wx =
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(wx, MAP_FAILED) << "W+X mappings are refused even without the filter";
  munmap(wx, 4096);
}

long long QueryInt(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

TEST(MemoryDenyWriteExecuteTest, NewsdIngestsAndAlertsUnderTheFilter) {
  TempDir dir;
  const std::string cfg =
      dir.Write("newsd.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                                  "/var\"\n[http]\nlisten = \"127.0.0.1:0\"\n"
                                  "[[feed]]\nid = \"reuters\"\nurl = \"file://" +
                                  DataPath("feeds/real/FeedReader_Rss20Reuters.xml") +
                                  "\"\n[[watch]]\nid = \"iraq\"\nquery = 'Iraq* OR Mosul'\n"
                                  "notify = [\"file\"]\n"
                                  "[[entity]]\nname = \"Bashiqa camp\"\ntype = \"LOC\"\n"
                                  "aliases = [\"Bashiqa\"]\n"
                                  "[[sink]]\nid = \"file\"\ntype = \"jsonl\"\npath = \"" +
                                  dir.str() + "/alerts.jsonl\"\n");
  const std::string log = dir.str() + "/log";
  // Everything the child needs is prepared before fork (only syscalls after).
  std::string bin = NEWSD_BINARY, opt = "--config", path = cfg, once = "once";
  char* argv[] = {bin.data(), opt.data(), path.data(), once.data(), nullptr};
  const int code = RunFiltered([&] {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execv(argv[0], argv);
    return 127;
  });
  ASSERT_EQ(code, 0) << ReadFile(log);
  const std::string db = dir.str() + "/var/newsd.db";
  EXPECT_GT(QueryInt(db, "SELECT count(*) FROM articles"), 0) << ReadFile(log);
  // The watch matched (Hyperscan) and its alerts were stored.
  EXPECT_GT(QueryInt(db, "SELECT count(*) FROM alerts"), 0) << ReadFile(log);
}

#else

TEST(MemoryDenyWriteExecuteTest, OnlyOnX86_64) { GTEST_SKIP() << "filter written for x86_64"; }

#endif

}  // namespace
}  // namespace newsd
