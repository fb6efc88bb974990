// [http]: limits, the WebSub settings and the loopback/token rule.
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "daemon/config_internal.h"
#include "daemon/http_listen.h"

namespace newsd {

void ReadHttpLimits(TableReader& r, HttpSection& http) {
  if (auto v = r.Size("max_body")) http.max_body = *v;
  if (auto v = r.Int("max_headers", 1, 1000)) http.max_headers = static_cast<int>(*v);
  if (auto v = r.Duration("request_timeout")) {
    if (v->count() < 1) {
      r.Error("request_timeout", "must be at least 1s");
    } else {
      http.request_timeout = *v;
    }
  }
  if (auto v = r.Duration("stream_heartbeat")) {
    if (v->count() < 1) {
      r.Error("stream_heartbeat", "must be at least 1s");
    } else {
      http.stream_heartbeat = *v;
    }
  }
  if (auto v = r.Size("stream_buffer")) http.stream_buffer = *v;
  if (auto v = r.String("public_url")) {
    auto u = boost::urls::parse_absolute_uri(*v);
    if (!u || (u->scheme() != "http" && u->scheme() != "https") || !u->has_authority()) {
      r.Error("public_url", "\"" + *v + "\" must be an absolute http(s) URL");
    } else {
      std::string s = *v;
      while (!s.empty() && s.back() == '/') s.pop_back();
      http.public_url = s;
    }
  }
  if (auto v = r.Duration("websub_lease")) http.websub_lease = *v;
  if (auto v = r.Duration("websub_poll_interval")) http.websub_poll_interval = *v;

  auto listen = SplitListen(http.listen);
  if (!listen) {
    r.Error("listen", listen.error().message);
  } else if (!IsLoopbackHost(listen->host) && http.token_file.empty()) {
    r.Error("token_file", "listen = \"" + http.listen +
                              "\" is not a loopback address: set token_file (a bearer token "
                              "clients must send) or listen on 127.0.0.1");
  }
}

}  // namespace newsd
