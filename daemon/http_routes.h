// The routes of the HTTP API (docs/API.md). Each Add*Routes registers its
// endpoints on `server`; `deps` must outlive the server.
#pragma once

namespace newsd {

class HttpServer;
struct ApiDeps;

// GET /v1/articles, /v1/articles/{id}, /v1/alerts (http_routes_articles.cpp).
void AddArticleRoutes(HttpServer& server, ApiDeps& deps);
// GET /v1/feeds, POST /v1/feeds/{id}/poll (http_routes_feeds.cpp).
void AddFeedRoutes(HttpServer& server, ApiDeps& deps);
// GET /healthz, /readyz, /metrics (http_routes_health.cpp).
void AddHealthRoutes(HttpServer& server, ApiDeps& deps);

}  // namespace newsd
