// A real HTTP/1.1 server on 127.0.0.1 (port 0) standing in for a webhook
// receiver in tests. It can be down (connections refused), slow, or answer
// 500 / 429 (with Retry-After) / 400 on demand; it records every request.
//
// Thread rules: all public methods are thread-safe; the server runs on its
// own thread, started by the constructor and joined by the destructor.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace newsd::testing {

class WebhookReceiver {
 public:
  enum class Mode { kOk, kDown, kError500, kTooMany429, kBad400, kSlow };

  struct Request {
    std::string method, target, body;
    std::map<std::string, std::string> headers;        // names lower-cased
    int status = 0;                                    // what the receiver answered
    std::chrono::steady_clock::time_point received{};  // when the request was read
  };

  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  // "http://127.0.0.1:<port>/hook" (the port stays the same while down).
  std::string url() const;

  // kDown closes the listening socket; any other mode reopens it.
  // retry_after: the Retry-After seconds sent with 429; delay: for kSlow.
  void SetMode(Mode m, int retry_after_seconds = 1,
               std::chrono::milliseconds delay = std::chrono::milliseconds(0));

  std::vector<Request> requests() const;  // every request, in order
  std::vector<Request> accepted() const;  // those answered 2xx
  std::size_t hits() const;

 private:
  void Listen();
  void Serve();
  void Handle(int fd);

  mutable std::mutex mu_;
  Mode mode_ = Mode::kOk;               // guarded by mu_
  int retry_after_ = 1;                 // guarded by mu_
  std::chrono::milliseconds delay_{0};  // guarded by mu_
  std::vector<Request> requests_;       // guarded by mu_
  int listen_fd_ = -1;                  // guarded by mu_
  int port_ = 0;
  int wake_[2] = {-1, -1};
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace newsd::testing
