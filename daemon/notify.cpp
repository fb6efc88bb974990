#include "daemon/notify.h"

#include <cstdlib>
#include <ctime>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace newsd {

Notifier::Notifier() {
  const char* sock = std::getenv("NOTIFY_SOCKET");
  enabled_ = sock != nullptr && *sock != '\0';
  std::uint64_t usec = 0;
  if (enabled_ && sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_ = std::chrono::microseconds(usec / 2);
  }
}

void Notifier::Send(const std::string& msg) const {
  if (!enabled_) return;
  const int rc = sd_notify(0, msg.c_str());
  if (rc < 0) spdlog::warn("sd_notify failed: {}", std::strerror(-rc));
}

void Notifier::Ready(const std::string& status) const { Send("READY=1\nSTATUS=" + status); }
void Notifier::Status(const std::string& status) const { Send("STATUS=" + status); }
void Notifier::Reloading() const {
  // systemd >= 253 wants MONOTONIC_USEC with RELOADING=1; older ones ignore it.
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  const long long usec = static_cast<long long>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
  Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec));
}
void Notifier::Stopping() const { Send("STOPPING=1"); }
void Notifier::Watchdog() const { Send("WATCHDOG=1"); }

}  // namespace newsd
