// User-declared entities ([[entity]] in the config) found in text with one
// Hyperscan database of all names and aliases. Whole words only; ASCII
// letters match case-insensitively. Immutable after Create; Match is
// thread-safe (scratch space comes from an internal pool).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

struct DeclaredEntity;

class DeclaredEntityMatcher {
 public:
  // Compiles the names and aliases; an empty list gives a matcher that finds
  // nothing. kInvalidArgument when a name is empty or Hyperscan refuses it.
  static Result<std::unique_ptr<DeclaredEntityMatcher>> Create(
      const std::vector<DeclaredEntity>& entities);
  ~DeclaredEntityMatcher();

  // Appends the leftmost-longest, non-overlapping whole-word mentions in
  // `text` (canonical = the declared name), in text order.
  void Match(std::string_view text, std::vector<Entity>& out) const;

  struct Impl;

 private:
  explicit DeclaredEntityMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
