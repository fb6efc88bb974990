#include "extract/fetch_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>

#include <boost/url/parse.hpp>
#include <cstdint>
#include <cstring>
#include <string>

namespace newsd {
namespace {

bool InternalV4(std::uint32_t a) {  // host byte order
  const auto in = [a](std::uint32_t net, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 CGNAT
         in(0x7F000000, 8) ||   // loopback
         in(0xA9FE0000, 16) ||  // link-local (cloud metadata 169.254.169.254)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // 192.0.0/24 IETF
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xE0000000, 4) ||   // multicast
         in(0xF0000000, 4);     // reserved + broadcast
}

bool InternalV6(const unsigned char* b) {
  static const unsigned char kZero[16] = {};
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, mapped, 12) == 0 || std::memcmp(b, kZero, 12) == 0) {  // mapped / compat
    return InternalV4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
                      (std::uint32_t{b[14]} << 8) | b[15]);
  }
  if ((b[0] & 0xfe) == 0xfc) return true;                              // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;              // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;              // fec0::/10 site-local
  if (b[0] == 0xff) return true;                                       // multicast
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {  // 64:ff9b::/96 NAT64
    return InternalV4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) |
                      (std::uint32_t{b[14]} << 8) | b[15]);
  }
  return false;
}

}  // namespace

bool IsInternalHost(std::string_view host_in) {
  std::string host(host_in);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  while (!host.empty() && host.back() == '.') host.pop_back();  // "localhost."
  if (host.empty()) return false;
  if (strcasecmp(host.c_str(), "localhost") == 0) return true;
  if (host.size() > 10 && strcasecmp(host.c_str() + host.size() - 10, ".localhost") == 0) {
    return true;
  }
  if (const std::size_t zone = host.find('%'); zone != std::string::npos) host.resize(zone);
  unsigned char v6[16];
  if (inet_pton(AF_INET6, host.c_str(), v6) == 1) return InternalV6(v6);
  in_addr v4{};
  // inet_aton accepts every legacy form ("127.1", "0x7f000001", "017700000001")
  // that resolvers (and so curl) also accept.
  if (inet_aton(host.c_str(), &v4) != 0) return InternalV4(ntohl(v4.s_addr));
  return false;
}

Status CheckArticleFetchAllowed(std::string_view url, bool allow_private) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u) return Fail(ErrorKind::kInvalidArgument, "not an absolute URL: " + std::string(url));
  const std::string scheme(u->scheme());
  if (strcasecmp(scheme.c_str(), "http") != 0 && strcasecmp(scheme.c_str(), "https") != 0) {
    return Fail(ErrorKind::kInvalidArgument,
                "refusing to fetch a " + scheme + " URL: " + std::string(url));
  }
  std::string host = u->encoded_host().decode();
  if (host.empty())
    return Fail(ErrorKind::kInvalidArgument, "URL without host: " + std::string(url));
  if (!allow_private && IsInternalHost(host)) {
    return Fail(
        ErrorKind::kInvalidArgument,
        "refusing to fetch an internal address (allow it in the config): " + std::string(url));
  }
  return OkStatus();
}

}  // namespace newsd
