// Fetcher: many concurrent HTTP(S)/file fetches on one Asio io_context.
//
// libcurl's multi_socket interface is driven by the caller's io_context: curl
// tells us which sockets to watch and when its timer expires; Asio waits and
// hands the events back. There is no thread per request and no blocking easy
// handle (file:// reads are the exception: libcurl reads the local file
// inline). The multi handle lives as long as the Fetcher, so keep-alive
// connections (HTTP/1.1) and HTTP/2 multiplexed connections are reused across
// polls. libcurl enforces the connection limits (FetcherOptions): transfers
// over the limit wait in libcurl's queue, so the per-host limit holds however
// many feeds share a host.
//
// Every request is a conditional GET when it carries an ETag/Last-Modified;
// responses are decompressed (gzip, deflate, br, zstd: whatever libcurl was
// built with) and the body limit counts decompressed bytes, so a gzip bomb is
// cut. Redirects are followed (up to max_redirects, http/https only) and each
// hop is reported so callers can tell a 301/308 from a 302/303/307.
//
// Thread rules: a Fetcher belongs to one io_context, which must be run by a
// single thread (or the Fetcher used only from one strand). Construct, call
// Fetch and destroy it on that thread. The io_context must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

#include "feeds/fetch_error.h"

struct sockaddr;

namespace boost::asio {
class io_context;
}

namespace newsd {

// Per-request limits. Defaults match daemon/config.h FetchSection.
struct FetchLimits {
  std::chrono::seconds connect_timeout{15};
  std::chrono::seconds timeout{60};         // whole transfer, redirects included
  std::int64_t low_speed_limit = 256;       // bytes/s ...
  std::chrono::seconds low_speed_time{30};  // ... below which for this long aborts
  std::int64_t max_body = 16 << 20;         // decompressed bytes; more is an error
  int max_redirects = 5;
};

struct FetcherOptions {
  std::string user_agent;    // "" = "newsd/<version>"
  std::string ca_file;       // extra CA bundle; "" = the system's
  int max_connections = 64;  // concurrent connections in total
  int max_per_host = 2;      // concurrent connections to one host:port
  FetchLimits limits;        // used by requests that do not set their own
};

struct FetchRequest {
  std::string url;            // http://, https:// or file://
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::vector<std::pair<std::string, std::string>> headers;  // extra, sent as is
  std::shared_ptr<const FetchLimits> limits;                 // null = FetcherOptions::limits
  // The peer-address guard (SSRF): called with every address the transfer
  // would connect to (each address a name resolves to, each redirect hop)
  // and with the peer of every connection a request is sent over (a reused
  // keep-alive connection too). Returning false refuses it: no connection is
  // opened to a refused address, no request is sent over a refused
  // connection, and the fetch fails with FetchErrc::kAddressRefused. With a
  // proxy the peer is the proxy. Null = every address (the operator's own
  // feed URLs). Runs on the io_context thread; must be quick and thread-safe.
  std::function<bool(const sockaddr* address)> allow_address;
};

// One response in a redirect chain.
struct RedirectHop {
  int status = 0;        // 301, 302, 303, 307 or 308
  std::string url;       // the URL that answered with `status`
  std::string location;  // its Location header, as sent
};

struct FetchResponse {
  // Empty on a complete response of any status (a 404 is not an error here).
  // Otherwise a CURLcode (CurlErrorCategory) or a FetchErrc; `error_message`
  // then holds libcurl's detailed text (e.g. "Operation timed out after ...").
  boost::system::error_code error;
  std::string error_message;

  int status = 0;                      // final HTTP status; 200 for a file:// read; 0 if none
  std::string url;                     // the URL finally fetched (after redirects)
  std::vector<RedirectHop> redirects;  // in order; empty when none

  // Headers of the final response, exactly as sent ("" when absent).
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string content_language;
  std::string content_encoding;
  std::string retry_after;
  std::string cache_control;
  std::vector<std::string> links;  // every Link header value, in order

  std::string body;                      // decompressed; on error, what arrived before it
  std::chrono::microseconds elapsed{0};  // total transfer time
  std::int64_t downloaded_bytes = 0;     // on the wire (before decompression)
  int http_version = 0;  // of the final response: 10, 11, 20, 30; 0 when none (file://, error)

  bool ok() const { return !error; }
  bool not_modified() const { return !error && status == 304; }
  // True when a 301 or 308 happened on the way: the permanent new location is
  // the URL that the last such hop pointed at.
  bool permanent_redirect() const;
  // The URL after the last permanent redirect, or "" if none (a 302 after a
  // 301 does not count: the 301's target is what should be stored).
  std::string permanent_url() const;
};

class Fetcher {
 public:
  // Completion: called exactly once per Fetch on the io_context's thread,
  // never inline from Fetch; not called if the Fetcher is destroyed first.
  using Handler = std::function<void(FetchResponse)>;

  Fetcher(boost::asio::io_context& ioc, FetcherOptions options);
  // Abandons transfers in flight: their handlers are destroyed uncalled.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts fetching `request.url`. Failures to start (bad URL, out of
  // memory) are reported through `handler` as well.
  void Fetch(FetchRequest request, Handler handler);

  // Transfers started and not yet completed (including those queued by the
  // connection limits).
  std::size_t in_flight() const;

  const FetcherOptions& options() const;

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

// The User-Agent used when FetcherOptions::user_agent is empty.
std::string DefaultUserAgent();

}  // namespace newsd
