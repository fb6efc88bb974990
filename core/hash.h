// Cryptographic hashes used for identity and signatures (OpenSSL).
// All functions are pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace newsd {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// Lower-case hex HMAC-SHA256 of `data` under `key` (64 characters).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// Constant-time equality for secrets (tokens, signatures).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace newsd
