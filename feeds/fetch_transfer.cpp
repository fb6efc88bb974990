#include "feeds/fetch_transfer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "feeds/http_headers.h"

namespace newsd {

namespace {

bool IsFileUrl(const std::string& url) {
  if (url.size() < 7) return false;
  std::string scheme = url.substr(0, 7);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  return scheme == "file://";
}

bool HasCrLf(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

}  // namespace

boost::system::error_code Transfer::Setup(const FetchRequest& req, const FetchLimits& limits,
                                          const FetcherOptions& options) {
  easy.reset(curl_easy_init());
  if (!easy) return FetchErrc::kBadRequest;
  CURL* e = easy.get();
  response.url = req.url;
  max_body = limits.max_body;
  is_file = IsFileUrl(req.url);

  CURLcode rc = CURLE_OK;
  auto set = [&](CURLoption opt, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(e, opt, value);
  };
  set(CURLOPT_URL, req.url.c_str());
  set(CURLOPT_PRIVATE, static_cast<void*>(this));
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_ERRORBUFFER, error_buffer);
  set(CURLOPT_PROTOCOLS_STR, "http,https,file");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 1L);
  set(CURLOPT_MAXREDIRS, static_cast<long>(limits.max_redirects));
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  set(CURLOPT_USERAGENT, options.user_agent.c_str());
  set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits.connect_timeout.count() * 1000));
  set(CURLOPT_TIMEOUT_MS, static_cast<long>(limits.timeout.count() * 1000));
  set(CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(limits.low_speed_limit));
  set(CURLOPT_LOW_SPEED_TIME, static_cast<long>(limits.low_speed_time.count()));
  // No CURLOPT_PIPEWAIT: it makes every transfer to a host wait behind a first
  // connection whose server hangs before answering (seen in tests).
  // HTTP/2 over TLS where the server offers it (ALPN), HTTP/1.1 otherwise.
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) set(CURLOPT_CAINFO, options.ca_file.c_str());
  set(CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
  set(CURLOPT_HEADERDATA, static_cast<void*>(this));
  set(CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
  set(CURLOPT_WRITEDATA, static_cast<void*>(this));
  if (req.allow_address) {
    // The open-socket callback (fetcher.cpp) guards new connections; this
    // one also sees reused connections, before any request is sent.
    allow_address = req.allow_address;
    set(CURLOPT_PREREQFUNCTION, &Transfer::OnPreRequest);
    set(CURLOPT_PREREQDATA, static_cast<void*>(this));
  }
  if (rc != CURLE_OK) return MakeCurlError(rc);

  bool ok = true;
  if (!req.etag.empty() && !HasCrLf(req.etag)) {
    ok &= headers.Append(("If-None-Match: " + req.etag).c_str());
  }
  if (!req.last_modified.empty() && !HasCrLf(req.last_modified)) {
    ok &= headers.Append(("If-Modified-Since: " + req.last_modified).c_str());
  }
  for (const auto& [name, value] : req.headers) {
    if (name.empty() || HasCrLf(name) || HasCrLf(value) || name.find(':') != std::string::npos) {
      return FetchErrc::kBadRequest;
    }
    ok &= headers.Append((name + ": " + value).c_str());
  }
  if (!ok) return FetchErrc::kBadRequest;
  if (headers.get()) set(CURLOPT_HTTPHEADER, headers.get());
  if (rc != CURLE_OK) return MakeCurlError(rc);
  return {};
}

std::size_t Transfer::OnHeader(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<Transfer*>(user)->HeaderLine(std::string_view(data, size * n));
  return size * n;
}

void Transfer::HeaderLine(std::string_view line) {
  if (auto status = ParseStatusLine(line)) {
    // A new response begins: the previous one, if it was a redirect, is a hop.
    if (current_status >= 300 && current_status < 400) {
      response.redirects.back().status = current_status;
    } else if (!response.redirects.empty() && response.redirects.back().status == 0) {
      response.redirects.pop_back();
    }
    current_status = *status;
    FetchResponse fresh;
    fresh.redirects = std::move(response.redirects);
    fresh.body = std::move(response.body);
    response = std::move(fresh);
    const char* url = nullptr;
    curl_easy_getinfo(easy.get(), CURLINFO_EFFECTIVE_URL, &url);
    RedirectHop hop;
    hop.url = url ? url : "";
    response.redirects.push_back(std::move(hop));  // status set when it proves a hop
    return;
  }
  auto h = SplitHeaderLine(line);
  if (!h) return;
  if (h->name == "etag") {
    response.etag = h->value;
  } else if (h->name == "last-modified") {
    response.last_modified = h->value;
  } else if (h->name == "content-type") {
    response.content_type = h->value;
  } else if (h->name == "content-language") {
    response.content_language = h->value;
  } else if (h->name == "content-encoding") {
    response.content_encoding = h->value;
  } else if (h->name == "retry-after") {
    response.retry_after = h->value;
  } else if (h->name == "cache-control") {
    response.cache_control = h->value;
  } else if (h->name == "link") {
    response.links.push_back(h->value);
  } else if (h->name == "location" && !response.redirects.empty()) {
    response.redirects.back().location = h->value;
  }
}

std::size_t Transfer::OnBody(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  if (static_cast<std::int64_t>(t->response.body.size() + bytes) > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, bytes);
  return bytes;
}

bool Transfer::AddressAllowed(const sockaddr* addr) {
  if (!allow_address || allow_address(addr)) return true;
  if (refused_address.empty()) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (addr->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
    } else if (addr->sa_family == AF_INET6) {
      inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text,
                sizeof text);
    }
    refused_address = text;
  }
  return false;
}

