#include "daemon/http_listen.h"

#include <charconv>

#include <boost/asio/ip/address.hpp>

namespace newsd {

Result<ListenAddress> SplitListen(const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) {
    return Fail(ErrorKind::kInvalidArgument,
                "\"" + s + "\" must be ADDRESS:PORT, e.g. 127.0.0.1:8085");
  }
  ListenAddress a;
  a.host = s.substr(0, colon);
  if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') {
    a.host = a.host.substr(1, a.host.size() - 2);
  }
  const std::string port = s.substr(colon + 1);
  unsigned v = 0;
  auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), v);
  if (ec != std::errc() || p != port.data() + port.size() || v > 65535) {
    return Fail(ErrorKind::kInvalidArgument, "\"" + s + "\": bad port \"" + port + "\"");
  }
  a.port = static_cast<std::uint16_t>(v);
  if (a.host != "localhost") {
    boost::system::error_code ec2;
    boost::asio::ip::make_address(a.host, ec2);
    if (ec2) {
      return Fail(ErrorKind::kInvalidArgument,
                  "\"" + s + "\": \"" + a.host + "\" is not an IP address (or localhost)");
    }
  }
  return a;
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  auto addr = boost::asio::ip::make_address(host, ec);
  return !ec && addr.is_loopback();
}

}  // namespace newsd
