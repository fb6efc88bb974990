// Scheduler: host slots for full-text page fetches (daemon/page_fetch.h).
// Page fetches share the feeds' politeness limits; see Scheduler::AcquireHostSlot.
#include <boost/asio/post.hpp>

#include "daemon/scheduler_impl.h"

namespace newsd {

namespace asio = boost::asio;
using scheduler_detail::HostKey;

void Scheduler::Impl::AcquireHostSlot(const std::string& url, std::function<void()> start) {
  pages_.push_back({HostKey(url), std::move(start)});
  StartReady();
  Arm();
}

void Scheduler::Impl::ReleaseHostSlot(const std::string& url) {
  --hosts_[HostKey(url)].in_flight;
  --fetching_;
  StartReady();
  Arm();
}

// Grants waiting page fetches their host slots, in FIFO order per host. Pages
// do not count bodies being parsed: those polls are the ones waiting for them.
void Scheduler::Impl::StartPages(SteadyTime now) {
  std::deque<PageWaiter> still;
  while (!pages_.empty()) {
    PageWaiter w = std::move(pages_.front());
    pages_.pop_front();
    Host& h = hosts_[w.host];
    const bool slots = fetching_ < f_.max_connections && h.in_flight < f_.max_per_host;
    const bool gap_ok = !h.last_start || now >= *h.last_start + f_.host_gap;
    if (!slots || !gap_ok) {
      if (slots && !gap_ok) {
        const SteadyTime ready_at = *h.last_start + f_.host_gap;
        if (!next_gap_ || ready_at < *next_gap_) next_gap_ = ready_at;
      }
      still.push_back(std::move(w));
      continue;
    }
    h.last_start = now;
    ++h.in_flight;
    ++fetching_;
    asio::post(ioc_, std::move(w.start));
  }
  pages_ = std::move(still);
}

}  // namespace newsd
