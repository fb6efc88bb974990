// The policy the daemon applies before fetching an article page named by a
// feed: a feed must not make newsd probe the internal network. This checks
// the URL as written (literal addresses and localhost names); checking the
// addresses a name resolves to is the fetcher's job at connect time.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"

namespace newsd {

// True when `host` (as it appears in a URL, IPv6 with or without brackets)
// is a literal loopback, private, link-local, unspecified, CGNAT, multicast
// or otherwise non-public address, in any form libc accepts for IPv4
// ("127.0.0.1", "127.1", "2130706433", "0x7f.1"), IPv4-mapped IPv6
// ("::ffff:10.0.0.1"), or the name "localhost" / "*.localhost".
bool IsInternalHost(std::string_view host);

// OK when `url` is an absolute http(s) URL the daemon may fetch. Fails with
// kInvalidArgument for another scheme or an unparsable URL, and for an
// internal host (IsInternalHost) unless `allow_private`.
Status CheckArticleFetchAllowed(std::string_view url, bool allow_private);

}  // namespace newsd
