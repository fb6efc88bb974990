// The HTTP API over loopback against a real store filled through the Engine.
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "tests/daemon/http_test_util.h"

namespace newsd {
namespace {

using testing::ApiHarness;
using testing::ExampleFeed;
using ::testing::HasSubstr;
using testing::HttpCall;
namespace json = boost::json;
namespace asio = boost::asio;

json::object JsonBody(const testing::HttpResult& r) { return json::parse(r.body).as_object(); }

// A copy of the array `key` of a JSON answer (no reference into a temporary).
json::array Arr(const testing::HttpResult& r, const char* key) {
  return JsonBody(r).at(key).as_array();
}

TEST(HttpApiTest, HealthNotFoundAndMethodErrorsAreJson) {
  ApiHarness h;
  auto r = HttpCall("GET", h.Url("/healthz"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(JsonBody(r).at("status").as_string(), "ok");
  r = HttpCall("GET", h.Url("/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(std::string(JsonBody(r).at("error").as_string()), HasSubstr("/nope"));
  r = HttpCall("DELETE", h.Url("/v1/articles"));
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(JsonBody(r).contains("error"));
  r = HttpCall("GET", h.Url("/readyz"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonBody(r).at("ready").as_bool(), true);
}

TEST(HttpApiTest, ArticlesPaginateWithCursorWithoutDuplicatesOrGaps) {
  ApiHarness h;
  h.Ingest("spiegel", ExampleFeed("spiegel.xml"));
  h.Ingest("reuters", ExampleFeed("reuters-world.xml"));
  const auto stored = h.StoredIds();
  ASSERT_GT(stored.size(), 20u);
  std::vector<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = HttpCall("GET",
                      h.Url("/v1/articles?limit=7" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_EQ(r.status, 200) << r.body;
    auto o = JsonBody(r);
    const auto& arr = o.at("articles").as_array();
    EXPECT_LE(arr.size(), 7u);
    for (const auto& a : arr) {
      const auto& art = a.as_object();
      seen.push_back(art.at("id").as_int64());
      // The export object of INTERFACES.md §2.
      for (const char* k : {"feed",     "sources",      "url",        "canonical_url", "guid",
                            "title",    "author",       "published",  "fetched",       "lang",
                            "text",     "content_hash", "simhash",    "duplicate_of",  "revision",
                            "entities", "quotes",       "quantities", "dates",         "alerts"}) {
        EXPECT_TRUE(art.contains(k)) << k;
      }
    }
    cursor = o.at("next_cursor").is_null() ? "" : std::string(o.at("next_cursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 100);
  EXPECT_EQ(pages, static_cast<int>((stored.size() + 6) / 7));
  std::vector<std::int64_t> sorted = seen;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, stored);                                // every article exactly once
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));  // newest first
}

TEST(HttpApiTest, FiltersSearchAndBadParameters) {
  ApiHarness h;
  h.Ingest("spiegel", ExampleFeed("spiegel.xml"));
  h.Ingest("reuters", ExampleFeed("reuters-world.xml"));
  auto r = HttpCall("GET", h.Url("/v1/articles?feed=reuters&limit=1000"));
  ASSERT_EQ(r.status, 200);
  const json::array arr = Arr(r, "articles");
  EXPECT_EQ(arr.size(), 10u);
  for (const auto& a : arr) EXPECT_EQ(a.at("feed").as_string(), "reuters");
  r = HttpCall("GET", h.Url("/v1/articles?lang=de&limit=1000"));
  ASSERT_EQ(r.status, 200);
  for (const auto& a : Arr(r, "articles")) EXPECT_EQ(a.at("lang").as_string(), "de");
  // FTS: the same ids as the CLI search.
  r = HttpCall("GET", h.Url("/v1/articles?q=Trump&limit=1000"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::int64_t> api_ids;
  for (const auto& a : Arr(r, "articles")) api_ids.insert(a.at("id").as_int64());
  auto reader = StoreReader::Open(h.config().daemon.state_dir + "/newsd.db");
  ASSERT_OK(reader);
  SearchQuery q;
  q.query = "Trump";
  q.limit = 1000;
  auto page = (*reader)->Search(q);
  ASSERT_OK(page);
  std::set<std::int64_t> cli_ids;
  for (const auto& hit : page->hits) cli_ids.insert(hit.id);
  EXPECT_FALSE(cli_ids.empty());
  EXPECT_EQ(api_ids, cli_ids);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles?q=%22unbalanced")).status, 400);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles?limit=0")).status, 400);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles?cursor=garbage")).status, 400);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles?since=yesterday")).status, 400);
  r = HttpCall("GET", h.Url("/v1/articles?since=1h"));
  EXPECT_EQ(r.status, 200);
  r = HttpCall("GET", h.Url("/v1/articles?until=2000-01-01T00:00:00Z"));
  EXPECT_TRUE(Arr(r, "articles").empty());
}

TEST(HttpApiTest, ArticleByIdHasRevisionsAndUnknownIsNotFound) {
  ApiHarness h;
  h.Ingest("spiegel", ExampleFeed("spiegel.xml"));
  const auto ids = h.StoredIds();
  ASSERT_FALSE(ids.empty());
  auto r = HttpCall("GET", h.Url("/v1/articles/" + std::to_string(ids[0])));
  ASSERT_EQ(r.status, 200);
  auto o = JsonBody(r);
  EXPECT_EQ(o.at("id").as_int64(), ids[0]);
  EXPECT_TRUE(o.at("revisions").is_array());
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles/99999")).status, 404);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles/abc")).status, 404);
}

TEST(HttpApiTest, AlertsListTheAlertObjectWithItsArticle) {
  ApiHarness h("", "[[watch]]\nid = \"putin\"\nquery = 'Putin'\n");
  h.Ingest("spiegel", ExampleFeed("spiegel.xml"));
  auto r = HttpCall("GET", h.Url("/v1/alerts?watch=putin"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json::array arr = Arr(r, "alerts");
  ASSERT_FALSE(arr.empty());
  for (const auto& a : arr) {
    EXPECT_EQ(a.at("watch").as_string(), "putin");
    EXPECT_EQ(a.at("id").as_string().size(), 64u);
    EXPECT_EQ(a.at("article").at("id").as_int64(), a.at("article_id").as_int64());
    EXPECT_FALSE(a.at("matched").as_array().empty());
  }
  r = HttpCall("GET", h.Url("/v1/alerts?watch=nobody"));
  EXPECT_TRUE(Arr(r, "alerts").empty());
  // Paging through one at a time gives the same alerts.
  std::set<std::string> paged;
  std::string cursor;
  for (int i = 0; i < 50; ++i) {
    r = HttpCall("GET", h.Url("/v1/alerts?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    auto o = JsonBody(r);
    for (const auto& a : o.at("alerts").as_array())
      paged.insert(std::string(a.at("id").as_string()));
    if (o.at("next_cursor").is_null()) break;
    cursor = std::string(o.at("next_cursor").as_string());
  }
  EXPECT_EQ(paged.size(), arr.size());
}

TEST(HttpApiTest, FeedsListAndPollNow) {
  ApiHarness h("", "[[feed]]\nid = \"a\"\nurl = \"file:///nonexistent/a.xml\"\n", true);
  auto r = HttpCall("GET", h.Url("/v1/feeds"));
  ASSERT_EQ(r.status, 200);
  const json::array feeds = Arr(r, "feeds");
  ASSERT_EQ(feeds.size(), 1u);
  EXPECT_EQ(feeds[0].at("id").as_string(), "a");
  for (const char* k : {"state", "last_error", "next_poll", "last_success", "url"}) {
    EXPECT_TRUE(feeds[0].as_object().contains(k)) << k;
  }
  EXPECT_EQ(HttpCall("POST", h.Url("/v1/feeds/zzz/poll")).status, 404);
  EXPECT_EQ(HttpCall("POST", h.Url("/v1/feeds/a/poll")).status, 202);
  // The poll of a missing file ends in an error state with its message.
  ASSERT_TRUE(testing::WaitFor([&] {
    auto f = JsonBody(HttpCall("GET", h.Url("/v1/feeds"))).at("feeds").as_array()[0];
    return f.at("state").as_string() == "error" && !f.at("last_error").is_null();
  }));
}

TEST(HttpApiTest, TokenRequiredWhenConfigured) {
  testing::TempDir tdir;
  const std::string token = "0123456789abcdef-secret";
  const std::string tf = tdir.Write("token", token + "\n");
  ApiHarness h("token_file = \"" + tf + "\"\n");
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles")).status, 401);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles"), {"Authorization: Bearer wrong"}).status, 401);
  EXPECT_EQ(HttpCall("GET", h.Url("/metrics"), {"Authorization: Bearer " + token + "x"}).status,
            401);
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles"), {"Authorization: Bearer " + token}).status, 200);
  EXPECT_EQ(HttpCall("GET", h.Url("/healthz")).status, 200);  // liveness stays open
}

TEST(HttpApiTest, NoTokenOnLoopbackAndNonLoopbackNeedsTokenFile) {
  ApiHarness h;
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles")).status, 200);
  auto c = ParseConfig("[http]\nlisten = \"0.0.0.0:8085\"\n", "/etc/newsd/t.toml");
  ASSERT_FALSE(c.has_value());
  EXPECT_THAT(c.error().message, HasSubstr("/etc/newsd/t.toml:"));
  EXPECT_THAT(c.error().message, HasSubstr("token_file"));
  EXPECT_TRUE(ParseConfig("[http]\nlisten = \"0.0.0.0:8085\"\ntoken_file = \"t\"\n", "/x/t.toml"));
  EXPECT_TRUE(ParseConfig("[http]\nlisten = \"[::1]:0\"\n", "/x/t.toml"));
  EXPECT_FALSE(ParseConfig("[http]\nlisten = \"127.0.0.1:99999\"\n", "/x/t.toml"));
}

// Sends raw bytes and returns the answer's status line ("" if closed without one).
std::string RawStatus(std::uint16_t port, const std::string& request) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  asio::write(s, asio::buffer(request), ec);
  std::string out;
  asio::read_until(s, asio::dynamic_buffer(out), "\r\n", ec);
  return out.substr(0, out.find("\r\n"));
}

TEST(HttpApiTest, LimitsBodyHeadersAndConnections) {
  ApiHarness h(
      "max_body = 1024\nmax_headers = 10\nmax_connections = 3\nrequest_timeout = \"5s\"\n");
  auto r = HttpCall("POST", h.Url("/v1/feeds/x/poll"), {}, std::string(4096, 'x'));
  ASSERT_EQ(r.status, 413) << r.error;
  EXPECT_TRUE(JsonBody(r).contains("error"));
  // Chunked: no Content-Length up front, the limit still applies.
  std::string chunked =
      "POST /v1/feeds/x/poll HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  chunked += "800\r\n" + std::string(2048, 'y') + "\r\n0\r\n\r\n";
  EXPECT_THAT(RawStatus(h.port(), chunked), HasSubstr(" 413 "));
  std::string many = "GET /v1/articles HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 20; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  EXPECT_THAT(RawStatus(h.port(), many + "\r\n"), HasSubstr(" 431 "));
  EXPECT_THAT(RawStatus(h.port(), "GET /v1/articles HTTP/1.1\r\nHost: x\r\n\r\n"),
              HasSubstr(" 200 "));
  // Connection cap: three idle connections held open, the fourth is refused.
  asio::io_context io;
  std::vector<asio::ip::tcp::socket> held;
  for (int i = 0; i < 3; ++i) {
    held.emplace_back(io);
    held.back().connect({asio::ip::make_address("127.0.0.1"), h.port()});
  }
  ASSERT_TRUE(testing::WaitFor([&] { return h.metrics().http_connections_open.load() == 3; }));
  EXPECT_EQ(HttpCall("GET", h.Url("/healthz")).status, 503);
  EXPECT_EQ(h.metrics().http_connections_rejected.load(), 1);
  held.clear();
  ASSERT_TRUE(testing::WaitFor([&] { return h.metrics().http_connections_open.load() == 0; }));
  EXPECT_EQ(HttpCall("GET", h.Url("/healthz")).status, 200);
}

// A small checker of the Prometheus text exposition format (0.0.4).
void CheckExposition(const std::string& text, int min_samples = 20) {
  static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$)");
  static const std::regex kType(
      R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  static const std::regex kSample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$)");
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  std::map<std::string, double> last_bucket;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      EXPECT_TRUE(helped.insert(m[1]).second) << "HELP twice: " << line;
    } else if (std::regex_match(line, m, kType)) {
      EXPECT_TRUE(types.emplace(m[1], m[2]).second) << "TYPE twice: " << line;
    } else if (std::regex_match(line, m, kSample)) {
      ++samples;
      std::string name = m[1];
      std::string family = name;
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s = suffix;
        if (!types.count(family) && name.size() > s.size() &&
            name.compare(name.size() - s.size(), s.size(), s) == 0) {
          family = name.substr(0, name.size() - s.size());
        }
      }
      ASSERT_TRUE(types.count(family)) << "sample before its TYPE: " << line;
      if (types[family] == "counter") {
        EXPECT_TRUE(family.size() > 6 && family.compare(family.size() - 6, 6, "_total") == 0)
            << line;
      }
      if (types[family] == "histogram" && name == family + "_bucket") {
        EXPECT_NE(line.find("le=\""), std::string::npos) << line;
        const double v = std::stod(line.substr(line.rfind(' ') + 1));
        EXPECT_GE(v, last_bucket[family]) << "buckets must be cumulative: " << line;
        last_bucket[family] = v;
      }
      if (types[family] == "histogram" && name == family + "_count") {
        EXPECT_EQ(std::stod(line.substr(line.rfind(' ') + 1)), last_bucket[family]);
      }
    } else {
      ADD_FAILURE() << "not exposition format: '" << line << "'";
    }
  }
  EXPECT_GE(samples, min_samples);
}

