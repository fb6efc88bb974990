// Near-duplicate fingerprints: 64-bit SimHash over word 3-shingles.
// Words come from ICU word breaks (so CJK and Thai segment sensibly) and
// are case-folded; each shingle is hashed with 64-bit FNV-1a, so values are
// stable across runs, machines and versions. Thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace newsd {

// The SimHash of `text` (valid UTF-8). 0 for a text without words.
std::uint64_t SimHash(std::string_view text);

// The same value computed the original way: ICU word breaks over the whole
// text. Kept as the reference SimHash's fast path is tested against.
std::uint64_t SimHashReference(std::string_view text);

// Number of differing bits (0..64): near copies are close (typically <= 3
// for a changed sentence in a long article), unrelated texts near 32.
int HammingDistance(std::uint64_t a, std::uint64_t b);

}  // namespace newsd
