// URL handling shared by the feed parser (resolving links) and the pipeline
// (canonical URLs for deduplication), on Boost.URL. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsd {

// Resolves `ref` (absolute or relative) against `base` (absolute) per RFC 3986.
// Surrounding whitespace is trimmed. Returns nullopt when `ref` is not a URL
// reference or `base` is not absolute and `ref` is relative.
std::optional<std::string> ResolveUrl(std::string_view base, std::string_view ref);

// True for an absolute URL with a scheme ("https://x/", "mailto:a@b").
bool IsAbsoluteUrl(std::string_view s);

// The canonical form used to recognise one article under several URLs:
// scheme and host lower-cased, default port removed, percent-encoding and dot
// segments normalised, fragment removed, tracking parameters removed (utm_*,
// fbclid, gclid, dclid, msclkid, mc_cid, mc_eid, yclid, _ga, _gl, igshid, ref,
// ref_src, cmpid, ...), empty query removed, empty path becomes "/".
// Returns the input unchanged when it is not an absolute http(s) URL.
std::string CanonicalizeUrl(std::string_view url);

// The host of an absolute URL, lower-cased ("" if none).
std::string UrlHost(std::string_view url);

}  // namespace newsd
