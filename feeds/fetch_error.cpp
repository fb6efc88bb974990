#include "feeds/fetch_error.h"

#include <string>

#include <curl/curl.h>

namespace newsd {
namespace {

class CurlCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "curl"; }
  std::string message(int ev) const override {
    return curl_easy_strerror(static_cast<CURLcode>(ev));
  }
};

class CurlMultiCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "curl-multi"; }
  std::string message(int ev) const override {
    return curl_multi_strerror(static_cast<CURLMcode>(ev));
  }
};

class FetchCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "fetch"; }
  std::string message(int ev) const override {
    switch (static_cast<FetchErrc>(ev)) {
      case FetchErrc::kBodyTooLarge:
        return "response body larger than the limit (counted after decompression)";
      case FetchErrc::kBadRequest:
        return "the request could not be set up";
      case FetchErrc::kAddressRefused:
        return "refused to connect to that address";
    }
    return "unknown fetch error";
  }
};

}  // namespace

const boost::system::error_category& CurlErrorCategory() {
  static const CurlCategory c;
  return c;
}

const boost::system::error_category& CurlMultiErrorCategory() {
  static const CurlMultiCategory c;
  return c;
}

const boost::system::error_category& FetchErrorCategory() {
  static const FetchCategory c;
  return c;
}

boost::system::error_code MakeCurlError(int curl_code) { return {curl_code, CurlErrorCategory()}; }

boost::system::error_code MakeCurlMultiError(int curlm_code) {
  return {curlm_code, CurlMultiErrorCategory()};
}

boost::system::error_code make_error_code(FetchErrc e) {
  return {static_cast<int>(e), FetchErrorCategory()};
}

bool IsTimeout(const boost::system::error_code& ec) {
  return ec.category() == CurlErrorCategory() && ec.value() == CURLE_OPERATION_TIMEDOUT;
}

}  // namespace newsd
