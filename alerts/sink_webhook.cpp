// The webhook sink: JSON POST with an HMAC signature (see sink.h, docs/WATCH.md).
#include "alerts/sink_types.h"

#include <cstdlib>

#include "alerts/curl_easy.h"
#include "alerts/message.h"
#include "core/hash.h"

namespace newsd::alerts {
namespace {

std::size_t Collect(char* p, std::size_t size, std::size_t n, void* ud) {
  auto* s = static_cast<std::string*>(ud);
  if (s->size() < 4096) s->append(p, std::min(size * n, 4096 - s->size()));
  return size * n;
}

struct HeaderState {
  std::optional<std::chrono::seconds> retry_after;
};

std::size_t OnHeader(char* p, std::size_t size, std::size_t n, void* ud) {
  std::string_view line(p, size * n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kName) {
      std::string v(line.substr(kName.size()));
      v.erase(0, v.find_first_not_of(" \t"));
      v.erase(v.find_last_not_of(" \t\r\n") + 1);
      auto* st = static_cast<HeaderState*>(ud);
      if (!v.empty() && std::all_of(v.begin(), v.end(), ::isdigit)) {
        st->retry_after = std::chrono::seconds(std::strtoll(v.c_str(), nullptr, 10));
      } else if (time_t when = curl_getdate(v.c_str(), nullptr); when > 0) {
        const time_t now = std::time(nullptr);
        st->retry_after = std::chrono::seconds(when > now ? when - now : 0);
      }
    }
  }
  return size * n;
}

class WebhookSink final : public Sink {
 public:
  using Sink::Sink;

  DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) override {
    const SinkSpec& s = spec();
    std::string body = s.body_template.empty() ? JsonBody(alerts, s.brief)
                                               : RenderTemplate(s.body_template, alerts);
    CurlEasy curl(curl_easy_init());
    if (!curl) return DeliveryResult::Retry("curl_easy_init failed");
    CurlSlist headers;
    SlistAppend(headers, "Content-Type: application/json");
    SlistAppend(headers, "Expect:");
    if (!s.secret.empty()) {
      SlistAppend(headers, ("X-Newsd-Signature: sha256=" + HmacSha256Hex(s.secret, body)).c_str());
    }
    if (alerts.size() == 1)
      SlistAppend(headers, ("X-Newsd-Alert-Id: " + alerts[0]->alert_id).c_str());
    std::string response;
    HeaderState hs;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "newsd");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count() * 1000));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hs);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
      return DeliveryResult::Retry("webhook " + s.id + ": " + curl_easy_strerror(rc));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    const std::string what = "webhook " + s.id + ": HTTP " + std::to_string(status) +
                             (response.empty() ? "" : ": " + response.substr(0, 300));
    if (status >= 200 && status < 300) return DeliveryResult::Done();
    if (status == 429) return DeliveryResult::Retry(what, hs.retry_after);
    if (status == 408 || status >= 500) return DeliveryResult::Retry(what, hs.retry_after);
    return DeliveryResult::Dead(what);
  }
};

}  // namespace

std::unique_ptr<Sink> MakeWebhookSink(const SinkSpec& spec) {
  return std::make_unique<WebhookSink>(spec);
}

}  // namespace newsd::alerts
