#include "feeds/link_resolver.h"

#include <boost/url.hpp>

#include "core/url.h"

namespace newsd {

namespace urls = boost::urls;

struct LinkResolver::Impl {
  urls::url base;
};

namespace {

std::string_view Trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

LinkResolver::LinkResolver(std::string_view base) : base_(Trim(base)) {
  if (base_.empty()) return;
  auto r = urls::parse_uri(base_);
  if (r) impl_ = std::make_unique<Impl>(Impl{urls::url(*r)});
}

LinkResolver::~LinkResolver() = default;

bool LinkResolver::HasScheme(std::string_view ref) {
  if (ref.empty() || !IsAlpha(ref[0])) return false;
  for (std::size_t i = 1; i < ref.size() && i < 40; ++i) {
    const char c = ref[i];
    if (c == ':') return true;
    if (!(IsAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

std::string LinkResolver::Resolve(std::string_view ref) const {
  ref = Trim(ref);
  if (ref.empty() || HasScheme(ref) || !impl_) return std::string(ref);
  auto r = urls::parse_uri_reference(ref);
  if (r) {
    urls::url out;
    if (urls::resolve(impl_->base, *r, out)) return std::string(out.buffer());
    return std::string(ref);
  }
  // Characters browsers accept but RFC 3986 does not (spaces, ...): the
  // slower path percent-encodes them first.
  auto slow = ResolveUrl(base_, ref);
  return slow ? std::move(*slow) : std::string(ref);
}

}  // namespace newsd
