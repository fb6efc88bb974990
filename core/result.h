// Result<T>: the return type of every synchronous module API in newsd.
//
// A Result holds either a value or an Error. An Error carries a human-readable
// message that already names where the problem came from (a config file and
// line, a feed id, a database path), so callers can log it as is.
//
//   Result<Config> r = LoadConfig(path);
//   if (!r) { log(r.error().message); return 2; }
//   Use(*r);
//
// Status is Result<void>: OkStatus() or an Error.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace newsd {

// What went wrong, coarse enough for callers to branch on.
enum class ErrorKind {
  kInvalidArgument,    // bad input the user can fix: config, rule, query, URL
  kNotFound,           // a file, feed or row that does not exist
  kParse,              // a document that could not be understood
  kIo,                 // the operating system or a network said no
  kTimeout,            // a deadline passed
  kCorruption,         // stored data is not what we wrote
  kUnsupported,        // valid, but newsd cannot handle it (e.g. newer schema)
  kResourceExhausted,  // a limit was hit: body size, disk full, queue full
  kInternal,           // a bug in newsd
};

// An error: a kind and a message with its context ("feed x: ...", "f.toml:3:1: ...").
struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;

  Error() = default;
  Error(ErrorKind k, std::string msg) : kind(k), message(std::move(msg)) {}

  // Returns a copy of this error with `context + ": "` put before the message.
  Error Wrap(const std::string& context) const { return Error(kind, context + ": " + message); }
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline Status OkStatus() { return {}; }

// Builds the failed Result for `return Fail(ErrorKind::kParse, "...")`.
inline tl::unexpected<Error> Fail(ErrorKind kind, std::string message) {
  return tl::unexpected<Error>(Error(kind, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

}  // namespace newsd
