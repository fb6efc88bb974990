// GET /v1/feeds, POST /v1/feeds/{id}/poll.
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"
#include "daemon/api_context.h"
#include "daemon/http_routes.h"
#include "daemon/http_server.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "storage/reader.h"

namespace newsd {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

const char* StateName(const FeedConfig& f, const std::optional<FeedState>& s) {
  if (!f.enabled) return "disabled";
  if (!s || !s->last_poll) return "new";
  if (s->retired) return "retired";
  if (s->consecutive_errors > 0) return "error";
  return "ok";
}

json::object FeedJson(const FeedConfig& f, const std::optional<FeedState>& s) {
  json::array tags;
  for (const auto& t : f.tags) tags.push_back(json::value(t));
  json::object o{{"id", f.id},
                 {"url", s && !s->url.empty() ? s->url : f.url},
                 {"enabled", f.enabled},
                 {"tags", std::move(tags)},
                 {"state", StateName(f, s)}};
  o["last_status"] = s && s->last_status ? json::value(s->last_status) : json::value(nullptr);
  o["last_error"] = s && !s->last_error.empty() ? json::value(s->last_error) : json::value(nullptr);
  o["consecutive_errors"] = s ? s->consecutive_errors : 0;
  o["last_poll"] = TimeOrNull(s ? s->last_poll : std::nullopt);
  o["last_success"] = TimeOrNull(s ? s->last_success : std::nullopt);
  o["next_poll"] = TimeOrNull(s ? s->next_poll : std::nullopt);
  return o;
}

asio::awaitable<HttpReply> ListFeeds(ApiDeps& deps,
                                     std::chrono::steady_clock::time_point deadline) {
  // Stored states (worker pool); the scheduler's live view wins where it has one.
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op1 = RunOnPool(*deps.workers, deadline, [&deps] {
    auto reader = StoreReader::Open(deps.config->daemon.state_dir + "/newsd.db");
    if (!reader) return Result<std::vector<FeedState>>(Fail(reader.error()));
    return (*reader)->FeedStates();
  });
  auto stored = co_await std::move(op1);
  if (!stored) co_return ErrorReply(StatusFor(stored.error()), stored.error().message);
  std::map<std::string, FeedState> by_id;
  for (auto& s : *stored) by_id[s.feed] = std::move(s);
  json::array arr;
  for (const auto& f : deps.config->feeds) {
    std::optional<FeedState> s;
    if (deps.poller) s = deps.poller->state(f.id);
    if (!s) {
      if (auto it = by_id.find(f.id); it != by_id.end()) s = it->second;
    }
    arr.push_back(FeedJson(f, s));
  }
  co_return JsonReply(200, json::object{{"feeds", std::move(arr)}});
}

asio::awaitable<HttpReply> PollFeed(ApiDeps& deps, Target t) {
  // /v1/feeds/{id}/poll
  constexpr std::string_view kPrefix = "/v1/feeds/", kSuffix = "/poll";
  const std::string& p = t.path;
  if (p.size() <= kPrefix.size() + kSuffix.size() ||
      p.compare(p.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) {
    co_return ErrorReply(404, "no such endpoint: " + p);
  }
  const std::string id = p.substr(kPrefix.size(), p.size() - kPrefix.size() - kSuffix.size());
  const FeedConfig* f = deps.config->FindFeed(id);
  if (!f) co_return ErrorReply(404, "no feed '" + id + "'");
  if (!f->enabled) co_return ErrorReply(409, "feed '" + id + "' is disabled");
  if (!deps.poller) co_return ErrorReply(503, "polling is not running");
  if (auto st = deps.poller->PollNow(id); !st) {
    co_return ErrorReply(StatusFor(st.error()), st.error().message);
  }
  co_return JsonReply(202, json::object{{"feed", id}, {"status", "queued"}});
}

}  // namespace

void AddFeedRoutes(HttpServer& server, ApiDeps& deps) {
  server.Route("GET", "/v1/feeds", "feeds",
               [&deps](const HttpRequest&, Target t) { return ListFeeds(deps, t.deadline); });
  server.Route("POST", "/v1/feeds/", "feed_poll",
               [&deps](const HttpRequest&, Target t) { return PollFeed(deps, std::move(t)); });
}

}  // namespace newsd
