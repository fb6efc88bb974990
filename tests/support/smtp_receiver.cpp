#include "tests/support/smtp_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include <boost/beast/core/detail/base64.hpp>

namespace newsd::testing {
namespace {

class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  // One line without CRLF; false on EOF or a 5 s silence.
  bool Next(std::string& line) {
    while (true) {
      std::size_t e = buf_.find("\r\n");
      if (e != std::string::npos) {
        line = buf_.substr(0, e);
        buf_.erase(0, e + 2);
        return true;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return false;
      char c[4096];
      ssize_t n = ::recv(fd_, c, sizeof c, 0);
      if (n <= 0) return false;
      buf_.append(c, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buf_;
};

void Say(int fd, const std::string& s) {
  std::string line = s + "\r\n";
  (void)::send(fd, line.data(), line.size(), MSG_NOSIGNAL);
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Angle(const std::string& s) {
  std::size_t a = s.find('<'), b = s.find('>');
  if (a == std::string::npos || b == std::string::npos || b < a) return s;
  return s.substr(a + 1, b - a - 1);
}

}  // namespace

SmtpReceiver::SmtpReceiver() {
  if (::pipe(wake_) != 0) throw std::runtime_error("pipe");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("smtp receiver: bind/listen");
  }
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

SmtpReceiver::~SmtpReceiver() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  (void)::write(wake_[1], "x", 1);
  thread_.join();
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

std::string SmtpReceiver::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

std::vector<SmtpReceiver::Message> SmtpReceiver::messages() const {
  std::lock_guard<std::mutex> l(mu_);
  return messages_;
}

void SmtpReceiver::RejectRecipients(bool reject) {
  std::lock_guard<std::mutex> l(mu_);
  reject_ = reject;
}

void SmtpReceiver::Serve() {
  while (true) {
    pollfd p[2] = {{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) continue;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stop_) return;
    }
    if ((p[1].revents & POLLIN) != 0) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd >= 0) {
        Session(fd);
        ::close(fd);
      }
    }
  }
}

void SmtpReceiver::Session(int fd) {
  LineReader in(fd);
  Message msg;
  std::string user, pass;
  Say(fd, "220 127.0.0.1 newsd-test ESMTP");
  std::string line;
  while (in.Next(line)) {
    const std::string cmd = Upper(line.substr(0, line.find(' ')));
    if (cmd == "EHLO") {
      Say(fd, "250-127.0.0.1");
      Say(fd, "250-AUTH PLAIN");
      Say(fd, "250 8BITMIME");
    } else if (cmd == "HELO" || cmd == "NOOP") {
      Say(fd, "250 ok");
    } else if (cmd == "AUTH") {
      // AUTH PLAIN <base64("\0user\0pass")>, or the credentials on the next line.
      std::string b64 = line.size() > 11 ? line.substr(11) : "";
      if (b64.empty()) {
        Say(fd, "334 ");
        if (!in.Next(b64)) return;
      }
      std::string dec(boost::beast::detail::base64::decoded_size(b64.size()), '\0');
      auto r = boost::beast::detail::base64::decode(dec.data(), b64.data(), b64.size());
      dec.resize(r.first);
      std::size_t z1 = dec.find('\0'), z2 = dec.find('\0', z1 + 1);
      if (z1 != std::string::npos && z2 != std::string::npos) {
        user = dec.substr(z1 + 1, z2 - z1 - 1);
        pass = dec.substr(z2 + 1);
      }
      Say(fd, "235 2.7.0 authenticated");
    } else if (cmd == "MAIL") {
      msg = Message();
      msg.from = Angle(line);
      Say(fd, "250 ok");
    } else if (cmd == "RCPT") {
      bool reject;
      {
        std::lock_guard<std::mutex> l(mu_);
        reject = reject_;
      }
      if (reject) {
        Say(fd, "550 5.1.1 no such user");
      } else {
        msg.to.push_back(Angle(line));
        Say(fd, "250 ok");
      }
    } else if (cmd == "DATA") {
      Say(fd, "354 end with <CRLF>.<CRLF>");
      std::string data;
      while (in.Next(line) && line != ".") {
        if (!line.empty() && line[0] == '.') line.erase(0, 1);  // dot-unstuffing
        data += line + "\r\n";
      }
      msg.data = data;
      msg.auth_user = user;
      msg.auth_pass = pass;
      {
        std::lock_guard<std::mutex> l(mu_);
        messages_.push_back(msg);
      }
      Say(fd, "250 2.0.0 queued");
    } else if (cmd == "RSET") {
      msg = Message();
      Say(fd, "250 ok");
    } else if (cmd == "QUIT") {
      Say(fd, "221 bye");
      return;
    } else {
      Say(fd, "502 5.5.2 command not recognised");
    }
  }
}

}  // namespace newsd::testing
