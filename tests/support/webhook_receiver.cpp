#include "tests/support/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace newsd::testing {
namespace {

bool ReadRequest(int fd, WebhookReceiver::Request& req) {
  std::string buf;
  char chunk[4096];
  std::size_t header_end = std::string::npos;
  std::size_t need = 0;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return false;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<std::size_t>(n));
    if (header_end == std::string::npos) {
      header_end = buf.find("\r\n\r\n");
      if (header_end == std::string::npos) continue;
      std::size_t line_end = buf.find("\r\n");
      std::string first = buf.substr(0, line_end);
      std::size_t sp1 = first.find(' '), sp2 = first.find(' ', sp1 + 1);
      req.method = first.substr(0, sp1);
      req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
      std::size_t pos = line_end + 2;
      while (pos < header_end) {
        std::size_t e = buf.find("\r\n", pos);
        std::string line = buf.substr(pos, e - pos);
        std::size_t colon = line.find(':');
        if (colon != std::string::npos) {
          std::string name = line.substr(0, colon);
          std::transform(name.begin(), name.end(), name.begin(), ::tolower);
          std::string value = line.substr(colon + 1);
          value.erase(0, value.find_first_not_of(' '));
          req.headers[name] = value;
        }
        pos = e + 2;
      }
      need = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
    }
    if (buf.size() >= header_end + 4 + need) {
      req.body = buf.substr(header_end + 4, need);
      return true;
    }
  }
}

void SendAll(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

WebhookReceiver::WebhookReceiver() {
  if (::pipe(wake_) != 0) throw std::runtime_error("pipe");
  Listen();
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  (void)::write(wake_[1], "x", 1);
  thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

// Opens the listening socket (on port_ if already chosen). Caller holds mu_
// or is the constructor.
void WebhookReceiver::Listen() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port_));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    throw std::runtime_error(std::string("webhook receiver: bind/listen: ") + std::strerror(errno));
  }
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  listen_fd_ = fd;
}

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hook";
}

void WebhookReceiver::SetMode(Mode m, int retry_after_seconds, std::chrono::milliseconds delay) {
  {
    std::lock_guard<std::mutex> l(mu_);
    mode_ = m;
    retry_after_ = retry_after_seconds;
    delay_ = delay;
    if (m == Mode::kDown && listen_fd_ >= 0) {
      ::close(listen_fd_);  // the kernel now refuses connections
      listen_fd_ = -1;
    } else if (m != Mode::kDown && listen_fd_ < 0) {
      Listen();
    }
  }
  (void)::write(wake_[1], "x", 1);  // re-poll with the new socket
}

std::vector<WebhookReceiver::Request> WebhookReceiver::requests() const {
  std::lock_guard<std::mutex> l(mu_);
  return requests_;
}

std::vector<WebhookReceiver::Request> WebhookReceiver::accepted() const {
  std::lock_guard<std::mutex> l(mu_);
  std::vector<Request> out;
  for (const auto& r : requests_) {
    if (r.status >= 200 && r.status < 300) out.push_back(r);
  }
  return out;
}

std::size_t WebhookReceiver::hits() const {
  std::lock_guard<std::mutex> l(mu_);
  return requests_.size();
}

void WebhookReceiver::Serve() {
  while (true) {
    int lfd;
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stop_) return;
      lfd = listen_fd_;
    }
    pollfd p[2] = {{wake_[0], POLLIN, 0}, {lfd, POLLIN, 0}};
    if (::poll(p, lfd >= 0 ? 2 : 1, -1) < 0) continue;
    if ((p[0].revents & POLLIN) != 0) {
      char c[64];
      (void)::read(wake_[0], c, sizeof c);
      continue;
    }
    if (lfd >= 0 && (p[1].revents & POLLIN) != 0) {
      int fd;
      {
        std::lock_guard<std::mutex> l(mu_);
        if (listen_fd_ != lfd) continue;  // went down meanwhile
        fd = ::accept4(lfd, nullptr, nullptr, SOCK_CLOEXEC);
      }
      if (fd >= 0) {
        Handle(fd);
        ::close(fd);
      }
    }
  }
}

void WebhookReceiver::Handle(int fd) {
  Request req;
  if (!ReadRequest(fd, req)) return;
  req.received = std::chrono::steady_clock::now();
  Mode mode;
  int retry_after;
  std::chrono::milliseconds delay;
  {
    std::lock_guard<std::mutex> l(mu_);
    mode = mode_;
    retry_after = retry_after_;
    delay = delay_;
  }
  if (mode == Mode::kSlow) std::this_thread::sleep_for(delay);  // the server is slow
  std::string resp;
  switch (mode) {
    case Mode::kError500:
      req.status = 500;
      resp = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops";
      break;
    case Mode::kTooMany429:
      req.status = 429;
      resp = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: " + std::to_string(retry_after) +
             "\r\nContent-Length: 0\r\n\r\n";
      break;
    case Mode::kBad400:
      req.status = 400;
      resp = "HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nbad payload";
      break;
    default:
      req.status = 200;
      resp = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  }
  resp.insert(resp.find("\r\n") + 2, "Connection: close\r\n");
  {
    std::lock_guard<std::mutex> l(mu_);
    requests_.push_back(req);
  }
  SendAll(fd, resp);
}

}  // namespace newsd::testing
