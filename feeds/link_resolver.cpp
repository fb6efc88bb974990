#include "feeds/link_resolver.h"

#include <boost/url.hpp>

#include "core/url.h"

namespace newsd {

namespace urls = boost::urls;

struct LinkResolver::Impl {
  urls::url base;
  urls::url out;       // scratch for Resolve()
  std::string origin;  // "scheme://authority" ("" when the base has no authority)
  std::string dir;     // origin + base path up to its last '/'
};

namespace {

std::string_view Trim(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// True when an encoded path has "." or ".." segments (RFC 3986 5.2.4 would
// rewrite it).
bool HasDotSegments(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(start, end - start);
    if (seg == "." || seg == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

LinkResolver::LinkResolver(std::string_view base) : base_(Trim(base)) {
  if (base_.empty()) return;
  auto r = urls::parse_uri(base_);
  if (!r) return;
  impl_ = std::make_unique<Impl>(Impl{urls::url(*r), urls::url(), "", ""});
  if (r->has_authority() && !HasDotSegments(r->encoded_path())) {
    impl_->origin = std::string(r->scheme()) + "://" + std::string(r->encoded_authority());
    const std::string_view path = r->encoded_path();
    const std::size_t slash = path.rfind('/');
    impl_->dir =
        impl_->origin + (slash == std::string_view::npos ? std::string("/")
                                                         : std::string(path.substr(0, slash + 1)));
  }
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
  if (r && !impl_->origin.empty() && !r->has_authority() && !r->encoded_path().empty() &&
      !HasDotSegments(r->encoded_path())) {
    // RFC 3986 5.2.2 when no dot segment needs removing: an absolute path
    // replaces the base path, a relative one is merged with the base directory
    // (5.2.3); the reference's query and fragment are kept as written.
    return (r->encoded_path().front() == '/' ? impl_->origin : impl_->dir) + std::string(ref);
  }
  if (r) {
    // One output URL per resolver, reused: resolve() replaces its contents.
    urls::url& out = impl_->out;
    if (urls::resolve(impl_->base, *r, out)) return std::string(out.buffer());
    return std::string(ref);
  }
  // Characters browsers accept but RFC 3986 does not (spaces, ...): the
  // slower path percent-encodes them first.
  auto slow = ResolveUrl(base_, ref);
  return slow ? std::move(*slow) : std::string(ref);
}

}  // namespace newsd
