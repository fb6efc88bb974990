// Scheduler: feed-list changes (AddFeed, RemoveFeed, UpdateFeed, Adopt) and
// the per-host key. See daemon/scheduler.h for the contract.
#include <algorithm>

#include <spdlog/spdlog.h>
#include <boost/url/parse.hpp>

#include "daemon/scheduler_impl.h"

namespace newsd {

namespace scheduler_detail {

// "scheme://host:port", the unit of per-host limits and gaps.
std::string HostKey(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return url;
  std::string scheme(u->scheme());
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  std::string host(u->encoded_host());
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  std::string port(u->port());
  if (port.empty()) port = scheme == "https" ? "443" : scheme == "http" ? "80" : "";
  return scheme + "://" + host + ":" + port;
}

}  // namespace scheduler_detail

using scheduler_detail::HostKey;

Status Scheduler::Impl::AddFeed(const FeedConfig& feed, std::optional<FeedState> state) {
  if (auto it = feeds_.find(feed.id); it != feeds_.end() && it->second.removed) {
    it->second.removed = false;  // removed and re-added while in flight
    return UpdateFeed(feed);
  }
  if (feeds_.count(feed.id)) return Fail(ErrorKind::kInvalidArgument, "duplicate feed " + feed.id);
  Entry e;
  e.config = feed;
  e.state = state.value_or(FeedState{});
  e.state.feed = feed.id;
  if (e.state.url.empty()) e.state.url = feed.url;
  if (!e.state.config_url.empty() && e.state.config_url != feed.url) {
    // The user edited the feed's url since the stored one was recorded:
    // the config wins over a 301-updated URL, and the old validators go.
    spdlog::info("feed {}: url changed in the config from {} to {}; polling {} (was {})", feed.id,
                 e.state.config_url, feed.url, feed.url, e.state.url);
    e.state.url = feed.url;
    e.state.etag.clear();
    e.state.last_modified.clear();
    e.state.next_poll.reset();
    e.state.retired = false;  // a 410 was about the old URL
    e.state.consecutive_errors = 0;
  }
  e.state.config_url = feed.url;
  e.host = HostKey(e.state.url);
  e.interval = feed.interval.value_or(s_.default_interval);
  Entry& added = feeds_.emplace(feed.id, std::move(e)).first->second;
  if (Pollable(added)) {
    TimePoint when = added.state.next_poll.value_or(clock_.Now());
    if (!added.state.next_poll && s_.jitter > 0) {
      // New feeds: spread the first polls over the jitter window.
      const double spread = std::uniform_real_distribution<double>(0, s_.jitter)(rng_);
      when += Seconds(static_cast<Seconds::rep>(spread * added.interval.count()));
    }
    Schedule(added, when);
  }
  Arm();
  return OkStatus();
}

Status Scheduler::Impl::RemoveFeed(const std::string& id) {
  auto it = feeds_.find(id);
  if (it == feeds_.end() || it->second.removed)
    return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
  Entry& e = it->second;
  Unschedule(e);
  ready_.erase(std::remove(ready_.begin(), ready_.end(), id), ready_.end());
  e.waiting = false;
  if (e.in_round) {
    e.in_round = false;
    --round_.total;
    if (round_.done == round_.total) FinishRound();
  }
  if (e.in_flight) {
    e.removed = true;
  } else {
    feeds_.erase(it);
  }
  Arm();
  return OkStatus();
}

Status Scheduler::Impl::UpdateFeed(const FeedConfig& feed) {
  auto it = feeds_.find(feed.id);
  if (it == feeds_.end() || it->second.removed)
    return Fail(ErrorKind::kNotFound, "no feed \"" + feed.id + "\"");
  Entry& e = it->second;
  if (feed.url != e.config.url) {
    if (e.in_flight) {
      e.new_url = feed.url;
    } else {
      SetUrl(e, feed.url);
    }
  }
  e.config = feed;
  e.interval = feed.interval.value_or(s_.default_interval);
  if (!Pollable(e)) {
    Unschedule(e);
    ready_.erase(std::remove(ready_.begin(), ready_.end(), feed.id), ready_.end());
    e.waiting = false;
  } else if (!e.in_flight && !e.waiting) {
    const TimePoint now = clock_.Now();
    TimePoint when = e.due.value_or(now);
    if (e.state.last_poll) when = std::min(when, *e.state.last_poll + e.interval);
    Schedule(e, std::max(when, now));
  }
  Arm();
  return OkStatus();
}

Status Scheduler::Impl::Adopt(const std::string& id, FeedState state) {
  auto it = feeds_.find(id);
  if (it == feeds_.end()) return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
  Entry& e = it->second;
  if (e.in_flight) return Fail(ErrorKind::kResourceExhausted, "feed " + id + " is being polled");
  e.state = std::move(state);
  e.state.feed = id;
  if (e.state.url.empty()) e.state.url = e.config.url;
  e.host = HostKey(e.state.url);
  return OkStatus();
}

void Scheduler::Impl::SetUrl(Entry& e, const std::string& url) {
  e.state.url = url;
  e.state.etag.clear();
  e.state.last_modified.clear();
  e.state.retired = false;
  e.host = HostKey(url);
}

}  // namespace newsd
