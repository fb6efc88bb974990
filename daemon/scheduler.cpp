#include "daemon/scheduler.h"

#include <utility>

#include <boost/asio/io_context.hpp>

#include "daemon/scheduler_impl.h"

namespace newsd {

namespace asio = boost::asio;

Scheduler::Impl::Impl(asio::io_context& ioc, Fetcher& fetcher, const Clock& clock,
                      ScheduleSection schedule, FetchSection fetch, PollCallback cb, unsigned seed)
    : ioc_(ioc),
      fetcher_(fetcher),
      clock_(clock),
      s_(schedule),
      f_(fetch),
      cb_(std::move(cb)),
      rng_(seed),
      timer_(ioc) {}

void Scheduler::Impl::Shutdown() {
  dead_ = true;
  timer_.cancel();
}

void Scheduler::Impl::Start() {
  running_ = true;
  Tick();
}

void Scheduler::Impl::Stop() {
  running_ = false;
  stopped_ = true;
  timer_.cancel();
  if (!pages_.empty()) Arm();  // page fetches of polls in flight still get their slots
}

Status Scheduler::Impl::PollNow(const std::string& id) {
  auto it = feeds_.find(id);
  if (it == feeds_.end()) return Fail(ErrorKind::kNotFound, "no feed \"" + id + "\"");
  MakeReady(it->second);
  StartReady();
  Arm();
  return OkStatus();
}

void Scheduler::Impl::PollAllNow(std::function<void(const PollProgress&)> on_complete) {
  round_ = PollProgress{};
  round_cb_ = std::move(on_complete);
  for (auto& [id, e] : feeds_) {
    e.in_round = false;
    if (!Pollable(e)) continue;
    e.in_round = true;
    ++round_.total;
    if (!e.in_flight) MakeReady(e);  // one in flight counts when it completes
  }
  if (round_.total == 0) FinishRound();
  StartReady();
  Arm();
}

PollProgress Scheduler::Impl::progress() const {
  PollProgress p = round_;
  p.in_flight = in_flight_;
  return p;
}

std::optional<FeedState> Scheduler::Impl::state(const std::string& id) const {
  auto it = feeds_.find(id);
  if (it == feeds_.end()) return std::nullopt;
  return it->second.state;
}

std::vector<std::string> Scheduler::Impl::feed_ids() const {
  std::vector<std::string> out;
  for (const auto& [id, e] : feeds_) out.push_back(id);
  return out;
}

void Scheduler::Impl::Tick() {
  if (dead_) return;
  if (running_) {
    const TimePoint now = clock_.Now();
    while (!due_.empty() && due_.begin()->first <= now) {
      Entry& e = feeds_.at(due_.begin()->second);
      MakeReady(e);  // removes it from due_
    }
  }
  StartReady();
  Arm();
}

FetcherOptions MakeFetcherOptions(const FetchSection& f) {
  FetcherOptions o;
  o.user_agent = f.user_agent;
  o.ca_file = f.ca_file;
  o.max_connections = f.max_connections;
  o.max_per_host = f.max_per_host;
  o.limits.connect_timeout = f.connect_timeout;
  o.limits.timeout = f.timeout;
  o.limits.low_speed_limit = f.low_speed_limit;
  o.limits.low_speed_time = f.low_speed_time;
  o.limits.max_body = f.max_body;
  o.limits.max_redirects = f.max_redirects;
  return o;
}

Scheduler::Scheduler(asio::io_context& ioc, Fetcher& fetcher, const Clock& clock,
                     ScheduleSection schedule, FetchSection fetch, PollCallback on_result,
                     unsigned seed)
    : impl_(std::make_shared<Impl>(ioc, fetcher, clock, schedule, fetch, std::move(on_result),
                                   seed)) {}

Scheduler::~Scheduler() { impl_->Shutdown(); }

Status Scheduler::AddFeed(const FeedConfig& feed, std::optional<FeedState> state) {
  return impl_->AddFeed(feed, std::move(state));
}
Status Scheduler::RemoveFeed(const std::string& id) { return impl_->RemoveFeed(id); }
Status Scheduler::UpdateFeed(const FeedConfig& feed) { return impl_->UpdateFeed(feed); }
void Scheduler::Start() { impl_->Start(); }
void Scheduler::Stop() { impl_->Stop(); }
Status Scheduler::PollNow(const std::string& id) { return impl_->PollNow(id); }
Status Scheduler::Adopt(const std::string& id, FeedState state) {
  return impl_->Adopt(id, std::move(state));
}
void Scheduler::PollAllNow(std::function<void(const PollProgress&)> cb) {
  impl_->PollAllNow(std::move(cb));
}
PollProgress Scheduler::progress() const { return impl_->progress(); }
std::optional<FeedState> Scheduler::state(const std::string& id) const { return impl_->state(id); }
std::vector<std::string> Scheduler::feed_ids() const { return impl_->feed_ids(); }
void Scheduler::Tick() { impl_->Tick(); }
void Scheduler::AcquireHostSlot(const std::string& url, std::function<void()> start) {
  impl_->AcquireHostSlot(url, std::move(start));
}
void Scheduler::ReleaseHostSlot(const std::string& url) { impl_->ReleaseHostSlot(url); }

}  // namespace newsd
