// The exec sink: runs the command (no shell) with the alert JSON on stdin;
// kills it when the timeout passes. Exit 0 = delivered, 127 = the command
// cannot be run (dead), any other outcome is retried.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "alerts/message.h"
#include "alerts/sink_types.h"

namespace newsd::alerts {
namespace {

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

class ExecSink final : public Sink {
 public:
  using Sink::Sink;

  DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) override {
    const std::string input = JsonBody(alerts, spec().brief) + "\n";
    const std::string who = "exec " + spec().id + ": ";
    // stdin is a socket so that writing to a command that exited early gives
    // EPIPE (MSG_NOSIGNAL) instead of SIGPIPE in the daemon.
    int sv[2];
    int errp[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      return DeliveryResult::Retry(who + std::strerror(errno));
    }
    Fd in_parent(sv[0]), in_child(sv[1]);
    if (::pipe2(errp, O_CLOEXEC) != 0) return DeliveryResult::Retry(who + std::strerror(errno));
    Fd err_parent(errp[0]), err_child(errp[1]);
    std::vector<char*> argv;
    for (const auto& a : spec().command) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    Fd null_fd(devnull);
    const pid_t pid = ::fork();
    if (pid < 0) return DeliveryResult::Retry(who + "fork: " + std::strerror(errno));
    if (pid == 0) {
      // Child: only async-signal-safe calls until exec.
      ::dup2(in_child.get(), 0);
      ::dup2(devnull >= 0 ? devnull : err_child.get(), 1);
      ::dup2(err_child.get(), 2);
      ::execvp(argv[0], argv.data());
      _exit(127);
    }
    in_child.Reset();
    err_child.Reset();
    // glibc 2.36's <sys/pidfd.h> lacks extern "C"; call the system call.
    Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    ::fcntl(in_parent.get(), F_SETFL, O_NONBLOCK);
    ::fcntl(err_parent.get(), F_SETFL, O_NONBLOCK);  // a grandchild may keep it open
    const auto deadline = std::chrono::steady_clock::now() + spec().timeout;
    std::size_t written = 0;
    std::string err;
    bool exited = false;
    while (!exited) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p[3] = {
          {pidfd.get(), POLLIN, 0}, {err_parent.get(), POLLIN, 0}, {in_parent.get(), POLLOUT, 0}};
      const nfds_t n = in_parent.get() >= 0 ? 3 : 2;
      if (err_parent.get() < 0) p[1].fd = -1;
      int r = ::poll(p, n, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) break;
      if (n == 3 && (p[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
        ssize_t w =
            ::send(in_parent.get(), input.data() + written, input.size() - written, MSG_NOSIGNAL);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();
        if (written == input.size()) in_parent.Reset();  // EOF for the command
      }
      if ((p[1].revents & (POLLIN | POLLHUP)) != 0) {
        char buf[512];
        ssize_t k = ::read(err_parent.get(), buf, sizeof buf);
        if (k > 0 && err.size() < 2000) err.append(buf, static_cast<std::size_t>(k));
        if (k == 0) err_parent.Reset();
      }
      if ((p[0].revents & POLLIN) != 0) exited = true;
      if (pidfd.get() < 0 && err_parent.get() < 0) exited = true;  // no pidfd: EOF is the sign
    }
    int status = 0;
    if (!exited) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return DeliveryResult::Retry(who + "timed out after " +
                                   std::to_string(spec().timeout.count()) + "s; killed");
    }
    ::waitpid(pid, &status, 0);
    while (err_parent.get() >= 0) {  // what the command wrote last
      char buf[512];
      ssize_t k = ::read(err_parent.get(), buf, sizeof buf);
      if (k <= 0) break;
      if (err.size() < 2000) err.append(buf, static_cast<std::size_t>(k));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return DeliveryResult::Done();
    std::string what = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                         : "killed by signal " + std::to_string(WTERMSIG(status));
    if (!err.empty()) what += ": " + err.substr(0, 500);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      return DeliveryResult::Dead(who + "cannot run '" + spec().command[0] + "': " + what);
    }
    return DeliveryResult::Retry(who + what);
  }
};

}  // namespace

std::unique_ptr<Sink> MakeExecSink(const SinkSpec& spec) {
  return std::make_unique<ExecSink>(spec);
}

}  // namespace newsd::alerts