TEST(HttpApiTest, MetricsAreValidPrometheusExposition) {
  ApiHarness h("", "[[watch]]\nid = \"putin\"\nquery = 'Putin'\n");
  h.Ingest("spiegel", ExampleFeed("spiegel.xml"));
  HttpCall("GET", h.Url("/v1/articles"));
  auto r = HttpCall("GET", h.Url("/metrics"));
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.content_type, HasSubstr("text/plain"));
  CheckExposition(r.body);
  EXPECT_THAT(r.body, HasSubstr("newsd_http_requests_total{route=\"articles\",code=\"200\"} 1\n"));
  EXPECT_THAT(r.body, HasSubstr("newsd_articles_dedup_total{layer=\"new\"} 17\n"));
  EXPECT_THAT(r.body, HasSubstr("newsd_pipeline_stage_calls_total{stage="));
  EXPECT_THAT(r.body, HasSubstr("newsd_db_bytes{file=\"main\"}"));
  // The checker itself rejects broken text.
  EXPECT_NONFATAL_FAILURE(CheckExposition("# TYPE x_total counter\nx_total{a=\"b} 1\n", 0),
                          "not exposition format");
}

TEST(HttpApiTest, MetricsCountPollsByOutcomeAndStatus) {
  ApiHarness h("",
               "[[feed]]\nid = \"s\"\nurl = \"file://" + std::string(NEWSD_SOURCE_DIR) +
                   "/examples/feeds/spiegel.xml\"\n",
               true);
  ASSERT_EQ(HttpCall("POST", h.Url("/v1/feeds/s/poll")).status, 202);
  ASSERT_TRUE(testing::WaitFor([&] {
    return HttpCall("GET", h.Url("/metrics"))
               .body.find("newsd_polls_total{outcome=\"ok\",code=\"200\"}") != std::string::npos;
  }));
  auto body = HttpCall("GET", h.Url("/metrics")).body;
  EXPECT_THAT(body, HasSubstr("newsd_fetch_duration_seconds_count "));
  // The poll's articles were committed: one transaction at least, counted in
  // the writer's histograms.
  ASSERT_TRUE(testing::WaitFor([&] {
    return HttpCall("GET", h.Url("/metrics")).body.find("newsd_writer_commit_seconds_count 0\n") ==
           std::string::npos;
  }));
  body = HttpCall("GET", h.Url("/metrics")).body;
  EXPECT_THAT(body, HasSubstr("newsd_writer_commit_seconds_bucket{le=\"+Inf\"} "));
  EXPECT_THAT(body, HasSubstr("newsd_writer_transaction_articles_bucket{le=\"5000\"} "));
  EXPECT_THAT(body, ::testing::Not(HasSubstr("newsd_writer_transaction_articles_sum 0\n")));
  EXPECT_THAT(body, ::testing::Not(HasSubstr("newsd_fetched_bytes_total 0\n")));
}

}  // namespace
}  // namespace newsd
