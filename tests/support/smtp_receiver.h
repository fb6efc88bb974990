// A tiny real SMTP server on 127.0.0.1 (port 0) for tests: EHLO/HELO,
// AUTH PLAIN, MAIL FROM, RCPT TO, DATA (dot-unstuffed), RSET, NOOP, QUIT. It
// offers no STARTTLS. Every accepted message is recorded.
//
// Thread rules: public methods are thread-safe; the server runs on its own
// thread, joined by the destructor.
#pragma once

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace newsd::testing {

class SmtpReceiver {
 public:
  struct Message {
    std::string from;
    std::vector<std::string> to;
    std::string data;       // headers and body as received, CRLF line ends
    std::string auth_user;  // "" without AUTH
    std::string auth_pass;
  };

  SmtpReceiver();
  ~SmtpReceiver();
  SmtpReceiver(const SmtpReceiver&) = delete;
  SmtpReceiver& operator=(const SmtpReceiver&) = delete;

  std::string url() const;  // "smtp://127.0.0.1:<port>"
  std::vector<Message> messages() const;
  // Answer RCPT TO with 550 (permanent) for every recipient from now on.
  void RejectRecipients(bool reject);

 private:
  void Serve();
  void Session(int fd);

  mutable std::mutex mu_;
  std::vector<Message> messages_;  // guarded by mu_
  bool reject_ = false;            // guarded by mu_
  bool stop_ = false;              // guarded by mu_
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace newsd::testing
