// Resolves many links against one base URL (Boost.URL), parsing the base once.
// The feed parser makes every link absolute; a feed has hundreds of them and
// nearly always one base, so this avoids re-parsing the base for each link.
// Not thread-safe: Resolve() reuses a scratch URL; use one resolver per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace newsd {

class LinkResolver {
 public:
  // `base` should be an absolute URL; if it is not, Resolve() leaves relative
  // references as they are.
  explicit LinkResolver(std::string_view base);
  ~LinkResolver();
  LinkResolver(const LinkResolver&) = delete;
  LinkResolver& operator=(const LinkResolver&) = delete;

  const std::string& base() const { return base_; }

  // `ref` (trimmed) resolved per RFC 3986; absolute references come back as
  // they are, and anything that cannot be resolved is returned unchanged.
  std::string Resolve(std::string_view ref) const;

  // True when `ref` starts with a URI scheme ("https:", "mailto:").
  static bool HasScheme(std::string_view ref);

 private:
  struct Impl;
  std::string base_;
  std::unique_ptr<Impl> impl_;  // null when base_ is not an absolute URL
};

}  // namespace newsd
