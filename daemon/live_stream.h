// LiveStream: GET /v1/stream, Server-Sent Events of new articles and alerts.
//
// Events are read from the store, not kept in memory: each client remembers
// the last article id it was sent and, when woken by a commit (Notify) or a
// heartbeat, reads the articles with a higher id (and their alerts) on the
// worker pool. So a client that reconnects with Last-Event-ID gets exactly
// what it missed, and ingestion never waits for a client.
//
//   For each new article N: one `event: alert` per alert on it (no id line),
//   then `id: N.T` + `event: article` (or a bare `id: N.T` when the filters
//   drop the article), so resuming after N never skips an alert of N. T is
//   the late-alert watermark: alerts committed later on articles already
//   sent (revisions with realert = "on_revision") are found by creation time
//   (from T, overlapping by a minute, each sent once per connection) and
//   sent as `id: N.T'` + `event: alert`. Resuming re-reads from T, so such
//   alerts of the last minute may repeat (same alert id), none is missed.
//   Filters (query): feed, lang, watch (alerts of that watch only; articles
//   are then not sent), types=articles|alerts.
//   Heartbeat: a ": heartbeat" comment every [http] stream_heartbeat.
//   Slow consumers: the socket send buffer is [http] stream_buffer bytes; a
//   client that does not take a chunk within [http] request_timeout is
//   dropped (newsd_stream_dropped_total).
//
// Thread rules: construct, Notify, Serve and Stop on the io thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "daemon/http_server.h"

namespace newsd {

struct ApiDeps;
class DaemonMetrics;

struct LiveStreamOptions {
  std::chrono::seconds heartbeat{15};
  std::chrono::seconds write_timeout{30};
  std::int64_t buffer_bytes = 1 << 20;
  int batch = 200;  // articles read per wake-up
};

class LiveStream {
 public:
  // `deps` must outlive the LiveStream; `metrics` is shared because a client
  // coroutine may be destroyed with the io_context, after the API.
  LiveStream(ApiDeps& deps, LiveStreamOptions options, std::shared_ptr<DaemonMetrics> metrics);
  ~LiveStream();
  LiveStream(const LiveStream&) = delete;
  LiveStream& operator=(const LiveStream&) = delete;

  // Something was committed: wake every waiting client.
  void Notify();
  // Serves one client until it disconnects, is dropped or Stop is called.
  boost::asio::awaitable<void> Serve(boost::beast::tcp_stream& stream, const HttpRequest& req,
                                     Target target);
  // Ends every client's stream.
  void Stop();

 private:
  ApiDeps& deps_;
  LiveStreamOptions options_;
  std::shared_ptr<DaemonMetrics> metrics_;
  std::uint64_t generation_ = 0;
  bool stopped_ = false;
  std::list<boost::asio::steady_timer*> waiting_;
};

}  // namespace newsd
