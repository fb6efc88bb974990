// Shared pieces of the HTTP API tests: a real Engine over a temp SQLite store
// with the API on 127.0.0.1 port 0 (its own io thread), a libcurl client and
// raw sockets for the limit and stream tests.
#pragma once

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <boost/asio.hpp>

#include "daemon/config.h"
#include "daemon/engine.h"
#include "daemon/http_api.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "storage/reader.h"
#include "storage/store.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

struct HttpResult {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string error;  // libcurl's message when the transfer failed
};

// One blocking request with libcurl (10 s timeout).
inline HttpResult HttpCall(const std::string& method, const std::string& url,
                           const std::vector<std::string>& headers = {},
                           const std::string& body = "") {
  HttpResult r;
  CURL* c = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty() || method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* ud) -> size_t {
        static_cast<std::string*>(ud)->append(p, s * n);
        return s * n;
      });
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) r.error = curl_easy_strerror(rc);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    char* ct = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) r.content_type = ct;
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

// The daemon's pieces wired as `newsd run` wires them, minus signals.
class ApiHarness {
 public:
  // `extra` is appended to a config with state_dir in a temp dir and
  // [http] listen = "127.0.0.1:0".
  explicit ApiHarness(const std::string& http_extra = "", const std::string& extra = "",
                      bool with_poller = false) {
    const std::string text = "[daemon]\nstate_dir = \"" + dir_.str() +
                             "/var\"\nworkers = 2\n[http]\nlisten = \"127.0.0.1:0\"\n" +
                             http_extra + "\n" + extra;
    auto c = ParseConfig(text, dir_.str() + "/newsd.toml");
    if (!c) throw std::runtime_error(c.error().message);
    config_ = std::move(*c);
    std::filesystem::create_directories(config_.daemon.state_dir);
    auto e = Engine::Create(config_);
    if (!e) throw std::runtime_error(e.error().message);
    engine_ = std::move(*e);
    if (with_poller) {
      poller_ = std::make_unique<Poller>(ioc_, workers_, *engine_, config_);
      if (auto st = poller_->AddFeeds(); !st) throw std::runtime_error(st.error().message);
    }
    api_ = std::make_unique<HttpApi>(ioc_, workers_, config_, *engine_, poller_.get(), nullptr);
    if (auto st = api_->Start(); !st) throw std::runtime_error(st.error().message);
    if (poller_) poller_->Start();
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~ApiHarness() {
    std::promise<void> stopped;
    boost::asio::post(ioc_, [&] {
      if (poller_) poller_->Stop();
      api_->Stop();
      stopped.set_value();
    });
    stopped.get_future().wait();
    (void)engine_->Flush();
    guard_.reset();
    // Closed connections and streams finish by themselves; only the fetcher's
    // idle connections may keep the loop alive.
    WaitFor([this] { return ioc_.stopped(); }, std::chrono::seconds(2));
    ioc_.stop();
    thread_.join();
    workers_.join();
    // A poll parsed on the pool may have submitted its batch after the first
    // Flush: commit it while the io_context its listeners post to still exists.
    (void)engine_->Flush();
    api_.reset();
    poller_.reset();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(api_->port()) + path;
  }
  std::uint16_t port() const { return api_->port(); }

  // Ingests a feed document through the real Engine and waits for the commit.
  FeedOutcome Ingest(const std::string& feed, const std::string& body) {
    std::promise<Result<FeedOutcome>> p;
    FeedState st;
    st.feed = feed;
    engine_->ProcessFeed(feed, st, body, "application/rss+xml", "https://example.com/",
                         [&p](Result<FeedOutcome> o) { p.set_value(std::move(o)); });
    auto o = p.get_future().get();
    if (!o) throw std::runtime_error(o.error().message);
    return *o;
  }

  // Every stored article id, oldest first.
  std::vector<std::int64_t> StoredIds() {
    std::vector<std::int64_t> ids;
    auto r = StoreReader::Open(config_.daemon.state_dir + "/newsd.db");
    if (!r) return ids;
    (void)(*r)->Export({}, [&](const Article& a) {
      ids.push_back(a.id);
      return OkStatus();
    });
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  DaemonMetrics& metrics() { return api_->metrics(); }
  Engine& engine() { return *engine_; }
  boost::asio::thread_pool& workers() { return workers_; }
  const Config& config() const { return config_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  Config config_;
  std::unique_ptr<Engine> engine_;
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ =
      boost::asio::make_work_guard(ioc_);
  boost::asio::thread_pool workers_{2};
  std::unique_ptr<Poller> poller_;
  std::unique_ptr<HttpApi> api_;
  std::thread thread_;
};

// A feed document from examples/feeds/.
inline std::string ExampleFeed(const std::string& name) {
  return ReadFile(std::string(NEWSD_SOURCE_DIR) + "/examples/feeds/" + name);
}

}  // namespace newsd::testing
