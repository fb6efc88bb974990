// UTF-8 validity, shared by the feed parser and the text stages. Thread-safe.
#pragma once

#include <string_view>

namespace newsd {

// True when `bytes` is entirely well-formed UTF-8 (no overlongs, surrogates
// or truncated sequences).
bool IsValidUtf8(std::string_view bytes);

}  // namespace newsd