int Transfer::OnPreRequest(void* user, char* primary_ip, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  sockaddr_storage ss{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (primary_ip && inet_pton(AF_INET, primary_ip, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else if (primary_ip && inet_pton(AF_INET6, primary_ip, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
  } else {
    // No IP peer (a Unix socket, an unparsable string): nothing to vouch for.
    t->refused_address = primary_ip ? primary_ip : "(unknown)";
    return CURL_PREREQFUNC_ABORT;
  }
  return t->AddressAllowed(reinterpret_cast<const sockaddr*>(&ss)) ? CURL_PREREQFUNC_OK
                                                                   : CURL_PREREQFUNC_ABORT;
}

void Transfer::Finish(CURLcode result) {
  CURL* e = easy.get();
  // The last entry in `redirects` is the final response, not a hop.
  if (!response.redirects.empty()) response.redirects.pop_back();
  std::erase_if(response.redirects, [](const RedirectHop& h) { return h.status == 0; });
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  const char* url = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) response.url = url;
  curl_off_t total_us = 0;
  curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
  response.elapsed = std::chrono::microseconds(total_us);
  curl_off_t downloaded = 0;
  curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
  response.downloaded_bytes = downloaded;
  long version = CURL_HTTP_VERSION_NONE;
  curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      response.http_version = 10;
      break;
    case CURL_HTTP_VERSION_1_1:
      response.http_version = 11;
      break;
    case CURL_HTTP_VERSION_2_0:
      response.http_version = 20;
      break;
    case CURL_HTTP_VERSION_3:
      response.http_version = 30;
      break;
    default:
      break;
  }
  if (!refused_address.empty() && result != CURLE_OK) {
    response.error = FetchErrc::kAddressRefused;
    response.error_message = "refused to connect to " + refused_address +
                             " (a private, loopback or otherwise internal address)";
  } else if (too_large) {
    response.error = FetchErrc::kBodyTooLarge;
    response.error_message =
        "body larger than " + std::to_string(max_body) + " bytes after decompression; transfer cut";
  } else if (result != CURLE_OK) {
    response.error = MakeCurlError(result);
    response.error_message = error_buffer[0] ? error_buffer : curl_easy_strerror(result);
  } else if (is_file && response.status == 0) {
    response.status = 200;
  }
}

}  // namespace newsd
