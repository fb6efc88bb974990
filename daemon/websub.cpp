#include "daemon/websub.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/json.hpp>

#include "core/hash.h"
#include "core/json.h"
#include "daemon/api_context.h"
#include "daemon/engine.h"
#include "daemon/http_server.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "daemon/scheduler.h"
#include "storage/reader.h"

namespace newsd {

namespace asio = boost::asio;
namespace json = boost::json;

bool VerifyHubSignature(const std::string& header, const std::string& secret,
                        const std::string& body) {
  const auto eq = header.find('=');
  if (eq == std::string::npos) return false;
  const std::string algo = header.substr(0, eq);
  std::string given = header.substr(eq + 1);
  const EVP_MD* md = algo == "sha1"     ? EVP_sha1()
                     : algo == "sha256" ? EVP_sha256()
                     : algo == "sha512" ? EVP_sha512()
                                        : nullptr;
  if (!md) return false;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(md, secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len)) {
    return false;
  }
  static const char* kHex = "0123456789abcdef";
  std::string want;
  for (unsigned i = 0; i < len; ++i) {
    want += kHex[mac[i] >> 4];
    want += kHex[mac[i] & 15];
  }
  for (char& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ConstantTimeEquals(given, want);
}

namespace {

std::string NewSecret() {
  unsigned char b[24];
  RAND_bytes(b, sizeof b);
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return s;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

std::string FormEncode(CURL* c, const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out;
  for (const auto& [k, v] : kv) {
    if (!out.empty()) out += '&';
    char* ek = curl_easy_escape(c, k.data(), static_cast<int>(k.size()));
    char* ev = curl_easy_escape(c, v.data(), static_cast<int>(v.size()));
    out += ek;
    out += '=';
    out += ev;
    curl_free(ek);
    curl_free(ev);
  }
  return out;
}

// POSTs a subscription request to `hub` (blocking; worker pool). Returns the
// HTTP status or an error message.
Result<long> PostToHub(const std::string& hub, const std::string& form, long timeout_s) {
  std::unique_ptr<CURL, CurlDeleter> c(curl_easy_init());
  if (!c) return Fail(ErrorKind::kInternal, "curl_easy_init failed");
  curl_easy_setopt(c.get(), CURLOPT_URL, hub.c_str());
  curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(c.get(), CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(c.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c.get(), CURLOPT_USERAGENT, "newsd (WebSub subscriber)");
  curl_easy_setopt(
      c.get(), CURLOPT_WRITEFUNCTION,
      +[](char*, size_t size, size_t n, void*) -> size_t { return size * n; });
  const CURLcode rc = curl_easy_perform(c.get());
  if (rc != CURLE_OK) return Fail(ErrorKind::kIo, hub + ": " + curl_easy_strerror(rc));
  long status = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
  return status;
}

json::object ToJson(const WebSubSubscription& s) {
  json::object o{{"feed", s.feed},
                 {"hub", s.hub},
                 {"topic", s.topic},
                 {"secret", s.secret},
                 {"state", s.state}};
  o["requested"] = TimeOrNull(s.requested);
  o["lease_until"] = TimeOrNull(s.lease_until);
  return o;
}

std::optional<TimePoint> TimeField(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  if (!v || !v->is_string()) return std::nullopt;
  return ParseRfc3339(std::string(v->as_string()));
}

std::string StrField(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

WebSub::WebSub(ApiDeps& deps)
    : deps_(deps), path_(deps.config->daemon.state_dir + "/websub.json") {}

WebSub::~WebSub() = default;

void WebSub::Load() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return;
  std::ostringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(ss.str(), ec);
  if (ec || !v.is_object() || !v.as_object().contains("subscriptions")) {
    spdlog::warn("{}: unreadable ({}), starting without WebSub subscriptions", path_,
                 ec ? ec.message() : "not a subscription file");
    return;
  }
  for (const auto& e : v.at("subscriptions").as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    WebSubSubscription s{StrField(o, "feed"),        StrField(o, "hub"),
                         StrField(o, "topic"),       StrField(o, "secret"),
                         StrField(o, "state"),       TimeField(o, "requested"),
                         TimeField(o, "lease_until")};
    if (!s.feed.empty()) subs_[s.feed] = std::move(s);
  }
}

void WebSub::Save() {
  json::array arr;
  std::int64_t active = 0;
  for (const auto& [id, s] : subs_) {
    arr.push_back(ToJson(s));
    if (s.state == "active") ++active;
  }
  if (deps_.metrics) deps_.metrics->websub_subscribed = active;
  // Feeds with a live subscription are polled only as a fallback.
  if (deps_.poller) {
    const TimePoint now = SystemClock::Instance().Now();
    for (const auto& [id, s] : subs_) {
      deps_.poller->SetPushed(id, s.state == "active" && s.lease_until && *s.lease_until > now);
    }
  }
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ToJsonLine(json::object{{"subscriptions", std::move(arr)}}) << "\n";
    out.flush();
    if (!out) {
      spdlog::error("{}: cannot write WebSub state", tmp);
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path_, ec);
  if (ec) spdlog::error("{}: {}", path_, ec.message());
}

std::optional<WebSubSubscription> WebSub::Get(const std::string& feed) const {
  auto it = subs_.find(feed);
  if (it == subs_.end()) return std::nullopt;
  return it->second;
}

void WebSub::OnHubSeen(const std::string& feed, const std::string& hub, const std::string& self) {
  if (stopped_) return;
  const FeedConfig* f = deps_.config->FindFeed(feed);
  if (!f) return;
  const std::string topic = self.empty() ? f->url : self;
  auto it = subs_.find(feed);
  if (it != subs_.end() && it->second.hub == hub && it->second.topic == topic) {
    const auto now = SystemClock::Instance().Now();
    if (it->second.state == "active" && it->second.lease_until && *it->second.lease_until > now) {
      return;
    }
    // A request that got no verification within an hour is sent again.
    if (it->second.state == "pending" && it->second.requested &&
        now - *it->second.requested < std::chrono::hours(1)) {
      return;
    }
  }
  Subscribe(feed, hub, topic);
}

void WebSub::Subscribe(const std::string& feed, const std::string& hub, const std::string& topic) {
  WebSubSubscription s;
  s.feed = feed;
  s.hub = hub;
  s.topic = topic;
  s.secret = NewSecret();
  s.state = "pending";
  s.requested = SystemClock::Instance().Now();
  auto old = subs_.find(feed);
  if (old != subs_.end() && old->second.state == "active") {
    // Renewal: keep the active one usable until the hub verifies the new one.
    s.lease_until = old->second.lease_until;
  }
  subs_[feed] = s;
  Save();
  const std::string callback = deps_.config->http.public_url + "/websub/" + feed;
  const long lease = static_cast<long>(deps_.config->http.websub_lease.count());
  spdlog::info("websub: subscribing feed {} at hub {} (topic {})", feed, hub, topic);
  asio::post(*deps_.workers, [hub, topic, callback, lease, secret = s.secret, feed] {
    std::unique_ptr<CURL, CurlDeleter> c(curl_easy_init());
    const std::string form = FormEncode(c.get(), {{"hub.mode", "subscribe"},
                                                  {"hub.topic", topic},
                                                  {"hub.callback", callback},
                                                  {"hub.secret", secret},
                                                  {"hub.lease_seconds", std::to_string(lease)}});
    auto r = PostToHub(hub, form, 30);
    if (!r) {
      spdlog::warn("websub: feed {}: {}", feed, r.error().message);
    } else if (*r < 200 || *r > 299) {
      spdlog::warn("websub: feed {}: hub {} answered {}", feed, hub, *r);
    }
  });
}

void WebSub::ScheduleRenewal() {
  if (stopped_) return;
  timer_->expires_after(std::chrono::minutes(10));
  timer_->async_wait([self = weak_from_this()](boost::system::error_code ec) {
    auto s = self.lock();
    if (ec || !s || s->stopped_) return;
    const auto now = SystemClock::Instance().Now();
    std::vector<WebSubSubscription> due;
    for (const auto& [id, sub] : s->subs_) {
      if (sub.state != "active" || !sub.lease_until) continue;
      // Renew when less than a tenth of the lease (at most a day) is left.
      const auto margin = std::min<std::chrono::seconds>(std::chrono::hours(24),
                                                         s->deps_.config->http.websub_lease / 10);
      if (*sub.lease_until - now < margin) due.push_back(sub);
    }
    for (const auto& sub : due) s->Subscribe(sub.feed, sub.hub, sub.topic);
    s->ScheduleRenewal();
  });
}

void WebSub::Stop() {
  stopped_ = true;
  if (timer_) timer_->cancel();
}

}  // namespace newsd
