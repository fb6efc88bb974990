// The email sink: one plain-text message per alert (or digest) through
// libcurl's SMTP (smtp:// with STARTTLS when offered — required when a user
// name is set — or smtps://).
#include <cstring>
#include <ctime>

#include "alerts/curl_easy.h"
#include "alerts/message.h"
#include "alerts/sink_types.h"

namespace newsd::alerts {
namespace {

// RFC 2047 "Q" encoded words for a header value with non-ASCII bytes.
std::string EncodeHeader(const std::string& v) {
  const bool ascii = std::all_of(v.begin(), v.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii) return v;
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?Q?" + word + "?=";
    word.clear();
  };
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto c = static_cast<unsigned char>(v[i]);
    // Start a new encoded word only at the start of a UTF-8 sequence.
    if (word.size() > 45 && (c & 0xC0) != 0x80) flush();
    if (std::isalnum(c) != 0 && c < 0x80) {
      word += static_cast<char>(c);
    } else if (c == ' ') {
      word += '_';
    } else {
      word += '=';
      word += kHex[c >> 4];
      word += kHex[c & 15];
    }
  }
  flush();
  return out;
}

std::string Rfc5322Date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string Crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t ReadUpload(char* buf, std::size_t size, std::size_t n, void* ud) {
  auto* u = static_cast<Upload*>(ud);
  const std::size_t len = std::min(size * n, u->data->size() - u->pos);
  std::memcpy(buf, u->data->data() + u->pos, len);
  u->pos += len;
  return len;
}

class EmailSink final : public Sink {
 public:
  using Sink::Sink;

  DeliveryResult Deliver(const std::vector<const OutboxRow*>& alerts) override {
    const SinkSpec& s = spec();
    EmailText text = FormatEmail(alerts);
    std::string to;
    for (const auto& r : s.to) to += (to.empty() ? "" : ", ") + r;
    std::string msg = "Date: " + Rfc5322Date() + "\r\nFrom: " + s.from + "\r\nTo: " + to +
                      "\r\nSubject: " + EncodeHeader(text.subject) + "\r\nMessage-ID: <" +
                      alerts[0]->alert_id + (alerts.size() > 1 ? ".digest" : "") +
                      "@newsd>\r\nMIME-Version: 1.0\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: 8bit\r\n";
    if (alerts.size() == 1) msg += "X-Newsd-Alert-Id: " + alerts[0]->alert_id + "\r\n";
    msg += "\r\n" + Crlf(text.body);
    CurlEasy curl(curl_easy_init());
    if (!curl) return DeliveryResult::Retry("curl_easy_init failed");
    CURL* c = curl.get();
    CurlSlist rcpts;
    for (const auto& r : s.to) SlistAppend(rcpts, r.c_str());
    Upload up{&msg};
    curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, s.from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count() * 1000));
    if (!s.username.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
      // Never send a password in the clear: STARTTLS is required.
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    } else {
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (rc == CURLE_OK) return DeliveryResult::Done();
    const std::string what = "email " + s.id + ": " + curl_easy_strerror(rc) +
                             (code != 0 ? " (SMTP " + std::to_string(code) + ")" : "");
    // 5xx replies are permanent (bad recipient, rejected); 4xx and
    // connection problems are worth another try.
    if ((code >= 500 && code < 600) || rc == CURLE_LOGIN_DENIED) return DeliveryResult::Dead(what);
    return DeliveryResult::Retry(what);
  }
};

}  // namespace

std::unique_ptr<Sink> MakeEmailSink(const SinkSpec& spec) {
  return std::make_unique<EmailSink>(spec);
}

}  // namespace newsd::alerts
