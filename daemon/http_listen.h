// Parsing of the [http] listen address ("127.0.0.1:8085", "[::1]:0",
// "localhost:8085"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace newsd {

struct ListenAddress {
  std::string host;  // without brackets
  std::uint16_t port = 0;
};

// kInvalidArgument with a message when `s` is not HOST:PORT (port 0-65535).
Result<ListenAddress> SplitListen(const std::string& s);

// True for "localhost", 127.0.0.0/8 and ::1.
bool IsLoopbackHost(const std::string& host);

}  // namespace newsd
