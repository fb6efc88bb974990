// Full-text feeds ([[feed]] full_text = true): fetching the article pages the
// new items of a poll link to, politely and without letting feed content
// steer the daemon into the internal network.
//
// PageAddressPolicy is the SSRF guard: a page URL comes from whoever writes
// the feed, so the address the fetcher actually connects to (after DNS, after
// every redirect, on a reused connection too) must be public unless the
// operator allowed it ([fetch] allow_private, allow_networks). The operator's
// own feed URLs are not restricted.
//
// PageFetcher fetches one poll's pages through the feeds' Fetcher, each after
// the Scheduler grants a slot for its host (so [fetch] max_per_host,
// max_connections and host_gap hold across feed and page fetches), at most
// [fetch] page_concurrency of one poll at once, with the same limits
// (timeouts, body size, redirects) as feeds.
//
// Thread rules: PageAddressPolicy is immutable and thread-safe. PageFetcher
// is used on the io_context thread only; `fetcher`, `scheduler` and
// `counters` must outlive it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sockaddr;

namespace boost::asio {
class io_context;
}

namespace newsd {

class Fetcher;
class Scheduler;
struct FetchSection;
struct FetchedPage;
struct FetchResponse;

// An IP network: "10.0.0.0/8", "fd00::/8"; a bare address is a /32 or /128.
struct IpNetwork {
  int family = 0;                // AF_INET or AF_INET6
  unsigned char bytes[16] = {};  // network address (first 4 bytes for IPv4)
  int prefix = 0;                // prefix length in bits
  bool Contains(const sockaddr* address) const;
};

// Parses CIDR notation. Fails with kInvalidArgument naming the problem
// (unparsable address, prefix out of range, host bits set).
Result<IpNetwork> ParseIpNetwork(std::string_view text);

class PageAddressPolicy {
 public:
  // From [fetch] allow_private and allow_networks (already validated by the
  // config reader; an invalid entry is skipped).
  explicit PageAddressPolicy(const FetchSection& fetch);

  // True when a page fetch may connect to `address`: a public address, or
  // any address under allow_private, or one inside allow_networks. Loopback,
  // RFC 1918, CGNAT, link-local (cloud metadata), unique-local, unspecified,
  // multicast and reserved addresses (extract/fetch_policy.h) are internal;
  // IPv4-mapped IPv6 counts as the IPv4 address.
  bool Allowed(const sockaddr* address) const;

 private:
  bool allow_private_ = false;
  std::vector<IpNetwork> networks_;
};

// How page fetches went (GET /metrics newsd_pages_total).
struct PageFetchCounters {
  std::atomic<long long> fetched{0};  // page used for the article text
  std::atomic<long long> failed{0};   // network error, HTTP error, too big, not HTML
  std::atomic<long long> refused{0};  // URL or address refused by the policy
};

// What happened to one page: `page` for the engine, `outcome` for counters
// ("fetched", "failed", "refused") and `reason` for the log. Pure.
struct PageVerdict {
  std::string outcome;
  std::string reason;  // "" when fetched
};
PageVerdict JudgePage(const FetchResponse& response, FetchedPage& page);

class PageFetcher {
 public:
  PageFetcher(boost::asio::io_context& ioc, Fetcher& fetcher, Scheduler& scheduler,
              const FetchSection& fetch, PageFetchCounters& counters);
  ~PageFetcher();
  PageFetcher(const PageFetcher&) = delete;
  PageFetcher& operator=(const PageFetcher&) = delete;

  // Fetches `links` (the new items of a poll of `feed_id`; "" = no link).
  // `done` runs once on the io thread (never inline) with one FetchedPage
  // per link, in order; a failed page is logged with the feed id and URL.
  // Not called if the PageFetcher is destroyed first.
  void FetchAll(const std::string& feed_id, std::vector<std::string> links,
                std::function<void(std::vector<FetchedPage>)> done);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace newsd
