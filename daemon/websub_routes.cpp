// The hub-facing endpoints of the WebSub subscriber: /websub/{feed}.
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>

#include "daemon/api_context.h"
#include "daemon/engine.h"
#include "daemon/http_server.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "daemon/websub.h"
#include "storage/reader.h"

namespace newsd {

namespace asio = boost::asio;

struct WebSub::Routes {
  static std::string FeedOf(const Target& t) {
    return t.path.substr(std::string("/websub/").size());
  }

  static asio::awaitable<HttpReply> Verify(std::shared_ptr<WebSub> w, Target t) {
    const std::string feed = FeedOf(t);
    const std::string mode = t.Param("hub.mode");
    const std::string topic = t.Param("hub.topic");
    auto it = w->subs_.find(feed);
    if (it == w->subs_.end() || it->second.topic != topic) {
      if (w->deps_.metrics) w->deps_.metrics->websub_rejected++;
      co_return ErrorReply(404, "no subscription of this feed to this topic");
    }
    WebSubSubscription& s = it->second;
    if (mode == "denied") {
      spdlog::warn("websub: hub {} denied feed {}: {}", s.hub, feed, t.Param("hub.reason"));
      s.state = "denied";
      w->Save();
      co_return HttpReply{200, "text/plain", "", {}};
    }
    // Only a subscription we asked for (pending), or a renewal of an active one.
    if (mode != "subscribe" || (s.state != "pending" && s.state != "active")) {
      if (w->deps_.metrics) w->deps_.metrics->websub_rejected++;
      co_return ErrorReply(404, "no pending " + mode + " for this feed");
    }
    const std::string challenge = t.Param("hub.challenge");
    if (challenge.empty()) co_return ErrorReply(400, "hub.challenge missing");
    long lease = 0;
    try {
      lease = std::stol(t.Param("hub.lease_seconds"));
    } catch (...) {
      lease = static_cast<long>(w->deps_.config->http.websub_lease.count());
    }
    s.state = "active";
    s.lease_until = SystemClock::Instance().Now() + std::chrono::seconds(lease);
    w->Save();
    spdlog::info("websub: feed {} subscribed at {} for {}s", feed, s.hub, lease);
    co_return HttpReply{200, "text/plain", challenge, {}};
  }

  static asio::awaitable<HttpReply> Push(std::shared_ptr<WebSub> w, const HttpRequest& req,
                                         Target t) {
    const std::string feed = FeedOf(t);
    auto it = w->subs_.find(feed);
    if (it == w->subs_.end() || it->second.state == "denied") {
      if (w->deps_.metrics) w->deps_.metrics->websub_rejected++;
      co_return ErrorReply(404, "no subscription for this feed");
    }
    const WebSubSubscription& s = it->second;
    const std::string sig(req["X-Hub-Signature"]);
    if (sig.empty() || !VerifyHubSignature(sig, s.secret, req.body())) {
      if (w->deps_.metrics) w->deps_.metrics->websub_rejected++;
      spdlog::warn("websub: feed {}: push with a missing or bad signature rejected", feed);
      co_return ErrorReply(403, "bad or missing X-Hub-Signature");
    }
    std::optional<FeedState> state;
    if (w->deps_.poller) state = w->deps_.poller->state(feed);
    const std::string db = w->deps_.config->daemon.state_dir + "/newsd.db";
    ApiDeps& deps = w->deps_;
    const std::string ct(req[boost::beast::http::field::content_type]);
    PageFetchHook pages;  // full_text feeds: their pages, as a poll would
    if (deps.poller) pages = deps.poller->PageHook(feed);
    // Parse, pipeline and commit on the worker pool, like a poll.
    asio::post(
        *deps.workers, [&deps, state, db, feed, ct, topic = s.topic, body = req.body(), pages] {
          FeedState st;
          if (state) {
            st = *state;
          } else if (auto r = StoreReader::Open(db)) {
            if (auto s2 = (*r)->GetFeedState(feed); s2 && *s2) st = **s2;
          }
          st.feed = feed;
          deps.engine->ProcessFeed(
              feed, st, body, ct, topic,
              [feed](Result<FeedOutcome> o) {
                if (!o) {
                  spdlog::warn("websub: feed {}: push not stored: {}", feed, o.error().message);
                } else {
                  spdlog::info("websub: feed {}: push with {} items, {} new", feed, o->items,
                               o->new_articles);
                }
              },
              {}, pages);
        });
    if (deps.metrics) deps.metrics->websub_pushes++;
    co_return HttpReply{202, "application/json", "{\"status\":\"accepted\"}\n", {}};
  }
};

Status WebSub::Start(HttpServer& server) {
  Load();
  Save();  // proves the state file is writable now, not at the first hub call
  std::shared_ptr<WebSub> self = shared_from_this();
  server.Route(
      "GET", "/websub/", "websub_verify",
      [self](const HttpRequest&, Target t) { return Routes::Verify(self, std::move(t)); }, true);
  server.Route(
      "POST", "/websub/", "websub_push",
      [self](const HttpRequest& req, Target t) { return Routes::Push(self, req, std::move(t)); },
      true);
  timer_ = std::make_unique<asio::steady_timer>(*deps_.ioc);
  ScheduleRenewal();
  return OkStatus();
}

}  // namespace newsd
