#include "core/utf8.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <unicode/utf8.h>

namespace newsd {

bool IsValidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // Runs of ASCII (most news text) are skipped eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    // One sequence is at most 4 bytes: a window keeps ICU's int32_t indices
    // valid on inputs of any size.
    const auto window = static_cast<int32_t>(std::min<std::size_t>(n - i, 4));
    int32_t j = 0;
    UChar32 c;
    U8_NEXT(s + i, j, window, c);
    if (c < 0) return false;
    i += static_cast<std::size_t>(j);
  }
  return true;
}

}  // namespace newsd
