// Helpers for the fetcher tests: run an io_context until a condition holds.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

#include <boost/asio/io_context.hpp>

#include "feeds/fetcher.h"

namespace newsd::testing {

// Runs `ioc` on this thread until `cond` holds or `limit` passes; returns cond().
inline bool RunUntil(boost::asio::io_context& ioc, const std::function<bool()>& cond,
                     std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!cond() && std::chrono::steady_clock::now() < deadline) {
    if (ioc.stopped()) ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(50));
  }
  return cond();
}

// Fetches one request and waits (up to `limit`) for its response.
inline std::optional<FetchResponse> FetchAndWait(
    boost::asio::io_context& ioc, Fetcher& fetcher, FetchRequest req,
    std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  std::optional<FetchResponse> out;
  fetcher.Fetch(std::move(req), [&out](FetchResponse r) { out = std::move(r); });
  RunUntil(
      ioc, [&] { return out.has_value(); }, limit);
  return out;
}

}  // namespace newsd::testing
