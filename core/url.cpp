#include "core/url.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <boost/url.hpp>

namespace newsd {

namespace urls = boost::urls;

namespace {

std::string_view Trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsTrackingParam(std::string_view key) {
  const std::string k = Lower(key);
  if (k.rfind("utm_", 0) == 0) return true;
  static const std::array<std::string_view, 24> kNames = {
      "fbclid",   "gclid",    "gclsrc",    "dclid",       "msclkid", "mc_cid",
      "mc_eid",   "yclid",    "_ga",       "_gl",         "igshid",  "ref",
      "ref_src",  "ref_url",  "cmpid",     "ncid",        "ocid",    "mkt_tok",
      "sr_share", "wt.mc_id", "at_medium", "at_campaign", "s_cid",   "__twitter_impression"};
  return std::find(kNames.begin(), kNames.end(), k) != kNames.end();
}

}  // namespace

bool IsAbsoluteUrl(std::string_view s) {
  auto r = urls::parse_uri(Trim(s));
  return r.has_value();
}

std::optional<std::string> ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  base = Trim(base);
  auto r = urls::parse_uri_reference(ref);
  if (!r) {
    // Spaces and other characters browsers accept: try again percent-encoded.
    std::string enc;
    for (unsigned char c : ref) {
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
          c == '`' || c == '{' || c == '|' || c == '}') {
        static const char kHex[] = "0123456789ABCDEF";
        enc += '%';
        enc += kHex[c >> 4];
        enc += kHex[c & 15];
      } else {
        enc += static_cast<char>(c);
      }
    }
    auto r2 = urls::parse_uri_reference(enc);
    if (!r2) return std::nullopt;
    if (r2->has_scheme()) return std::string(r2->buffer());
    auto b = urls::parse_uri(base);
    if (!b) return std::nullopt;
    urls::url out;
    if (!urls::resolve(*b, *r2, out)) return std::nullopt;
    return std::string(out.buffer());
  }
  if (r->has_scheme()) return std::string(ref);
  auto b = urls::parse_uri(base);
  if (!b) return std::nullopt;
  urls::url out;
  if (!urls::resolve(*b, *r, out)) return std::nullopt;
  return std::string(out.buffer());
}

std::string CanonicalizeUrl(std::string_view in) {
  const std::string_view s = Trim(in);
  auto r = urls::parse_uri(s);
  if (!r) return std::string(in);
  urls::url u(*r);
  const std::string scheme = Lower(u.scheme());
  if (scheme != "http" && scheme != "https") return std::string(in);
  u.normalize();
  if ((scheme == "http" && u.port() == "80") || (scheme == "https" && u.port() == "443")) {
    u.remove_port();
  }
  u.remove_fragment();
  u.remove_userinfo();
  if (u.has_query()) {
    auto params = u.params();
    for (auto it = params.begin(); it != params.end();) {
      if (IsTrackingParam((*it).key)) {
        it = params.erase(it);
      } else {
        ++it;
      }
    }
    if (u.params().empty()) u.remove_query();
  }
  // Boost.URL 1.81: set_encoded_path("/") on an empty path yields "/./" (docs/NOTES.md).
  if (u.encoded_path().empty()) u.set_path_absolute(true);
  return std::string(u.buffer());
}

std::string UrlHost(std::string_view url) {
  auto r = urls::parse_uri(Trim(url));
  if (!r) return "";
  return Lower(r->encoded_host());
}

}  // namespace newsd
