#include "tests/support/http_test_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>

namespace newsd::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

std::string GzipZeros(std::size_t n) {
  std::string out = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  beast::zlib::deflate_stream ds;
  ds.reset(9, 15, 8, beast::zlib::Strategy::normal);
  const std::string zeros(1 << 20, '\0');
  std::vector<char> buf(1 << 20);
  boost::crc_32_type crc;
  std::size_t left = n;
  beast::zlib::z_params zs;
  bool finished = false;
  while (!finished) {
    const std::size_t chunk = std::min(left, zeros.size());
    zs.next_in = zeros.data();
    zs.avail_in = chunk;
    crc.process_bytes(zeros.data(), chunk);
    left -= chunk;
    const auto flush = left == 0 ? beast::zlib::Flush::finish : beast::zlib::Flush::none;
    do {
      zs.next_out = buf.data();
      zs.avail_out = buf.size();
      beast::error_code ec;
      ds.write(zs, flush, ec);
      out.append(buf.data(), buf.size() - zs.avail_out);
      if (ec == beast::zlib::error::end_of_stream) finished = true;
    } while (zs.avail_in > 0 || (flush == beast::zlib::Flush::finish && !finished));
  }
  auto put32 = [&out](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put32(crc.checksum());
  put32(static_cast<std::uint32_t>(n));
  return out;
}

class HttpTestServer::Impl {
 public:
  Impl(HttpTestServer& s, const std::string& address) : server_(s), acceptor_(ioc_) {
    tcp::endpoint ep(asio::ip::make_address(address), 0);
    acceptor_.open(ep.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(ep);
    acceptor_.listen(1024);
    asio::co_spawn(ioc_, Accept(), asio::detached);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  asio::io_context& ioc() { return ioc_; }

 private:
  // Counts a connection while it is open.
  struct Counter {
    Counter(std::atomic<int>& now, std::atomic<int>& max) : now_(now) {
      const int v = ++now_;
      int m = max.load();
      while (v > m && !max.compare_exchange_weak(m, v)) {
      }
    }
    ~Counter() { --now_; }
    std::atomic<int>& now_;
  };

  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket sock = co_await acceptor_.async_accept(asio::use_awaitable);
      ++server_.accepted_;
      asio::co_spawn(ioc_, Session(std::move(sock)), asio::detached);
    }
  }

  asio::awaitable<void> Session(tcp::socket sock) {
    Counter open(server_.open_, server_.max_open_);
    try {
      beast::flat_buffer buffer;
      for (;;) {
        http::request<http::string_body> req;
        co_await http::async_read(sock, buffer, req, asio::use_awaitable);
        const bool keep = co_await Answer(sock, req);
        if (!keep || !req.keep_alive()) break;
      }
      beast::error_code ec;
      sock.shutdown(tcp::socket::shutdown_send, ec);
    } catch (const std::exception&) {
      // The client went away or a hostile mode ended the connection.
    }
  }

  // Writes the answer; returns whether the connection may serve another request.
  asio::awaitable<bool> Answer(tcp::socket& sock, const http::request<http::string_body>& req) {
    Counter active(server_.active_, server_.max_active_);
    const std::string path(req.target().substr(0, req.target().find('?')));
    RecordedRequest rec;
    rec.method = std::string(req.method_string());
    rec.target = std::string(req.target());
    rec.received = std::chrono::steady_clock::now();
    for (const auto& f : req) {
      std::string name(f.name_string());
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      rec.headers[name] = std::string(f.value());
    }
    TestRoute route;
    bool found = false;
    {
      std::lock_guard<std::mutex> lock(server_.mu_);
      server_.requests_[path].push_back(rec);
      auto it = server_.routes_.find(path);
      if (it != server_.routes_.end()) {
        route = it->second;
        found = true;
      }
    }
    if (!found) route.status = 404, route.body = "not found";
    asio::steady_timer timer(ioc_);
    if (route.delay.count() > 0) {
      timer.expires_after(route.delay);
      co_await timer.async_wait(asio::use_awaitable);
    }
    using Mode = TestRoute::Mode;
    switch (route.mode) {
      case Mode::kNormal:
        co_return co_await Normal(sock, req, route);
      case Mode::kHang:
        timer.expires_after(std::chrono::hours(1));
        co_await timer.async_wait(asio::use_awaitable);
        co_return false;
      case Mode::kDrip: {
        co_await Raw(sock,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                     "Content-Length: 1000000\r\n\r\n");
        for (;;) {
          co_await Raw(sock, "x");
          timer.expires_after(route.drip_interval);
          co_await timer.async_wait(asio::use_awaitable);
        }
      }
      case Mode::kEndless: {
        co_await Raw(sock,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n");
        const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
        for (;;) co_await Raw(sock, chunk);
      }
      case Mode::kGzipBomb: {
        const std::string body = GzipZeros(route.bomb_bytes);
        co_await Raw(sock,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                     "Content-Encoding: gzip\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\n\r\n" + body);
        co_return true;
      }
      case Mode::kResetMidBody: {
        co_await Raw(sock,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                     "Content-Length: 100000\r\n\r\n" +
                         std::string(1000, 'x'));
        sock.set_option(asio::socket_base::linger(true, 0));
        sock.close();  // linger 0: the kernel sends RST
        co_return false;
      }
    }
    co_return false;
  }

  asio::awaitable<void> Raw(tcp::socket& sock, const std::string& data) {
    co_await asio::async_write(sock, asio::buffer(data), asio::use_awaitable);
  }

  asio::awaitable<bool> Normal(tcp::socket& sock, const http::request<http::string_body>& req,
                               const TestRoute& route) {
    int status = route.status;
    const std::string inm(req[http::field::if_none_match]);
    const std::string ims(req[http::field::if_modified_since]);
    if (!route.etag.empty() && !inm.empty()) {
      if (inm == route.etag) status = 304;
    } else if (!route.last_modified.empty() && ims == route.last_modified) {
      status = 304;
    }
    http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
    for (const auto& [k, v] : route.headers) res.insert(k, v);
    if (!route.etag.empty()) res.set(http::field::etag, route.etag);
    if (!route.last_modified.empty()) res.set(http::field::last_modified, route.last_modified);
    if (status != 304) res.body() = route.body;
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    co_await http::async_write(sock, res, asio::use_awaitable);
    co_return true;
  }

  HttpTestServer& server_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
};

HttpTestServer::HttpTestServer(const std::string& address) : address_(address) {
  impl_ = std::make_unique<Impl>(*this, address);
  port_ = impl_->port();
  thread_ = std::thread([this] { impl_->ioc().run(); });
}

HttpTestServer::~HttpTestServer() {
  impl_->ioc().stop();
  thread_.join();
  impl_.reset();  // destroys suspended sessions while the counters still exist
}

std::string HttpTestServer::Url(const std::string& path) const {
  const std::string host =
      address_.find(':') != std::string::npos ? "[" + address_ + "]" : address_;
  return "http://" + host + ":" + std::to_string(port_) + path;
}

void HttpTestServer::Route(const std::string& path, TestRoute route) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_[path] = std::move(route);
}

void HttpTestServer::Serve(const std::string& path, std::string body,
                           std::vector<std::pair<std::string, std::string>> headers) {
  TestRoute r;
  r.body = std::move(body);
  r.headers = std::move(headers);
  Route(path, std::move(r));
}

void HttpTestServer::Redirect(const std::string& path, int status, const std::string& location) {
  TestRoute r;
  r.status = status;
  r.headers = {{"Location", location}};
  r.body = "moved";
  Route(path, std::move(r));
}

int HttpTestServer::Hits(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(path);
  return it == requests_.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<RecordedRequest> HttpTestServer::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = requests_.find(path);
  return it == requests_.end() ? std::vector<RecordedRequest>{} : it->second;
}

}  // namespace newsd::testing
