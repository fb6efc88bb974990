// systemd notification protocol (sd_notify(3)): READY, STATUS, WATCHDOG,
// RELOADING, STOPPING. A no-op when not started by systemd ($NOTIFY_SOCKET
// unset). Thread-safe: each call is one datagram.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace newsd {

class Notifier {
 public:
  // Reads $NOTIFY_SOCKET and $WATCHDOG_USEC once.
  Notifier();

  void Ready(const std::string& status) const;
  void Status(const std::string& status) const;
  void Reloading() const;
  void Stopping() const;
  void Watchdog() const;

  // How often the watchdog must be pinged (half of WatchdogSec), if enabled.
  std::optional<std::chrono::microseconds> WatchdogInterval() const { return watchdog_; }

 private:
  void Send(const std::string& msg) const;
  bool enabled_ = false;
  std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace newsd
