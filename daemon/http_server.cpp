#include "daemon/http_server.h"

#include <array>
#include <list>
#include <optional>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "core/hash.h"
#include "core/json.h"
#include "daemon/http_listen.h"
#include "daemon/metrics.h"

namespace newsd {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

HttpReply JsonReply(unsigned status, const boost::json::value& v) {
  HttpReply r;
  r.status = status;
  r.body = ToJsonLine(v);
  r.body += '\n';
  return r;
}

HttpReply ErrorReply(unsigned status, const std::string& message) {
  return JsonReply(status, boost::json::object{{"error", message}});
}

unsigned StatusFor(const Error& e) {
  switch (e.kind) {
    case ErrorKind::kInvalidArgument:
      return 400;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kUnsupported:
      return 501;
    case ErrorKind::kTimeout:
    case ErrorKind::kResourceExhausted:
      return 503;
    default:
      return 500;
  }
}

Result<Target> ParseTarget(std::string_view target) {
  auto u = boost::urls::parse_origin_form(target);
  if (!u) return Fail(ErrorKind::kInvalidArgument, "bad request target");
  Target t;
  t.path = u->path();
  for (auto p : u->params()) t.params[p.key] = p.has_value ? p.value : std::string();
  return t;
}

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  struct RouteEntry {
    std::string method, path, name;
    Handler handler;
    StreamHandler stream;
    bool is_public = false;
  };

  Impl(asio::io_context& io, HttpServerOptions o, DaemonMetrics* m)
      : ioc(io), options(std::move(o)), metrics(m), acceptor(io) {}

  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<beast::tcp_stream> stream);
  asio::awaitable<void> Reject(tcp::socket socket);
  // One request and its handler's answer, shared with the handler's
  // completion (which may come after the deadline).
  struct PendingCall {
    explicit PendingCall(asio::io_context& io) : timer(io) {}
    HttpRequest req;
    std::optional<HttpReply> reply;
    asio::steady_timer timer;  // cancelled when the reply is in
  };
  // Runs the route's handler as its own coroutine and waits for its reply
  // until the target's deadline; past it answers 503 (pending->reply stays
  // empty and the handler's late reply is dropped).
  asio::awaitable<HttpReply> CallHandler(const RouteEntry& r, std::shared_ptr<PendingCall> pending,
                                         Target target);
  const RouteEntry* Find(const std::string& method, const std::string& path, bool& path_known);
  bool Authorized(const HttpRequest& req) const;
  void Count(const std::string& route, unsigned status) {
    if (metrics) metrics->RecordHttpRequest(route, static_cast<int>(status));
  }

  asio::io_context& ioc;
  HttpServerOptions options;
  DaemonMetrics* metrics;
  tcp::acceptor acceptor;
  std::vector<RouteEntry> routes;
  std::list<std::weak_ptr<beast::tcp_stream>> open;
  int open_count = 0;
  bool stopped = false;
};

namespace {

http::response<http::string_body> ToResponse(const HttpReply& r, unsigned version,
                                             bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "newsd");
  res.set(http::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.set(k, v);
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

}  // namespace

bool HttpServer::Impl::Authorized(const HttpRequest& req) const {
  if (options.token.empty()) return true;
  auto it = req.find(http::field::authorization);
  if (it == req.end()) return false;
  std::string_view v = it->value();
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() <= kBearer.size() || !beast::iequals(v.substr(0, kBearer.size()), kBearer)) {
    return false;
  }
  // Hash both sides so the comparison's time does not depend on the length.
  return ConstantTimeEquals(Sha256Hex(v.substr(kBearer.size())), Sha256Hex(options.token));
}

const HttpServer::Impl::RouteEntry* HttpServer::Impl::Find(const std::string& method,
                                                           const std::string& path,
                                                           bool& path_known) {
  path_known = false;
  const RouteEntry* best = nullptr;
  for (const auto& r : routes) {
    const bool match =
        r.path.back() == '/' && r.path.size() > 1
            ? path.compare(0, r.path.size(), r.path) == 0 && path.size() > r.path.size()
            : path == r.path;
    if (!match) continue;
    path_known = true;
    if (r.method == method && (!best || r.path.size() > best->path.size())) best = &r;
  }
  return best;
}

