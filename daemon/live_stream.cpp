#include "daemon/live_stream.h"

#include <algorithm>
#include <charconv>
#include <map>

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
  int articles = 0;  // articles read (a full batch means more to read)
  int events = 0;
  std::string error;
};

// How far back the late-alert scan looks before the time of its read: alerts
// are stamped with their batch's start time, so one committed after the
// previous scan may carry a slightly earlier time (a long transaction, a
// clock step).
constexpr std::chrono::seconds kLateAlertWindow{60};

// What a client has been sent: the article cursor, and the alerts of the
// late-alert window (so overlapping scans send each alert once).
struct ClientState {
  std::int64_t last_id = 0;               // last article id sent
  TimePoint alerts_since{};               // late-alert scan: alerts created at or after this
  std::map<std::string, TimePoint> sent;  // alert id -> created, >= alerts_since
};

void AppendData(std::string& out, const std::string& json) {
  // JSON from ToJsonLine has no raw newlines; one data line suffices.
  out += "data: ";
  out += json;
  out += "\n\n";
}

bool AlertKept(const StreamFilter& f, const Alert& al) {
  return f.alerts && (f.watch.empty() || al.watch == f.watch);
}

// Formats the alerts of `late` not sent yet whose article passes the filters.
Status LateAlerts(ApiReader& r, const StreamFilter& f, ClientState& cs,
                  const std::vector<Alert>& late,
                  std::map<std::int64_t, std::optional<Article>>& articles, Chunk& c) {
  for (const auto& al : late) {
    if (!cs.sent.emplace(al.id, al.created).second) continue;
    if (!AlertKept(f, al)) continue;
    auto it = articles.find(al.article_id);
    if (it == articles.end()) {
      ArticleListQuery one;
      one.ascending = true;
      one.after_id = al.article_id - 1;
      one.limit = 1;
      auto got = r.ListArticles(one);
      if (!got) return Fail(got.error());
      std::optional<Article> art;
      if (!got->articles.empty() && got->articles[0].id == al.article_id) {
        art = std::move(got->articles[0]);
      }
      it = articles.emplace(al.article_id, std::move(art)).first;
    }
    if (!it->second || !f.Keeps(*it->second)) continue;
    c.text += "id: " + std::to_string(c.last_id) + "." +
              std::to_string(al.created.time_since_epoch().count()) + "\nevent: alert\n";
    AppendData(c.text, ToJsonLine(AlertToJson(al, &*it->second)));
    c.events++;
  }
  return OkStatus();
}

// Reads articles after the client's cursor and formats their events, then
// the alerts committed since the last scan on articles already sent (raised
// by a revision, realert = "on_revision"), as `id: N.T` events.
Chunk ReadChunk(ApiDeps& deps, const StreamFilter& f, ClientState& cs, int batch) {
  Chunk c;
  c.last_id = cs.last_id;
  const TimePoint read_start = SystemClock::Instance().Now();
  const std::string since = std::to_string(cs.alerts_since.time_since_epoch().count());
  auto st = deps.readers->With([&](ApiReader& r) -> Status {
    ArticleListQuery q;
    q.ascending = true;
    q.after_id = cs.last_id;
    q.limit = batch;
    auto list = r.ListArticles(q);
    if (!list) return Fail(list.error());
    for (const auto& a : list->articles) {
      const bool keep = f.Keeps(a);
      if (keep && !a.matches.empty()) {
        auto alerts = r.AlertsOf(a.id);
        if (!alerts) return Fail(alerts.error());
        for (const auto& al : *alerts) {
          cs.sent.emplace(al.id, al.created);
          if (!AlertKept(f, al)) continue;
          c.text += "event: alert\n";
          AppendData(c.text, ToJsonLine(AlertToJson(al, &a)));
          c.events++;
        }
      }
      c.text += "id: " + std::to_string(a.id) + "." + since + "\n";
      if (keep && f.articles && f.watch.empty()) {
        c.text += "event: article\n";
        AppendData(c.text, ToJsonLine(ArticleToJson(a)));
        c.events++;
      } else {
        c.text += "\n";
      }
      c.last_id = a.id;
      c.articles++;
    }
    // Late alerts: scanned after the articles, so this read sees every alert
    // committed before them.
    std::map<std::int64_t, std::optional<Article>> articles;
    constexpr int kPage = 1000;
    for (TimePoint from = cs.alerts_since;;) {
      auto late = r.AlertsSince(from, c.last_id, kPage);
      if (!late) return Fail(late.error());
      if (auto st = LateAlerts(r, f, cs, *late, articles, c); !st) return st;
      // Next page from the last second seen (re-reading it: `sent` skips).
      if (late->size() < static_cast<std::size_t>(kPage) || late->back().created == from) break;
      from = late->back().created;
    }
    return OkStatus();
  });
  if (!st) {
    c.error = st.error().message;
    return c;
  }
  cs.last_id = c.last_id;
  cs.alerts_since = std::max(cs.alerts_since, read_start - kLateAlertWindow);
  std::erase_if(cs.sent, [&](const auto& kv) { return kv.second < cs.alerts_since; });
  return c;
}

