// HttpServer: the daemon's HTTP/1.1 API server (Boost.Beast) on the daemon's
// io_context. It accepts connections, enforces the [http] limits and the
// bearer token, and hands each request to the handler of its route.
//
//   Limits: at most max_connections open connections (the next one gets a
//   503 and is closed), max_headers header fields (431), a body of at most
//   max_body bytes (413), and request_timeout to read a request and write its
//   answer (the connection is closed when it passes).
//   Auth: when a token is set every route not registered as public needs
//   "Authorization: Bearer <token>" (401 otherwise); compared in constant time.
//   Errors are JSON: {"error": "message"}.
//
// Handlers run as coroutines on the io thread; they must not block (database
// work goes to the worker pool, see RunOnPool). A stream handler owns the
// connection until it returns (the live stream).
//   Deadline: a handler has request_timeout from the moment its request was
//   read (Target::deadline). When it has not answered by then the client gets
//   503 {"error": "request deadline …"} at once and the connection is closed;
//   the handler's late answer is dropped. Database work run with
//   RunOnPool(pool, deadline, f) is interrupted at the same deadline (a slow
//   query, a lock held by another connection), so it frees its worker thread.
//
// Thread rules: construct, Route, Start and Stop on the io thread (or before
// it runs). The io_context must outlive the server.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/fwd.hpp>

#include "core/result.h"
#include "storage/deadline.h"

namespace boost::asio {
class io_context;
}

namespace newsd {

class DaemonMetrics;

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

struct HttpReply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// A JSON reply (body serialised on one line).
HttpReply JsonReply(unsigned status, const boost::json::value& v);
// {"error": message} with `status`.
HttpReply ErrorReply(unsigned status, const std::string& message);
// The status for an Error's kind (400 invalid argument, 404 not found, 501
// unsupported, 503 timeout/resource exhausted, 500 otherwise).
unsigned StatusFor(const Error& e);

// A request target split into its decoded path and query parameters
// (the last value wins for repeated names).
struct Target {
  // When the handler's answer is due (request_timeout after the request was
  // read); time_point::max() when there is none.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::string path;
  std::map<std::string, std::string> params;
  std::string Param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  }
};
// kInvalidArgument for a target that is not an origin-form URI.
Result<Target> ParseTarget(std::string_view target);

// Runs `f` on `pool` and resumes the caller on its own executor with the
// result. `f` must not throw. (A plain handler, not a coroutine lambda: GCC 12
// destroys the captures of co_spawn'ed lambda coroutines twice.)
template <typename F>
auto RunOnPool(boost::asio::thread_pool& pool, F f) {
  using R = std::invoke_result_t<F>;
  return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&, void(R)>(
      [&pool](auto handler, F fn) {
        auto ex = boost::asio::get_associated_executor(handler);
        boost::asio::post(pool, [handler = std::move(handler), fn = std::move(fn), ex]() mutable {
          R r = fn();
          boost::asio::post(ex, [handler = std::move(handler), r = std::move(r)]() mutable {
            std::move(handler)(std::move(r));
          });
        });
      },
      boost::asio::use_awaitable, std::move(f));
}

// RunOnPool under a QueryDeadline (storage/deadline.h): the SQLite work of `f`
// stops at `deadline` with a kTimeout error (answered 503).
template <typename F>
auto RunOnPool(boost::asio::thread_pool& pool, std::chrono::steady_clock::time_point deadline,
               F f) {
  return RunOnPool(pool, [deadline, f = std::move(f)]() mutable {
    QueryDeadline d(deadline);
    return f();
  });
}

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8085";  // HOST:PORT; port 0 = any free port
  std::string token;                      // "" = no auth
  int max_connections = 256;
  std::int64_t max_body = 1 << 20;
  int max_headers = 64;
  std::chrono::seconds request_timeout{30};
};

class HttpServer {
 public:
  using Handler = std::function<boost::asio::awaitable<HttpReply>(const HttpRequest&, Target)>;
  using StreamHandler = std::function<boost::asio::awaitable<void>(boost::beast::tcp_stream&,
                                                                   const HttpRequest&, Target)>;

  // `metrics` may be null; else it must outlive the server.
  HttpServer(boost::asio::io_context& ioc, HttpServerOptions options, DaemonMetrics* metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Registers `handler` for `method` ("GET", "POST") on `path`; a path ending
  // in '/' matches every path under it. `is_public` routes need no token.
  // `name` labels the route in metrics.
  void Route(std::string method, std::string path, std::string name, Handler handler,
             bool is_public = false);
  void StreamRoute(std::string path, std::string name, StreamHandler handler);

  // Binds and starts accepting. Logs "http listening on HOST:PORT" with the
  // bound port. Fails (kIo, naming the address) when the address is taken.
  Status Start();
  // The bound port (after Start).
  std::uint16_t port() const;
  // Stops accepting and closes every open connection.
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace newsd
