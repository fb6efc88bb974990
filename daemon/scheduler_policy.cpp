#include "daemon/scheduler_policy.h"

#include <algorithm>

#include "feeds/fetcher.h"
#include "feeds/http_headers.h"

namespace newsd {

Seconds BackoffDelay(Seconds interval, int consecutive_errors, Seconds max_backoff) {
  const Seconds cap = std::max(max_backoff, interval);
  Seconds d = interval;
  for (int i = 1; i < consecutive_errors && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

TimePoint ComputeNextPoll(const NextPollInputs& in, const ScheduleSection& s) {
  Seconds base = in.interval;
  if (in.adaptive) base = *in.adaptive;
  if (in.error) {
    base = BackoffDelay(in.interval, std::max(1, in.consecutive_errors), s.max_backoff);
  } else {
    if (in.feed_ttl) base = std::max(base, *in.feed_ttl);
    if (in.max_age) base = std::max(base, *in.max_age);
    base = std::min(base, std::max(s.max_interval, in.interval));
  }
  const double draw = std::clamp(in.jitter_draw, -1.0, 1.0);
  Seconds d(static_cast<Seconds::rep>(static_cast<double>(base.count()) * (1.0 + s.jitter * draw)));
  d = std::max(d, Seconds(1));
  if (in.retry_after) d = std::max(d, *in.retry_after);
  return in.now + d;
}

std::optional<Seconds> AdaptiveInterval(std::vector<TimePoint> dates, const ScheduleSection& s) {
  std::sort(dates.begin(), dates.end(), std::greater<>());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  if (dates.size() > 20) dates.resize(20);
  if (dates.size() < 3) return std::nullopt;
  std::vector<Seconds> gaps;
  for (std::size_t i = 1; i < dates.size(); ++i) gaps.push_back(dates[i - 1] - dates[i]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return std::clamp(gaps[gaps.size() / 2], s.min_interval, s.max_interval);
}

PollDecision DecidePoll(const FeedState& prev, const FetchResponse& r, TimePoint now,
                        Seconds interval, double jitter_draw, const ScheduleSection& s) {
  PollDecision d;
  d.state = prev;
  FeedState& st = d.state;
  st.last_poll = now;
  st.last_status = r.error ? 0 : r.status;
  d.inputs.now = now;
  d.inputs.interval = interval;
  d.inputs.jitter_draw = jitter_draw;
  if (!r.retry_after.empty()) d.inputs.retry_after = ParseRetryAfter(r.retry_after, now);

  d.success = !r.error && ((r.status >= 200 && r.status < 300) || r.status == 304);
  if (d.success) {
    d.modified = r.status != 304;
    st.consecutive_errors = 0;
    st.last_error.clear();
    st.last_success = now;
    if (d.modified) {
      st.etag = r.etag;
      st.last_modified = r.last_modified;
    } else {
      if (!r.etag.empty()) st.etag = r.etag;
      if (!r.last_modified.empty()) st.last_modified = r.last_modified;
    }
    const std::string moved = r.permanent_url();
    if (!moved.empty() && moved != st.url) {
      st.url = moved;
      d.url_changed = true;
    }
    d.inputs.max_age = ParseMaxAge(r.cache_control);
    st.next_poll = ComputeNextPoll(d.inputs, s);
    return d;
  }
  if (!r.error && r.status == 410) {
    st.retired = true;
    st.last_error = "410 Gone: the feed is retired";
    st.next_poll.reset();
    d.retired_now = !prev.retired;
    return d;
  }
  ++st.consecutive_errors;
  if (r.error) {
    st.last_error = r.error_message.empty() ? r.error.message() : r.error_message;
  } else {
    st.last_error = "HTTP " + std::to_string(r.status);
  }
  if (r.error || (r.status != 429 && r.status != 503)) d.inputs.retry_after.reset();
  d.inputs.error = true;
  d.inputs.consecutive_errors = st.consecutive_errors;
  st.next_poll = ComputeNextPoll(d.inputs, s);
  return d;
}

void ApplyFeedHints(PollDecision& d, std::optional<Seconds> feed_ttl,
                    const std::vector<TimePoint>& item_dates, const ScheduleSection& s) {
  if (!d.success || d.state.retired) return;
  d.inputs.feed_ttl = feed_ttl;
  if (s.adaptive) d.inputs.adaptive = AdaptiveInterval(item_dates, s);
  d.state.next_poll = ComputeNextPoll(d.inputs, s);
}

}  // namespace newsd
