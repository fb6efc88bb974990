// NatsSink: publishes articles and alerts from the downstream outbox to NATS
// JetStream (libnats): each article as its export object (INTERFACES.md §2) on
// `<prefix>.articles.<feed>`, each alert as the alert object (§5) on
// `<prefix>.alerts.<watch>`, with the `Nats-Msg-Id` header set to a stable id
// (article: "<content_hash>:<revision>", alert: its id) so JetStream drops the
// repeats of an at-least-once delivery within the stream's duplicate window.
//
// Deliver publishes asynchronously and returns only after every message of
// the call was acknowledged by the stream (or fails, and the caller retries
// the whole batch). Optionally creates the stream (subjects
// `<prefix>.articles.>` and `<prefix>.alerts.>`, file storage).
//
// Thread rules: blocking; one thread at a time. Reconnects after a failure.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/downstream_outbox.h"

namespace newsd {

struct NatsSinkOptions {
  std::string id;  // sink id, for messages
  std::string url = "nats://127.0.0.1:4222";
  std::string stream = "NEWSD";  // JetStream stream name
  std::string subject_prefix = "newsd";
  bool create_stream = false;
  std::chrono::milliseconds timeout{10000};  // connect, and waiting for acks
};

// The subject token for a feed or watch id: '.', '*', '>' and white space
// become '_', "" becomes "_".
std::string NatsToken(const std::string& id);

// The Nats-Msg-Id of an outbox item.
std::string NatsMsgId(const DownstreamItem& item);

class NatsSink {
 public:
  explicit NatsSink(NatsSinkOptions opts);
  ~NatsSink();
  NatsSink(const NatsSink&) = delete;
  NatsSink& operator=(const NatsSink&) = delete;

  // Publishes every found item and waits for all acks. OkStatus = all stored
  // by the stream; Error = some may not be: retry the batch (ids dedupe).
  Status Deliver(const std::vector<DownstreamItem>& items);

 private:
  Status Connect();
  void Disconnect();
  NatsSinkOptions opts_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
