#include "daemon/live_stream.h"

#include <charconv>

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "daemon/api_context.h"
#include "daemon/metrics.h"

namespace newsd {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

struct StreamFilter {
  std::string feed, lang, watch;
  bool articles = true, alerts = true;

  bool Keeps(const Article& a) const {
    if (!lang.empty() && a.lang != lang) return false;
    if (feed.empty()) return true;
    if (a.feed == feed) return true;
    return std::find(a.sources.begin(), a.sources.end(), feed) != a.sources.end();
  }
};

struct Chunk {
  std::string text;
  std::int64_t last_id = 0;
  int events = 0;
  std::string error;
};

void AppendData(std::string& out, const std::string& json) {
  // JSON from ToJsonLine has no raw newlines; one data line suffices.
  out += "data: ";
  out += json;
  out += "\n\n";
}

// Reads articles after `after` and formats their events.
Chunk ReadChunk(ApiDeps& deps, const StreamFilter& f, std::int64_t after, int batch) {
  Chunk c;
  c.last_id = after;
  auto st = deps.readers->With([&](ApiReader& r) -> Status {
    ArticleListQuery q;
    q.ascending = true;
    q.after_id = after;
    q.limit = batch;
    auto list = r.ListArticles(q);
    if (!list) return Fail(list.error());
    for (const auto& a : list->articles) {
      const bool keep = f.Keeps(a);
      if (keep && f.alerts && !a.matches.empty()) {
        auto alerts = r.AlertsOf(a.id);
        if (!alerts) return Fail(alerts.error());
        for (const auto& al : *alerts) {
          if (!f.watch.empty() && al.watch != f.watch) continue;
          c.text += "event: alert\n";
          AppendData(c.text, ToJsonLine(AlertToJson(al, &a)));
          c.events++;
        }
      }
      c.text += "id: " + std::to_string(a.id) + "\n";
      if (keep && f.articles && f.watch.empty()) {
        c.text += "event: article\n";
        AppendData(c.text, ToJsonLine(ArticleToJson(a)));
        c.events++;
      } else {
        c.text += "\n";
      }
      c.last_id = a.id;
    }
    return OkStatus();
  });
  if (!st) c.error = st.error().message;
  return c;
}

std::optional<std::int64_t> ParseId(std::string_view v) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || p != v.data() + v.size() || id < 0) return std::nullopt;
  return id;
}

}  // namespace

LiveStream::LiveStream(ApiDeps& deps, LiveStreamOptions options,
                       std::shared_ptr<DaemonMetrics> metrics)
    : deps_(deps), options_(options), metrics_(std::move(metrics)) {}

LiveStream::~LiveStream() = default;

void LiveStream::Notify() {
  ++generation_;
  for (auto* t : waiting_) t->cancel();
}

void LiveStream::Stop() {
  stopped_ = true;
  Notify();
}

asio::awaitable<void> LiveStream::Serve(beast::tcp_stream& stream, const HttpRequest& req,
                                        Target target) {
  StreamFilter f;
  f.feed = target.Param("feed");
  f.lang = target.Param("lang");
  f.watch = target.Param("watch");
  if (const std::string types = target.Param("types"); !types.empty()) {
    f.articles = types.find("articles") != std::string::npos;
    f.alerts = types.find("alerts") != std::string::npos;
  }
  std::optional<std::int64_t> last;
  if (auto it = req.find("Last-Event-ID"); it != req.end()) {
    last = ParseId(it->value());
  } else if (const std::string v = target.Param("last_event_id"); !v.empty()) {
    last = ParseId(v);
  }
  if (!last) {
    // A new client starts with what is committed from now on.
    // A named operation: GCC 12 mis-destroys temporaries inside co_await.
    auto op1 = RunOnPool(*deps_.workers, [this] {
      return deps_.readers->With([](ApiReader& r) { return r.MaxArticleId(); });
    });
    auto max = co_await std::move(op1);
    if (!max) {
      spdlog::warn("stream: {}", max.error().message);
      co_return;
    }
    last = *max;
  }
  // The per-client buffer: what the kernel may hold for this client.
  boost::system::error_code ec;
  stream.socket().set_option(
      asio::socket_base::send_buffer_size(static_cast<int>(options_.buffer_bytes)), ec);

  std::shared_ptr<DaemonMetrics> metrics = metrics_;
  DaemonMetrics* m = metrics.get();
  if (m) m->stream_clients++;
  struct Leave {
    std::shared_ptr<DaemonMetrics> m;
    ~Leave() {
      if (m) m->stream_clients--;
    }
  } leave{metrics};

  std::string out =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
      "Connection: close\r\nX-Accel-Buffering: no\r\n\r\n: newsd live stream\nretry: 2000\n\n";
  asio::steady_timer wake(stream.get_executor());
  auto last_write = std::chrono::steady_clock::now();
  std::uint64_t seen = generation_ - 1;  // read once at start
  while (!stopped_) {
    if (seen != generation_) {
      seen = generation_;
      const std::int64_t after = *last;
      // A named operation: GCC 12 mis-destroys temporaries inside co_await.
      auto op2 = RunOnPool(*deps_.workers,
                           [this, f, after] { return ReadChunk(deps_, f, after, options_.batch); });
      Chunk c = co_await std::move(op2);
      if (!c.error.empty()) {
        spdlog::warn("stream: {}", c.error);
        break;
      }
      out += c.text;
      if (c.last_id != after) {
        *last = c.last_id;
        if (m) m->stream_events += c.events;
        if (c.last_id - after >= options_.batch) ++generation_;  // more to read
      }
    }
    const auto now = std::chrono::steady_clock::now();
    if (out.empty() && now - last_write >= options_.heartbeat) out = ": heartbeat\n\n";
    if (!out.empty()) {
      stream.expires_after(options_.write_timeout);
      auto [wec, n] = co_await asio::async_write(stream, asio::buffer(out),
                                                 asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (wec == beast::error::timeout) {
        if (m) m->stream_dropped++;
        spdlog::info("stream: dropped a client that fell behind (not reading)");
        break;
      }
      if (wec) break;
      out.clear();
      last_write = std::chrono::steady_clock::now();
      continue;  // re-check the generation before sleeping
    }
    if (seen != generation_ || stopped_) continue;
    wake.expires_at(last_write + options_.heartbeat);
    waiting_.push_back(&wake);
    auto pos = std::prev(waiting_.end());
    auto [tec] = co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)tec;
    waiting_.erase(pos);
  }
  stream.socket().close(ec);
}

}  // namespace newsd
