#include "feeds/parser_xml.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/url.h"
#include "feeds/feed_text.h"
#include "feeds/xml_repair.h"

namespace newsd {
namespace {

using std::string_view;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsNoCase(string_view a, string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

Ns NsFromUri(string_view uri) {
  while (!uri.empty() && (uri.back() == ' ')) uri.remove_suffix(1);
  struct Row {
    string_view uri;
    Ns ns;
  };
  static constexpr Row kRows[] = {
      {"", Ns::kNone},
      {"http://backend.userland.com/rss2", Ns::kNone},
      {"http://blogs.law.harvard.edu/tech/rss", Ns::kNone},
      {"http://backend.userland.com/rss", Ns::kNone},
      {"http://purl.org/rss/1.0/", Ns::kRss10},
      {"http://purl.org/rss/1.0", Ns::kRss10},
      {"http://my.netscape.com/rdf/simple/0.9/", Ns::kRss090},
      {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::kRdf},
      {"http://www.w3.org/2005/atom", Ns::kAtom10},
      {"http://purl.org/atom/ns#", Ns::kAtom03},
      {"http://purl.org/rss/1.0/modules/content/", Ns::kContent},
      {"http://purl.org/dc/elements/1.1/", Ns::kDc},
      {"http://purl.org/dc/elements/1.0/", Ns::kDc},
      {"http://purl.org/dc/terms/", Ns::kDcTerms},
      {"http://search.yahoo.com/mrss/", Ns::kMedia},
      {"http://search.yahoo.com/mrss", Ns::kMedia},
      {"http://purl.org/rss/1.0/modules/syndication/", Ns::kSy},
      {"http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::kItunes},
      {"https://www.itunes.com/dtds/podcast-1.0.dtd", Ns::kItunes},
      {"http://www.w3.org/1999/xhtml", Ns::kXhtml},
  };
  for (const Row& r : kRows) {
    if (EqualsNoCase(uri, r.uri)) return r.ns;
  }
  return Ns::kOther;
}

Ns NsFromPrefix(string_view prefix) {
  struct Row {
    string_view prefix;
    Ns ns;
  };
  static constexpr Row kRows[] = {
      {"content", Ns::kContent}, {"dc", Ns::kDc},   {"dcterms", Ns::kDcTerms},
      {"media", Ns::kMedia},     {"sy", Ns::kSy},   {"itunes", Ns::kItunes},
      {"atom", Ns::kAtom10},     {"rdf", Ns::kRdf}, {"xhtml", Ns::kXhtml},
      {"rss", Ns::kRss10},
  };
  for (const Row& r : kRows) {
    if (EqualsNoCase(prefix, r.prefix)) return r.ns;
  }
  return Ns::kOther;
}

bool IsVoidElement(string_view n) {
  static constexpr string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                          "hr",    "img",    "input", "link", "meta",
                                          "param", "source", "track", "wbr"};
  for (string_view v : kVoid) {
    if (EqualsNoCase(n, v)) return true;
  }
  return false;
}

string_view LocalOf(string_view name) {
  const std::size_t c = name.find(':');
  return c == string_view::npos ? name : name.substr(c + 1);
}

bool LooksAbsolute(string_view s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

string_view TrimView(string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

class Sink final : public EntityWarningSink {
 public:
  Sink(XmlContext& ctx, const char* base) : ctx_(ctx), base_(base) {}
  void Warn(std::size_t offset, std::string message) override {
    ctx_.Warn(base_ + offset, message);
  }

 private:
  XmlContext& ctx_;
  const char* base_;
};

}  // namespace

XmlContext::XmlContext(const ParseOptions& options, std::string_view buffer, ParsedFeed& feed)
    : options_(options), buffer_(buffer), feed_(feed) {}

bool Is(const QName& q, Ns ns, string_view name) {
  return q.ns == ns && EqualsNoCase(q.local, name);
}

string_view Attr(pugi::xml_node el, string_view name) {
  for (pugi::xml_attribute a = el.first_attribute(); a; a = a.next_attribute()) {
    string_view n = a.name();
    if (n.rfind("xmlns", 0) == 0) continue;
    if (EqualsNoCase(LocalOf(n), name)) return a.value();
  }
  return {};
}

QName XmlContext::Name(pugi::xml_node el) const {
  const string_view full = el.name();
  const std::size_t colon = full.find(':');
  const string_view prefix = colon == string_view::npos ? string_view() : full.substr(0, colon);
  QName q;
  q.local = colon == string_view::npos ? full : full.substr(colon + 1);
  for (pugi::xml_node n = el; n && n.type() == pugi::node_element; n = n.parent()) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      const string_view an = a.name();
      if (an.size() < 5 || std::memcmp(an.data(), "xmlns", 5) != 0) continue;
      const bool match = prefix.empty() ? an.size() == 5
                                        : (an.size() == 6 + prefix.size() && an[5] == ':' &&
                                           an.substr(6) == prefix);
      if (match) {
        q.ns = NsFromUri(a.value());
        if (q.ns == Ns::kOther) q.ns = unknown_as_;
        return q;
      }
    }
  }
  q.ns = prefix.empty() ? Ns::kNone : NsFromPrefix(prefix);
  return q;
}

void XmlContext::Warn(const char* at, const std::string& message) {
  feed_.recovered = true;
  if (feed_.warnings.size() >= options_.max_warnings) {
    ++dropped_warnings_;
    if (dropped_warnings_ == 1) feed_.warnings.push_back("further warnings not listed");
    return;
  }
  if (at && at >= buffer_.data() && at <= buffer_.data() + buffer_.size()) {
    feed_.warnings.push_back(LineColumn(buffer_, at - buffer_.data()) + ": " + message);
  } else {
    feed_.warnings.push_back(message);
  }
}

void XmlContext::AppendText(pugi::xml_node el, std::string& out, std::size_t depth) {
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    switch (c.type()) {
      case pugi::node_pcdata: {
        Sink sink(*this, c.value());
        DecodeEntities(c.value(), out, &sink);
        break;
      }
      case pugi::node_cdata:
        out.append(c.value());
        break;
      case pugi::node_element:
        if (depth < options_.max_depth) AppendText(c, out, depth + 1);
        break;
      default:
        break;
    }
  }
}

std::string XmlContext::Text(pugi::xml_node el) {
  std::string out;
  pugi::xml_node only = el.first_child();
  if (only && !only.next_sibling() && only.type() == pugi::node_pcdata) {
    string_view v = only.value();
    if (v.find('&') == string_view::npos) {
      out.assign(v);
      TruncateUtf8(out, options_.max_text_bytes);
      return out;
    }
  }
  AppendText(el, out, 0);
  TruncateUtf8(out, options_.max_text_bytes);
  return out;
}

std::string XmlContext::TrimmedText(pugi::xml_node el) { return CollapseWhitespace(Text(el)); }

void XmlContext::AppendMarkup(pugi::xml_node el, std::string& out, std::size_t depth) {
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    switch (c.type()) {
      case pugi::node_pcdata: {
        std::string decoded;
        Sink sink(*this, c.value());
        DecodeEntities(c.value(), decoded, &sink);
        out += EscapeHtml(decoded);
        break;
      }
      case pugi::node_cdata:
        out.append(c.value());
        break;
      case pugi::node_element: {
        if (depth >= options_.max_depth) break;
        const string_view name = LocalOf(c.name());
        out.push_back('<');
        out.append(name);
        for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
          const string_view an = a.name();
          if (an.rfind("xmlns", 0) == 0) continue;
          std::string value;
          DecodeEntities(a.value(), value, nullptr);
          out.push_back(' ');
          out.append(an.rfind("xml:", 0) == 0 ? an : LocalOf(an));
          out += "=\"" + EscapeHtml(value) + "\"";
        }
        if (!c.first_child() && IsVoidElement(name)) {
          out += " />";
          break;
        }
        out.push_back('>');
        AppendMarkup(c, out, depth + 1);
        out += "</";
        out.append(name);
        out.push_back('>');
        break;
      }
      default:
        break;
    }
  }
}

