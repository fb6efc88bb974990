#include "daemon/page_fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/config.h"
#include "daemon/engine.h"
#include "daemon/scheduler.h"
#include "extract/charset.h"
#include "extract/fetch_policy.h"
#include "feeds/fetcher.h"

namespace newsd {

namespace asio = boost::asio;

namespace {

// The address bytes of `a` (4 or 16) and its family; IPv4-mapped IPv6 is
// reduced to IPv4 so "10.0.0.0/8" also covers "::ffff:10.1.2.3".
int AddressBytes(const sockaddr* a, unsigned char out[16]) {
  if (a->sa_family == AF_INET) {
    std::memcpy(out, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, 4);
    return AF_INET;
  }
  if (a->sa_family == AF_INET6) {
    const unsigned char* b = reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr.s6_addr;
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(b, kMapped, 12) == 0) {
      std::memcpy(out, b + 12, 4);
      return AF_INET;
    }
    std::memcpy(out, b, 16);
    return AF_INET6;
  }
  return 0;
}

bool PrefixEqual(const unsigned char* a, const unsigned char* b, int bits) {
  const int whole = bits / 8;
  if (std::memcmp(a, b, static_cast<std::size_t>(whole)) != 0) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const unsigned mask = (0xffu << (8 - rest)) & 0xffu;
  return (a[whole] & mask) == (b[whole] & mask);
}

bool LooksLikeHtml(const std::string& content_type, const std::string& body) {
  std::string ct = content_type.substr(0, content_type.find(';'));
  ct.erase(std::remove_if(ct.begin(), ct.end(), ::isspace), ct.end());
  std::transform(ct.begin(), ct.end(), ct.begin(), ::tolower);
  if (ct == "text/html" || ct == "application/xhtml+xml") return true;
  if (!ct.empty() && ct != "application/octet-stream" && ct != "text/plain") return false;
  // No useful type: sniff the start, as browsers do.
  std::string head = body.substr(0, 1024);
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);
  const std::size_t lt = head.find('<');
  if (lt == std::string::npos) return false;
  return head.compare(lt, 14, "<!doctype html") == 0 || head.compare(lt, 5, "<html") == 0 ||
         head.compare(lt, 5, "<head") == 0;
}

// The charset parameter of a Content-Type, lower-cased ("" when none).
std::string CharsetParam(const std::string& content_type) {
  std::string ct = content_type;
  std::transform(ct.begin(), ct.end(), ct.begin(), ::tolower);
  std::size_t pos = ct.find("charset=");
  if (pos == std::string::npos) return "";
  pos += 8;
  std::string cs = ct.substr(pos, ct.find(';', pos) - pos);
  cs.erase(std::remove_if(cs.begin(), cs.end(),
                          [](char c) { return c == '"' || c == '\'' || ::isspace(c); }),
           cs.end());
  return cs;
}

}  // namespace

bool IpNetwork::Contains(const sockaddr* address) const {
  unsigned char b[16];
  const int fam = AddressBytes(address, b);
  return fam == family && PrefixEqual(b, bytes, prefix);
}

Result<IpNetwork> ParseIpNetwork(std::string_view text) {
  std::string s(text);
  int prefix = -1;
  if (const std::size_t slash = s.find('/'); slash != std::string::npos) {
    const std::string p = s.substr(slash + 1);
    if (p.empty() || p.size() > 3 || !std::all_of(p.begin(), p.end(), ::isdigit)) {
      return Fail(ErrorKind::kInvalidArgument, "\"" + s + "\": bad prefix length");
    }
    prefix = std::stoi(p);
    s.resize(slash);
  }
  IpNetwork n;
  int max = 0;
  if (inet_pton(AF_INET, s.c_str(), n.bytes) == 1) {
    n.family = AF_INET;
    max = 32;
  } else if (inet_pton(AF_INET6, s.c_str(), n.bytes) == 1) {
    n.family = AF_INET6;
    max = 128;
  } else {
    return Fail(ErrorKind::kInvalidArgument,
                "\"" + std::string(text) +
                    "\" is not an IP network (use an address or CIDR, e.g. \"10.0.0.0/8\")");
  }
  if (prefix > max) {
    return Fail(ErrorKind::kInvalidArgument, "\"" + std::string(text) + "\": prefix longer than " +
                                                 std::to_string(max) + " bits");
  }
  n.prefix = prefix < 0 ? max : prefix;
  // Host bits set ("10.1.2.3/8") is most likely a typo: say so.
  for (int bit = n.prefix; bit < max; ++bit) {
    if (n.bytes[bit / 8] & (0x80 >> (bit % 8))) {
      return Fail(ErrorKind::kInvalidArgument, "\"" + std::string(text) +
                                                   "\" has bits set beyond its /" +
                                                   std::to_string(n.prefix) + " prefix");
    }
  }
  return n;
}

PageAddressPolicy::PageAddressPolicy(const FetchSection& fetch)
    : allow_private_(fetch.allow_private) {
  for (const auto& text : fetch.allow_networks) {
    if (auto n = ParseIpNetwork(text)) networks_.push_back(*n);
  }
}

bool PageAddressPolicy::Allowed(const sockaddr* address) const {
  if (allow_private_) return true;
  for (const auto& n : networks_) {
    if (n.Contains(address)) return true;
  }
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof text);
  } else {
    return false;  // not an IP address
  }
  return !IsInternalHost(text);
}

