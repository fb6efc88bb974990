// Error codes of the fetcher as boost::system::error_code values, in the style
// of Beast's http/error.hpp: libcurl's CURLcode and CURLMcode each get their
// own category (the value is the libcurl code unchanged, the message is
// curl_easy_strerror / curl_multi_strerror), and conditions newsd detects
// itself are the FetchErrc enum. Thread-safe: categories are immutable.
#pragma once

#include <boost/system/error_code.hpp>

namespace newsd {

// Failures the fetcher itself decides (not libcurl).
enum class FetchErrc {
  kBodyTooLarge = 1,  // the decompressed body passed FetchLimits::max_body
  kBadRequest,        // the request could not be set up (bad URL, bad header)
  kAddressRefused,    // FetchRequest::allow_address refused the peer address
};

// Category of CURLcode values ("curl" in messages).
const boost::system::error_category& CurlErrorCategory();
// Category of CURLMcode values ("curl-multi").
const boost::system::error_category& CurlMultiErrorCategory();
// Category of FetchErrc values ("fetch").
const boost::system::error_category& FetchErrorCategory();

// Wraps a CURLcode (passed as int so this header needs no curl.h).
boost::system::error_code MakeCurlError(int curl_code);
// Wraps a CURLMcode.
boost::system::error_code MakeCurlMultiError(int curlm_code);

boost::system::error_code make_error_code(FetchErrc e);

// True when `ec` is a libcurl timeout (total, connect or low-speed abort).
bool IsTimeout(const boost::system::error_code& ec);

}  // namespace newsd

template <>
struct boost::system::is_error_code_enum<newsd::FetchErrc> : std::true_type {};
