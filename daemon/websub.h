// WebSub subscriber (W3C WebSub): when a polled feed advertises a hub, newsd
// subscribes to it with the callback `[http] public_url` + "/websub/{feed}",
// answers the hub's verification of intent, accepts content pushes signed
// with the subscription's secret (X-Hub-Signature: sha1/sha256/sha512 HMAC,
// compared in constant time) and feeds them through the Engine like a poll.
// Subscriptions are renewed before their lease ends and survive restarts in
// <state_dir>/websub.json (written atomically). Polling continues as a
// fallback.
//
//   GET  /websub/{feed}?hub.mode=subscribe&hub.topic=T&hub.challenge=C&...
//        200 with C only for a subscription newsd asked for (pending or
//        active) with that topic and mode; 404 otherwise.
//   POST /websub/{feed}  202 when the signature matches (body committed as
//        a poll of the feed), 403 on a missing or bad signature, 404 for no
//        subscription.
//
// Thread rules: construct, Start, OnHubSeen, Subscribe and Stop on the io
// thread. Hub requests run on the worker pool.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/steady_timer.hpp>

#include "core/result.h"
#include "core/time.h"

namespace newsd {

struct ApiDeps;
class HttpServer;

struct WebSubSubscription {
  std::string feed;
  std::string hub;
  std::string topic;
  std::string secret;
  std::string state;  // "pending" | "active" | "denied"
  std::optional<TimePoint> requested;
  std::optional<TimePoint> lease_until;
};

class WebSub : public std::enable_shared_from_this<WebSub> {
 public:
  explicit WebSub(ApiDeps& deps);
  ~WebSub();

  // Loads saved subscriptions, registers the /websub/ routes on `server`
  // and starts the renewal timer. Fails on an unwritable state file.
  Status Start(HttpServer& server);
  void Stop();

  // A poll of `feed` found `hub` (and rel=self `self`, "" if none):
  // subscribes unless an active or pending subscription to it exists.
  void OnHubSeen(const std::string& feed, const std::string& hub, const std::string& self);
  // Sends a subscribe request now (new secret), marking it pending.
  void Subscribe(const std::string& feed, const std::string& hub, const std::string& topic);

  // The saved subscription of a feed (tests, /v1/feeds).
  std::optional<WebSubSubscription> Get(const std::string& feed) const;

 private:
  struct Routes;
  void Save();
  void Load();
  void ScheduleRenewal();

  ApiDeps& deps_;
  std::string path_;
  std::map<std::string, WebSubSubscription> subs_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
  bool stopped_ = false;
};

// "sha256=<hex>" checked against HMAC(secret, body); false for unknown
// algorithms and malformed values. Constant-time in the digest comparison.
bool VerifyHubSignature(const std::string& header, const std::string& secret,
                        const std::string& body);

}  // namespace newsd