asio::awaitable<void> HttpServer::Impl::Reject(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(2));
  auto res = ToResponse(ErrorReply(503, "too many connections"), 11, false);
  co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<HttpReply> HttpServer::Impl::CallHandler(const RouteEntry& r,
                                                         std::shared_ptr<PendingCall> pending,
                                                         Target target) {
  const auto deadline = target.deadline;
  auto op = r.handler(pending->req, std::move(target));
  asio::co_spawn(ioc, std::move(op), [pending](std::exception_ptr e, HttpReply reply) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("http {} {}: {}", pending->req.method_string(), pending->req.target(),
                      ex.what());
      }
      reply = ErrorReply(500, "internal error");
    }
    pending->reply = std::move(reply);
    pending->timer.cancel();
  });
  pending->timer.expires_at(deadline);
  while (!pending->reply) {
    auto [ec] = co_await pending->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (!ec) break;  // the deadline passed
  }
  if (pending->reply) co_return std::move(*pending->reply);
  spdlog::warn("http {} {}: no answer within the {}s request deadline; answered 503",
               pending->req.method_string(), pending->req.target(),
               options.request_timeout.count());
  co_return ErrorReply(503, "request deadline of " +
                                std::to_string(options.request_timeout.count()) +
                                "s passed before the answer was ready");
}

asio::awaitable<void> HttpServer::Impl::Accept() {
  auto self = shared_from_this();
  while (!stopped) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) {
      if (stopped || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("http accept: {}", ec.message());
      continue;
    }
    if (open_count >= options.max_connections) {
      if (metrics) metrics->http_connections_rejected++;
      asio::co_spawn(ioc, Reject(std::move(socket)), asio::detached);
      continue;
    }
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    asio::co_spawn(ioc, Serve(std::move(stream)), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("http connection: {}", ex.what());
      }
    });
  }
}

