// Internal to the feed parser: reading pugixml trees the way feeds need it
// (namespaces, entity-tolerant text, xml:base, inner markup) and collecting
// warnings with line:column. Used by rss_parser.cpp and atom_parser.cpp.
// Not thread-safe per instance; one XmlContext serves one ParseFeed call.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "core/model.h"
#include "feeds/link_resolver.h"
#include "feeds/parser.h"

namespace newsd {

// The namespaces feeds use, by URI (or by their usual prefix when undeclared).
enum class Ns {
  kNone,     // no namespace, or the RSS 2.0 ones
  kRss10,    // http://purl.org/rss/1.0/
  kRss090,   // http://my.netscape.com/rdf/simple/0.9/
  kRdf,      // http://www.w3.org/1999/02/22-rdf-syntax-ns#
  kAtom10,   // http://www.w3.org/2005/Atom
  kAtom03,   // http://purl.org/atom/ns#
  kContent,  // http://purl.org/rss/1.0/modules/content/
  kDc,       // http://purl.org/dc/elements/1.1/
  kDcTerms,  // http://purl.org/dc/terms/
  kMedia,    // http://search.yahoo.com/mrss/
  kSy,       // http://purl.org/rss/1.0/modules/syndication/
  kItunes,   // http://www.itunes.com/dtds/podcast-1.0.dtd
  kXhtml,    // http://www.w3.org/1999/xhtml
  kOther,
};

// An element's namespace and local name (as written; compare with Is()).
struct QName {
  Ns ns = Ns::kNone;
  std::string_view local;
};

class XmlContext {
 public:
  // `buffer` is the text pugixml parsed in place (for line:column of
  // warnings); `feed` receives warnings. Both must outlive the context.
  XmlContext(const ParseOptions& options, std::string_view buffer, ParsedFeed& feed);

  const ParseOptions& options() const { return options_; }

  // When set, elements in a namespace newsd does not know (Ns::kOther) are read
  // as if in `ns`: a feed root in an unknown namespace ("http://purl.org/pie/",
  // "http://backend.userland.com/rss2.1") speaks its own format.
  void SetUnknownNamespaceAs(Ns ns) { unknown_as_ = ns; }

  // Namespace and local name of element `el`.
  QName Name(pugi::xml_node el) const;

  // Adds "LINE:COL: message" for the position `at` (a pointer into the buffer,
  // or nullptr for no position).
  void Warn(const char* at, const std::string& message);

  // Text content of `el` (pcdata decoded, CDATA verbatim, child elements'
  // text included), cut to max_text_bytes. Undefined entities are warned.
  std::string Text(pugi::xml_node el);

  // Trimmed, whitespace-collapsed Text().
  std::string TrimmedText(pugi::xml_node el);

  // `el`'s content as HTML: its text when it has only text (escaped HTML in
  // RSS), else its children serialised as HTML (raw markup in the feed).
  std::string Html(pugi::xml_node el);

  // The children of `el` serialised as HTML, namespace prefixes dropped.
  std::string InnerMarkup(pugi::xml_node el);

  // The base URL in effect at `el` (xml:base chain over options.base_url).
  // The reference is valid until the next BaseOf call.
  const std::string& BaseOf(pugi::xml_node el) const;

  // `ref` resolved against BaseOf(el); `ref` itself if it cannot be resolved.
  std::string Resolve(pugi::xml_node el, std::string_view ref) const;

  // xml:lang in effect at `el` ("" if none).
  static std::string LangOf(pugi::xml_node el);

  // HTML with links made absolute against BaseOf(el) and cut to size.
  std::string FinishHtml(pugi::xml_node el, std::string html) const;

 private:
  void AppendText(pugi::xml_node el, std::string& out, std::size_t depth);
  void AppendMarkup(pugi::xml_node el, std::string& out, std::size_t depth);

  const ParseOptions& options_;
  std::string_view buffer_;
  ParsedFeed& feed_;
  std::size_t dropped_warnings_ = 0;
  Ns unknown_as_ = Ns::kOther;
  // Resolvers by base URL (a document has one or a few bases).
  mutable std::vector<std::unique_ptr<LinkResolver>> resolvers_;
  mutable std::string base_scratch_;

  const LinkResolver& ResolverFor(std::string_view base) const;
};

// True when `q` is (ns, name); the name is compared ignoring ASCII case.
bool Is(const QName& q, Ns ns, std::string_view name);

// Attribute `name` of `el` by local name (ignoring any prefix), "" if absent.
std::string_view Attr(pugi::xml_node el, std::string_view name);

}  // namespace newsd
