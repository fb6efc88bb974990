#include "tests/support/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <thread>

#include "tests/support/test_util.h"

extern char** environ;

namespace newsd::testing {

Subprocess::Subprocess(std::vector<std::string> argv, const std::string& stdout_path,
                       const std::string& stderr_path, std::vector<std::string> env) {
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) envs.emplace_back(*e);
  for (auto& e : env) envs.push_back(std::move(e));
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    auto redirect = [](const std::string& path, int fd) {
      if (path.empty()) return;
      const int f = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (f >= 0) {
        dup2(f, fd);
        close(f);
      }
    };
    redirect(stdout_path, 1);
    redirect(stderr_path, 2);
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    std::vector<char*> a, e;
    for (auto& s : argv) a.push_back(s.data());
    a.push_back(nullptr);
    for (auto& s : envs) e.push_back(s.data());
    e.push_back(nullptr);
    execve(a[0], a.data(), e.data());
    _exit(127);
  }
}

Subprocess::~Subprocess() {
  if (Running()) {
    kill(pid_, SIGKILL);
    Wait(std::chrono::seconds(10));
  }
}

void Subprocess::Signal(int sig) const { kill(pid_, sig); }

bool Subprocess::Running() {
  if (status_) return false;
  int st = 0;
  const pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return false;
  }
  return r == 0;
}

std::optional<int> Subprocess::Wait(std::chrono::milliseconds timeout) {
  WaitFor([this] { return !Running(); }, timeout);
  return status_;
}

RunResult RunCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                     std::vector<std::string> env) {
  TempDir dir;
  const std::string out = (dir.path() / "out").string();
  const std::string err = (dir.path() / "err").string();
  RunResult r;
  {
    Subprocess p(argv, out, err, std::move(env));
    auto code = p.Wait(timeout);
    r.code = code ? *code : -1;
  }
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

}  // namespace newsd::testing