asio::awaitable<void> HttpServer::Impl::Serve(std::shared_ptr<beast::tcp_stream> stream) {
  auto self = shared_from_this();
  open_count++;
  if (metrics) metrics->http_connections_open++;
  open.push_back(stream);
  auto pos = std::prev(open.end());
  struct Closer {
    Impl* s;
    std::list<std::weak_ptr<beast::tcp_stream>>::iterator pos;
    ~Closer() {
      s->open.erase(pos);
      s->open_count--;
      if (s->metrics) s->metrics->http_connections_open--;
    }
  } closer{this, pos};

  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(static_cast<std::uint64_t>(options.max_body));
    stream->expires_after(options.request_timeout);
    auto [ec, n] = co_await http::async_read_header(*stream, buffer, parser,
                                                    asio::as_tuple(asio::use_awaitable));
    (void)n;
    std::optional<HttpReply> early;
    if (ec == http::error::header_limit) {
      early = ErrorReply(431, "request header too large");
    } else if (ec == http::error::body_limit) {
      // Beast checks Content-Length against body_limit with the header.
      early = ErrorReply(413,
                         "request body larger than " + std::to_string(options.max_body) + " bytes");
    } else if (ec) {
      break;  // closed, timed out or garbage: nothing useful to answer
    } else {
      const auto& h = parser.get();
      if (std::distance(h.begin(), h.end()) > options.max_headers) {
        early = ErrorReply(
            431, "too many header fields (at most " + std::to_string(options.max_headers) + ")");
      } else if (parser.content_length() &&
                 *parser.content_length() > static_cast<std::uint64_t>(options.max_body)) {
        early = ErrorReply(
            413, "request body larger than " + std::to_string(options.max_body) + " bytes");
      }
    }
    if (!early) {
      auto [ec2, n2] =
          co_await http::async_read(*stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      (void)n2;
      if (ec2 == http::error::body_limit) {
        early = ErrorReply(
            413, "request body larger than " + std::to_string(options.max_body) + " bytes");
      } else if (ec2) {
        break;
      }
    }
    if (early) {
      Count("rejected", early->status);
      auto res = ToResponse(*early, 11, false);
      co_await http::async_write(*stream, res, asio::as_tuple(asio::use_awaitable));
      // Lingering close: read and drop what the client still sends (briefly),
      // so closing with unread data does not reset the connection before the
      // client has read the answer.
      beast::error_code sec;
      stream->socket().shutdown(tcp::socket::shutdown_send, sec);
      stream->expires_after(std::chrono::seconds(1));
      std::array<char, 16384> sink;
      std::size_t dropped = 0;
      while (dropped < (4u << 20)) {
        auto [rec, rn] = co_await stream->async_read_some(asio::buffer(sink),
                                                          asio::as_tuple(asio::use_awaitable));
        if (rec) break;
        dropped += rn;
      }
      break;
    }
    // The request lives as long as its handler, which may outlive this loop
    // iteration when it misses its deadline.
    auto pending = std::make_shared<PendingCall>(ioc);
    pending->req = parser.release();
    HttpRequest& req = pending->req;
    bool keep_alive = req.keep_alive();
    HttpReply reply;
    std::string route_name = "unknown";
    auto target = ParseTarget(req.target());
    if (!target) {
      reply = ErrorReply(400, target.error().message);
    } else {
      bool path_known = false;
      const RouteEntry* r = Find(std::string(req.method_string()), target->path, path_known);
      if (!r) {
        reply = path_known ? ErrorReply(405, "method not allowed")
                           : ErrorReply(404, "no such endpoint: " + target->path);
      } else if (!r->is_public && !Authorized(req)) {
        route_name = r->name;
        reply = ErrorReply(401, "missing or wrong bearer token");
        reply.headers.emplace_back("WWW-Authenticate", "Bearer");
      } else if (r->stream) {
        Count(r->name, 200);
        stream->expires_never();
        auto op = r->stream(*stream, req, std::move(*target));
        co_await std::move(op);
        break;
      } else {
        route_name = r->name;
        target->deadline = std::chrono::steady_clock::now() + options.request_timeout;
        auto op = CallHandler(*r, pending, std::move(*target));
        reply = co_await std::move(op);
        if (!pending->reply) keep_alive = false;  // the handler is still running
      }
    }
    Count(route_name, reply.status);
    auto res = ToResponse(reply, req.version(), keep_alive && !stopped);
    stream->expires_after(options.request_timeout);
    auto [wec, wn] = co_await http::async_write(*stream, res, asio::as_tuple(asio::use_awaitable));
    (void)wn;
    if (wec || !keep_alive || stopped) break;
  }
  beast::error_code ec;
  stream->socket().shutdown(tcp::socket::shutdown_send, ec);
}

HttpServer::HttpServer(asio::io_context& ioc, HttpServerOptions options, DaemonMetrics* metrics)
    : impl_(std::make_shared<Impl>(ioc, std::move(options), metrics)) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Route(std::string method, std::string path, std::string name, Handler handler,
                       bool is_public) {
  impl_->routes.push_back(Impl::RouteEntry{std::move(method), std::move(path), std::move(name),
                                           std::move(handler), nullptr, is_public});
}

void HttpServer::StreamRoute(std::string path, std::string name, StreamHandler handler) {
  impl_->routes.push_back(Impl::RouteEntry{"GET", std::move(path), std::move(name), nullptr,
                                           std::move(handler), false});
}

Status HttpServer::Start() {
  auto addr = SplitListen(impl_->options.listen);
  if (!addr) return Fail(addr.error().Wrap("[http] listen"));
  std::string host = addr->host == "localhost" ? "127.0.0.1" : addr->host;
  boost::system::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(host, ec), addr->port);
  if (ec) return Fail(ErrorKind::kInvalidArgument, "[http] listen: " + ec.message());
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Fail(ErrorKind::kIo, "[http] listen " + impl_->options.listen + ": " + ec.message());
  }
  const auto bound = a.local_endpoint(ec);
  spdlog::info("http listening on {}:{}", host, bound.port());
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  return OkStatus();
}

std::uint16_t HttpServer::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::Stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  boost::system::error_code ec;
  impl_->acceptor.close(ec);
  for (auto& w : impl_->open) {
    if (auto s = w.lock()) s->socket().close(ec);
  }
}

}  // namespace newsd