PageVerdict JudgePage(const FetchResponse& r, FetchedPage& page) {
  page = FetchedPage{};
  if (r.error == FetchErrc::kAddressRefused) return {"refused", r.error_message};
  if (r.error == FetchErrc::kBodyTooLarge) return {"failed", r.error_message};
  if (r.error) {
    page.retry = true;  // timeouts, resets, DNS: may pass
    return {"failed", r.error_message.empty() ? r.error.message() : r.error_message};
  }
  if (r.status < 200 || r.status > 299) {
    page.retry = r.status >= 500 || r.status == 408 || r.status == 429;
    return {"failed", "HTTP " + std::to_string(r.status)};
  }
  if (!LooksLikeHtml(r.content_type, r.body)) {
    return {"failed", "not an HTML page (Content-Type \"" + r.content_type + "\")"};
  }
  page.ok = true;
  // The HTTP charset wins over the page's own <meta> (HTML5): decode here and
  // say so first, since the page stage reads the first declaration it finds.
  if (const std::string cs = CharsetParam(r.content_type); !cs.empty()) {
    page.html = "<meta charset=\"utf-8\">" + ToUtf8(r.body, cs);
  } else {
    page.html = r.body;
  }
  return {"fetched", ""};
}

struct PageFetcher::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io, Fetcher& f, Scheduler& s, const FetchSection& fetch,
       PageFetchCounters& c)
      : ioc(io),
        fetcher(f),
        scheduler(s),
        policy(std::make_shared<PageAddressPolicy>(fetch)),
        concurrency(std::max(1, fetch.page_concurrency)),
        counters(c) {}

  struct Batch {
    std::string feed;
    std::vector<std::string> links;
    std::vector<FetchedPage> pages;
    std::size_t next = 0;     // next link to start
    int active = 0;           // waiting for a host slot or fetching
    std::size_t settled = 0;  // links finished (fetched, failed, skipped)
    std::function<void(std::vector<FetchedPage>)> done;
  };

  void Pump(const std::shared_ptr<Batch>& b) {
    while (b->active < concurrency && b->next < b->links.size()) {
      const std::size_t i = b->next++;
      const std::string& url = b->links[i];
      if (url.empty()) {
        ++b->settled;
        continue;
      }
      // Only http(s) from feed content; addresses are checked at connect time.
      if (auto st = CheckArticleFetchAllowed(url, /*allow_private=*/true); !st) {
        counters.refused++;
        spdlog::warn("feed {}: page {} refused: {}; keeping the feed's text", b->feed, url,
                     st.error().message);
        ++b->settled;
        continue;
      }
      ++b->active;
      scheduler.AcquireHostSlot(url, [weak = weak_from_this(), b, i] {
        if (auto self = weak.lock()) self->Start(b, i);
      });
    }
    if (b->settled == b->links.size() && b->done) {
      auto done = std::move(b->done);
      b->done = nullptr;
      done(std::move(b->pages));
    }
  }

  void Start(const std::shared_ptr<Batch>& b, std::size_t i) {
    FetchRequest req;
    req.url = b->links[i];
    auto policy_copy = policy;
    req.allow_address = [policy_copy](const sockaddr* a) { return policy_copy->Allowed(a); };
    fetcher.Fetch(std::move(req), [weak = weak_from_this(), b, i](FetchResponse r) {
      if (auto self = weak.lock()) self->Finished(b, i, std::move(r));
    });
  }

  void Finished(const std::shared_ptr<Batch>& b, std::size_t i, FetchResponse r) {
    const std::string& url = b->links[i];
    scheduler.ReleaseHostSlot(url);
    const PageVerdict v = JudgePage(r, b->pages[i]);
    if (v.outcome == "fetched") {
      counters.fetched++;
      spdlog::debug("feed {}: page {} fetched ({} bytes)", b->feed, url, r.body.size());
    } else {
      (v.outcome == "refused" ? counters.refused : counters.failed)++;
      spdlog::warn("feed {}: page {} {}: {}; keeping the feed's text{}", b->feed, url, v.outcome,
                   v.reason, b->pages[i].retry ? " (retried at the next poll)" : "");
    }
    --b->active;
    ++b->settled;
    Pump(b);
  }

  asio::io_context& ioc;
  Fetcher& fetcher;
  Scheduler& scheduler;
  std::shared_ptr<const PageAddressPolicy> policy;
  int concurrency;
  PageFetchCounters& counters;
};

PageFetcher::PageFetcher(asio::io_context& ioc, Fetcher& fetcher, Scheduler& scheduler,
                         const FetchSection& fetch, PageFetchCounters& counters)
    : impl_(std::make_shared<Impl>(ioc, fetcher, scheduler, fetch, counters)) {}

PageFetcher::~PageFetcher() = default;

void PageFetcher::FetchAll(const std::string& feed_id, std::vector<std::string> links,
                           std::function<void(std::vector<FetchedPage>)> done) {
  auto b = std::make_shared<Impl::Batch>();
  b->feed = feed_id;
  b->pages.resize(links.size());
  b->links = std::move(links);
  // Never inline: the caller may still be setting up.
  b->done = [&ioc = impl_->ioc, weak = std::weak_ptr<Impl>(impl_),
             done = std::move(done)](std::vector<FetchedPage> pages) {
    asio::post(ioc, [weak, done, pages = std::move(pages)]() mutable {
      if (weak.lock()) done(std::move(pages));
    });
  };
  impl_->Pump(b);
}

}  // namespace newsd
