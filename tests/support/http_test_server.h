// HttpTestServer: a scripted HTTP/1.1 server on 127.0.0.1 (port 0) for the
// fetcher and scheduler tests. Each path answers as its TestRoute says:
// status, headers and body; 304 when the conditional headers match; a
// redirect; or hostile behaviour (drip bytes slowly, endless body, gzip bomb,
// reset mid-body, hang). It counts hits per path, records every request's
// headers and counts concurrent connections (for per-host limit tests).
//
// Thread rules: the server runs its own io_context on its own thread; every
// public method is thread-safe. Destruction stops the thread and closes all
// connections (hung ones included).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace newsd::testing {

struct TestRoute {
  enum class Mode {
    kNormal,        // status + headers + body (+ 304 logic)
    kDrip,          // 200 with a large Content-Length, then 1 byte per drip_interval
    kEndless,       // 200, chunked, never ends
    kGzipBomb,      // Content-Encoding: gzip of bomb_bytes zeros
    kResetMidBody,  // sends headers and part of the body, then a TCP reset
    kHang,          // reads the request and never answers
  };
  Mode mode = Mode::kNormal;
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent as ETag; a request whose If-None-Match equals it gets 304.
  std::string etag;
  // When set, sent as Last-Modified; a request whose If-Modified-Since
  // equals it (and that sent no non-matching If-None-Match) gets 304.
  std::string last_modified;
  std::chrono::milliseconds delay{0};  // wait this long before answering
  std::chrono::milliseconds drip_interval{1000};
  std::size_t bomb_bytes = 64 << 20;
};

// One request as received; header names in lower case.
struct RecordedRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::chrono::steady_clock::time_point received;  // when the request was read
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpTestServer {
 public:
  // Starts listening on `address` (any loopback address: 127.0.0.2 stands
  // for a second host) and serving; throws on failure.
  explicit HttpTestServer(const std::string& address = "127.0.0.1");
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://ADDRESS:PORT" + path.
  std::string Url(const std::string& path) const;

  // Sets (or replaces) what `path` answers. Unknown paths get 404.
  void Route(const std::string& path, TestRoute route);
  // Shorthand: a 200 with `body`.
  void Serve(const std::string& path, std::string body,
             std::vector<std::pair<std::string, std::string>> headers = {});
  // Shorthand: `status` (301, 302, ...) with Location: `location`.
  void Redirect(const std::string& path, int status, const std::string& location);

  // Requests received for `path` so far (whatever was answered).
  int Hits(const std::string& path) const;
  // Every request received for `path`, in order.
  std::vector<RecordedRequest> Requests(const std::string& path) const;
  // Connections accepted so far, open now, and the most open at once.
  int connections_accepted() const { return accepted_.load(); }
  int connections_open() const { return open_.load(); }
  int max_connections_open() const { return max_open_.load(); }
  // Requests being answered now, and the most at once.
  int max_requests_active() const { return max_active_.load(); }

 private:
  class Impl;
  friend class Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::string address_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, TestRoute> routes_;                       // guarded by mu_
  std::map<std::string, std::vector<RecordedRequest>> requests_;  // guarded by mu_
  std::atomic<int> accepted_{0}, open_{0}, max_open_{0}, active_{0}, max_active_{0};
};

// The gzip encoding (RFC 1952) of `n` zero bytes.
std::string GzipZeros(std::size_t n);

}  // namespace newsd::testing
