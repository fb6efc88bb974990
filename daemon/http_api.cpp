#include "daemon/http_api.h"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "daemon/api_context.h"
#include "daemon/engine.h"
#include "daemon/http_routes.h"
#include "daemon/http_server.h"
#include "daemon/live_stream.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "daemon/websub.h"

namespace newsd {

namespace asio = boost::asio;

struct HttpApi::Impl {
  Impl(asio::io_context& io, asio::thread_pool& w, const Config& c)
      : ioc(io), config(c), readers(c.daemon.state_dir + "/newsd.db") {
    (void)w;
  }

  asio::io_context& ioc;
  const Config& config;
  std::shared_ptr<DaemonMetrics> metrics = std::make_shared<DaemonMetrics>();
  ReaderPool readers;
  ApiDeps deps;
  std::unique_ptr<HttpServer> server;
  std::shared_ptr<LiveStream> stream;
  std::shared_ptr<WebSub> websub;
};

namespace {

Result<std::string> ReadToken(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(ErrorKind::kNotFound,
                "[http] token_file " + path +
                    ": cannot open: " + std::error_code(errno, std::generic_category()).message());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string t = ss.str();
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
  std::size_t i = 0;
  while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i]))) ++i;
  t.erase(0, i);
  if (t.size() < 16) {
    return Fail(ErrorKind::kInvalidArgument,
                "[http] token_file " + path + ": the token must be at least 16 characters");
  }
  return t;
}

}  // namespace

HttpApi::HttpApi(asio::io_context& ioc, asio::thread_pool& workers, const Config& config,
                 Engine& engine, Poller* poller, alerts::Dispatcher* dispatcher)
    : impl_(std::make_unique<Impl>(ioc, workers, config)) {
  Impl& s = *impl_;
  s.deps.config = &config;
  s.deps.engine = &engine;
  s.deps.poller = poller;
  s.deps.dispatcher = dispatcher;
  s.deps.metrics = s.metrics.get();
  s.deps.ioc = &ioc;
  s.deps.workers = &workers;
  s.deps.readers = &s.readers;
  s.deps.started = SystemClock::Instance().Now();
  LiveStreamOptions lo;
  lo.heartbeat = config.http.stream_heartbeat;
  lo.write_timeout = config.http.request_timeout;
  lo.buffer_bytes = config.http.stream_buffer;
  s.stream = std::make_shared<LiveStream>(s.deps, lo, s.metrics);
  if (!config.http.public_url.empty()) s.websub = std::make_shared<WebSub>(s.deps);
  // Commits happen on the writer thread; the stream belongs to the io thread.
  std::weak_ptr<LiveStream> weak = s.stream;
  engine.AddCommitListener([&ioc, weak](const std::vector<ArticleOutcome>&) {
    asio::post(ioc, [weak] {
      if (auto st = weak.lock()) st->Notify();
    });
  });
  if (poller) {
    PollerHooks hooks;
    DaemonMetrics* m = s.metrics.get();
    hooks.on_poll = [m](const PollResult& r) { m->RecordPoll(r); };
    if (s.websub) {
      std::weak_ptr<WebSub> ws = s.websub;
      hooks.on_feed = [&ioc, ws](const std::string& feed, const FeedOutcome& o) {
        if (o.hub_url.empty()) return;
        asio::post(ioc, [ws, feed, hub = o.hub_url, self = o.self_url] {
          if (auto w = ws.lock()) w->OnHubSeen(feed, hub, self);
        });
      };
    }
    poller->SetHooks(std::move(hooks));
  }
}

HttpApi::~HttpApi() { Stop(); }

Status HttpApi::Start() {
  Impl& s = *impl_;
  HttpServerOptions o;
  o.listen = s.config.http.listen;
  o.max_connections = s.config.http.max_connections;
  o.max_body = s.config.http.max_body;
  o.max_headers = s.config.http.max_headers;
  o.request_timeout = s.config.http.request_timeout;
  if (!s.config.http.token_file.empty()) {
    auto t = ReadToken(s.config.http.token_file);
    if (!t) return Fail(t.error());
    o.token = std::move(*t);
  }
  s.server = std::make_unique<HttpServer>(s.ioc, std::move(o), s.metrics.get());
  AddHealthRoutes(*s.server, s.deps);
  AddArticleRoutes(*s.server, s.deps);
  AddFeedRoutes(*s.server, s.deps);
  std::shared_ptr<LiveStream> stream = s.stream;
  s.server->StreamRoute("/v1/stream", "stream",
                        [stream](boost::beast::tcp_stream& st, const HttpRequest& req, Target t) {
                          return stream->Serve(st, req, std::move(t));
                        });
  if (s.websub) {
    if (auto st = s.websub->Start(*s.server); !st) return st;
  }
  return s.server->Start();
}

void HttpApi::Stop() {
  Impl& s = *impl_;
  if (s.stream) s.stream->Stop();
  if (s.websub) s.websub->Stop();
  if (s.server) s.server->Stop();
}

std::uint16_t HttpApi::port() const { return impl_->server ? impl_->server->port() : 0; }

DaemonMetrics& HttpApi::metrics() { return *impl_->metrics; }

void HttpApi::SetDispatcher(alerts::Dispatcher* dispatcher) { impl_->deps.dispatcher = dispatcher; }

}  // namespace newsd
