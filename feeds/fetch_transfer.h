// Internal to the fetcher: one transfer's easy handle, its request setup and
// the collection of its response (status line per hop, the headers the
// fetcher reports, the body under its decompressed-size cap).
// Not thread-safe; owned by Fetcher::Impl on the io_context thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <curl/curl.h>

#include "feeds/curl_handles.h"
#include "feeds/fetcher.h"

namespace newsd {

struct Transfer {
  // Creates the easy handle and sets every option from the request; returns
  // FetchErrc::kBadRequest (or a CURLcode) when that fails.
  boost::system::error_code Setup(const FetchRequest& request, const FetchLimits& limits,
                                  const FetcherOptions& options);
  // Fills `response` from the handle once libcurl reports `result`.
  void Finish(CURLcode result);

  CurlEasy easy;
  CurlSlist headers;
  Fetcher::Handler handler;
  FetchResponse response;
  std::int64_t max_body = 0;
  bool too_large = false;
  bool is_file = false;
  int current_status = 0;  // status of the response whose headers arrive now
  char error_buffer[CURL_ERROR_SIZE] = {};
  // FetchRequest::allow_address (null = no guard), the first address it
  // refused ("" = none), and the Fetcher::Impl that owns this transfer (for
  // the open-socket callback, whose data pointer is the transfer).
  std::function<bool(const sockaddr*)> allow_address;
  std::string refused_address;
  void* owner = nullptr;

  // Applies the guard to `addr` (recording a refusal); true when allowed.
  bool AddressAllowed(const sockaddr* addr);

 private:
  static std::size_t OnHeader(char* data, std::size_t size, std::size_t n, void* user);
  static std::size_t OnBody(char* data, std::size_t size, std::size_t n, void* user);
  static int OnPreRequest(void* user, char* primary_ip, char* local_ip, int primary_port,
                          int local_port);
  void HeaderLine(std::string_view line);
};

}  // namespace newsd
