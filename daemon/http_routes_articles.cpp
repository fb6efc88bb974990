// GET /v1/articles, /v1/articles/{id}, /v1/alerts.
#include <charconv>

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "core/json.h"
#include "core/time.h"
#include "daemon/api_context.h"
#include "daemon/http_routes.h"
#include "daemon/http_server.h"
#include "storage/reader.h"

namespace newsd {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Cursors are opaque to clients: "n" + the hex of the last id seen.
std::string ArticleCursor(std::int64_t id) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, id, 16);
  (void)ec;
  return "n" + std::string(buf, p);
}

std::optional<std::int64_t> ReadArticleCursor(const std::string& c) {
  if (c.size() < 2 || c[0] != 'n') return std::nullopt;
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(c.data() + 1, c.data() + c.size(), id, 16);
  if (ec != std::errc() || p != c.data() + c.size() || id <= 0) return std::nullopt;
  return id;
}

// Alert cursor: "a" + hex(created) + "." + the alert id.
std::string AlertCursor(const Alert& a) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf,
                               static_cast<std::int64_t>(a.created.time_since_epoch().count()), 16);
  (void)ec;
  return "a" + std::string(buf, p) + "." + a.id;
}

bool ReadAlertCursor(const std::string& c, AlertListQuery& q) {
  const auto dot = c.find('.');
  if (c.size() < 3 || c[0] != 'a' || dot == std::string::npos) return false;
  std::int64_t t = 0;
  auto [p, ec] = std::from_chars(c.data() + 1, c.data() + dot, t, 16);
  if (ec != std::errc() || p != c.data() + dot) return false;
  q.after_created = TimePoint(std::chrono::seconds(t));
  q.after_id = c.substr(dot + 1);
  return true;
}

// Reads limit (1..1000, default `def`) into `out`; false with `error` set otherwise.
bool ReadLimit(const Target& t, int def, int& out, std::string& error) {
  const std::string v = t.Param("limit");
  out = def;
  if (v.empty()) return true;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < 1 || out > 1000) {
    error = "limit must be an integer from 1 to 1000";
    return false;
  }
  return true;
}

bool ReadTime(const Target& t, const char* name, std::optional<TimePoint>& out,
              std::string& error) {
  const std::string v = t.Param(name);
  if (v.empty()) return true;
  std::string why;
  out = ParseApiTime(v, why);
  if (!out) error = std::string(name) + ": " + why;
  return out.has_value();
}

json::object RevisionJson(const ArticleRevision& r) {
  return json::object{{"revision", r.revision},
                      {"title", r.title},
                      {"text", r.text},
                      {"content_hash", r.content_hash},
                      {"replaced", FormatRfc3339(r.replaced_at)}};
}

asio::awaitable<HttpReply> ListArticles(ApiDeps& deps, Target t) {
  ArticleListQuery q;
  std::string error;
  q.q = t.Param("q");
  q.feed = t.Param("feed");
  q.lang = t.Param("lang");
  q.entity = t.Param("entity");
  if (!ReadLimit(t, 50, q.limit, error) || !ReadTime(t, "since", q.since, error) ||
      !ReadTime(t, "until", q.until, error)) {
    co_return ErrorReply(400, error);
  }
  if (const std::string c = t.Param("cursor"); !c.empty()) {
    auto id = ReadArticleCursor(c);
    if (!id) co_return ErrorReply(400, "bad cursor");
    q.before_id = *id;
  }
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op1 = RunOnPool(*deps.workers, t.deadline, [&deps, q] {
    return deps.readers->With([&](ApiReader& r) { return r.ListArticles(q); });
  });
  auto page = co_await std::move(op1);
  if (!page) co_return ErrorReply(StatusFor(page.error()), page.error().message);
  json::array arr;
  for (const auto& a : page->articles) arr.push_back(ArticleToJson(a));
  json::object out{{"articles", std::move(arr)}};
  out["next_cursor"] = page->more && !page->articles.empty()
                           ? json::value(ArticleCursor(page->articles.back().id))
                           : json::value(nullptr);
  co_return JsonReply(200, out);
}

asio::awaitable<HttpReply> GetArticle(ApiDeps& deps, Target t) {
  const std::string rest = t.path.substr(std::string("/v1/articles/").size());
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (ec != std::errc() || p != rest.data() + rest.size() || id <= 0) {
    co_return ErrorReply(404, "no article '" + rest + "' (ids are positive integers)");
  }
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op2 = RunOnPool(*deps.workers, t.deadline, [&deps, id] {
    auto reader = StoreReader::Open(deps.config->daemon.state_dir + "/newsd.db");
    if (!reader) return Result<std::optional<StoredArticle>>(Fail(reader.error()));
    return (*reader)->GetArticle(id);
  });
  auto stored = co_await std::move(op2);
  if (!stored) co_return ErrorReply(StatusFor(stored.error()), stored.error().message);
  if (!*stored) co_return ErrorReply(404, "no article " + std::to_string(id));
  json::object o = ArticleToJson((*stored)->article);
  json::array revs;
  for (const auto& r : (*stored)->revisions) revs.push_back(RevisionJson(r));
  o["revisions"] = std::move(revs);
  json::array alerts;
  for (const auto& al : (*stored)->alerts) {
    json::object a = AlertToJson(al, nullptr);
    a.erase("article");
    alerts.push_back(std::move(a));
  }
  o["alert_objects"] = std::move(alerts);
  co_return JsonReply(200, o);
}

asio::awaitable<HttpReply> ListAlerts(ApiDeps& deps, Target t) {
  AlertListQuery q;
  std::string error;
  q.watch = t.Param("watch");
  if (!ReadLimit(t, 50, q.limit, error) || !ReadTime(t, "since", q.since, error)) {
    co_return ErrorReply(400, error);
  }
  if (const std::string c = t.Param("cursor"); !c.empty() && !ReadAlertCursor(c, q)) {
    co_return ErrorReply(400, "bad cursor");
  }
  // A named operation: GCC 12 mis-destroys temporaries inside co_await.
  auto op3 = RunOnPool(*deps.workers, t.deadline, [&deps, q] {
    return deps.readers->With([&](ApiReader& r) { return r.ListAlerts(q); });
  });
  auto page = co_await std::move(op3);
  if (!page) co_return ErrorReply(StatusFor(page.error()), page.error().message);
  json::array arr;
  for (const auto& a : page->alerts) {
    arr.push_back(AlertToJson(a.alert, a.article ? &*a.article : nullptr));
  }
  json::object out{{"alerts", std::move(arr)}};
  out["next_cursor"] = page->more && !page->alerts.empty()
                           ? json::value(AlertCursor(page->alerts.back().alert))
                           : json::value(nullptr);
  co_return JsonReply(200, out);
}

}  // namespace

void AddArticleRoutes(HttpServer& server, ApiDeps& deps) {
  server.Route("GET", "/v1/articles", "articles",
               [&deps](const HttpRequest&, Target t) { return ListArticles(deps, std::move(t)); });
  server.Route("GET", "/v1/articles/", "article",
               [&deps](const HttpRequest&, Target t) { return GetArticle(deps, std::move(t)); });
  server.Route("GET", "/v1/alerts", "alerts",
               [&deps](const HttpRequest&, Target t) { return ListAlerts(deps, std::move(t)); });
}

}  // namespace newsd