std::string XmlContext::InnerMarkup(pugi::xml_node el) {
  std::string out;
  AppendMarkup(el, out, 0);
  return out;
}

std::string XmlContext::Html(pugi::xml_node el) {
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return InnerMarkup(el);
  }
  return Text(el);
}

const std::string& XmlContext::BaseOf(pugi::xml_node el) const {
  string_view bases[32];
  std::size_t n = 0;
  for (pugi::xml_node p = el; p && p.type() == pugi::node_element && n < 32; p = p.parent()) {
    pugi::xml_attribute a = p.attribute("xml:base");
    if (a) bases[n++] = a.value();
  }
  if (n == 0) return options_.base_url;
  std::string& base = base_scratch_;
  base = options_.base_url;
  while (n > 0) {
    const string_view b = TrimView(bases[--n]);
    if (base.empty()) {
      base.assign(b);
    } else if (auto r = ResolveUrl(base, b)) {
      base = std::move(*r);
    }
  }
  return base;
}

const LinkResolver& XmlContext::ResolverFor(string_view base) const {
  for (const auto& r : resolvers_) {
    if (r->base() == base) return *r;
  }
  if (resolvers_.size() > 16) resolvers_.erase(resolvers_.begin());
  resolvers_.push_back(std::make_unique<LinkResolver>(base));
  return *resolvers_.back();
}

std::string XmlContext::Resolve(pugi::xml_node el, string_view ref) const {
  ref = TrimView(ref);
  if (ref.empty() || LooksAbsolute(ref)) return std::string(ref);
  const std::string& base = BaseOf(el);
  if (base.empty()) return std::string(ref);
  return ResolverFor(base).Resolve(ref);
}

std::string XmlContext::LangOf(pugi::xml_node el) {
  for (pugi::xml_node p = el; p && p.type() == pugi::node_element; p = p.parent()) {
    pugi::xml_attribute a = p.attribute("xml:lang");
    if (a) return std::string(TrimView(a.value()));
  }
  return "";
}

std::string XmlContext::FinishHtml(pugi::xml_node el, std::string html) const {
  TruncateUtf8(html, options_.max_text_bytes);
  if (html.find('<') == std::string::npos) return html;
  const std::string& base = BaseOf(el);
  if (base.empty()) return html;
  return AbsolutizeHtmlLinks(html, ResolverFor(base));
}

}  // namespace newsd