// Last-Event-ID: "N" (an article event) or "N.T" (a late alert created at
// unix time T).
struct ResumePoint {
  std::int64_t id = 0;
  std::optional<std::int64_t> alerts_since;
};

std::optional<ResumePoint> ParseId(std::string_view v) {
  ResumePoint p;
  const auto dot = v.find('.');
  const std::string_view head = v.substr(0, dot);
  auto [e, ec] = std::from_chars(head.data(), head.data() + head.size(), p.id);
  if (ec != std::errc() || e != head.data() + head.size() || p.id < 0) return std::nullopt;
  if (dot != std::string_view::npos) {
    const std::string_view tail = v.substr(dot + 1);
    std::int64_t t = 0;
    auto [e2, ec2] = std::from_chars(tail.data(), tail.data() + tail.size(), t);
    if (ec2 != std::errc() || e2 != tail.data() + tail.size()) return std::nullopt;
    p.alerts_since = t;
  }
  return p;
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
  std::optional<ResumePoint> resume;
  if (auto it = req.find("Last-Event-ID"); it != req.end()) {
    resume = ParseId(it->value());
  } else if (const std::string v = target.Param("last_event_id"); !v.empty()) {
    resume = ParseId(v);
  }
  auto cs = std::make_shared<ClientState>();
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op1 = RunOnPool(*deps_.workers, [this, resume, cs]() -> Status {
    return deps_.readers->With([&](ApiReader& r) -> Status {
      const TimePoint now = SystemClock::Instance().Now();
      if (!resume) {
        // A new client starts with what is committed from now on.
        auto max = r.MaxArticleId();
        if (!max) return Fail(max.error());
        cs->last_id = *max;
        cs->alerts_since = now;
        return OkStatus();
      }
      cs->last_id = resume->id;
      if (resume->alerts_since) {
        cs->alerts_since = TimePoint(std::chrono::seconds(*resume->alerts_since));
        return OkStatus();
      }
      // After article N: late alerts committed after N was stored (the
      // writer commits in order), with the usual window.
      auto at = r.ArticleStoredAt(resume->id);
      if (!at) return Fail(at.error());
      cs->alerts_since = at->value_or(now) - kLateAlertWindow;
      return OkStatus();
    });
  });
  if (auto st = co_await std::move(op1); !st) {
    spdlog::warn("stream: {}", st.error().message);
    co_return;
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
      // A named operation: GCC 12 mis-destroys temporaries inside co_await.
      auto op2 = RunOnPool(*deps_.workers,
                           [this, f, cs] { return ReadChunk(deps_, f, *cs, options_.batch); });
      Chunk c = co_await std::move(op2);
      if (!c.error.empty()) {
        spdlog::warn("stream: {}", c.error);
        break;
      }
      out += c.text;
      if (m) m->stream_events += c.events;
      if (c.articles >= options_.batch) ++generation_;  // more to read
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
