// Runs the real newsd binary (or any program) as a child process in tests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace newsd::testing {

class Subprocess {
 public:
  // Starts argv[0] with arguments; stdout and stderr go to the given files
  // (empty = inherit). `env` entries ("K=V") are added to the environment.
  Subprocess(std::vector<std::string> argv, const std::string& stdout_path,
             const std::string& stderr_path, std::vector<std::string> env = {});
  ~Subprocess();  // SIGKILLs the child if it still runs
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int sig) const;
  // True while the child has not exited (reaps it if it has).
  bool Running();
  // Waits for exit; returns the exit code (128+signal if killed), or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Runs a command to completion; returns {exit code, stdout, stderr}.
struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};
RunResult RunCommand(const std::vector<std::string>& argv,
                     std::chrono::milliseconds timeout = std::chrono::seconds(60),
                     std::vector<std::string> env = {});

}  // namespace newsd::testing
