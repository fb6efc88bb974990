#include "extract/metadata.h"

#include <gumbo.h>
#include <strings.h>

#include <boost/json.hpp>
#include <string_view>

#include "core/time.h"
#include "core/url.h"
#include "extract/dom_text.h"

namespace newsd {
namespace {

namespace json = boost::json;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return std::string(s.substr(b, e - b));
}

bool IsArticleType(const json::value& type) {
  static constexpr std::string_view kTypes[] = {"NewsArticle",
                                                "Article",
                                                "BlogPosting",
                                                "ReportageNewsArticle",
                                                "AnalysisNewsArticle",
                                                "OpinionNewsArticle",
                                                "BackgroundNewsArticle",
                                                "ReviewNewsArticle",
                                                "LiveBlogPosting",
                                                "TechArticle",
                                                "ScholarlyArticle",
                                                "Report",
                                                "WebPage",
                                                "SocialMediaPosting"};
  auto is = [](std::string_view t) {
    for (std::string_view k : kTypes) {
      if (t == k) return true;
    }
    return false;
  };
  if (type.is_string()) return is(type.as_string());
  if (type.is_array()) {
    for (const auto& t : type.as_array()) {
      if (t.is_string() && is(t.as_string())) return true;
    }
  }
  return false;
}

std::string JsonString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return Trim(v->as_string());
  if (v->is_object()) {
    if (const auto* n = v->as_object().if_contains("name"); n && n->is_string()) {
      return Trim(n->as_string());
    }
  }
  return {};
}

void JsonAuthors(const json::value& v, std::vector<std::string>& out) {
  if (v.is_string()) {
    const std::string s = Trim(v.as_string());
    if (!s.empty() && !IsAbsoluteUrl(s)) out.push_back(s);
  } else if (v.is_object()) {
    if (const auto* n = v.as_object().if_contains("name")) JsonAuthors(*n, out);
  } else if (v.is_array()) {
    for (const auto& a : v.as_array()) JsonAuthors(a, out);
  }
}

// Fills fields still empty in `m` from one schema.org object.
void FromJsonLdObject(const json::object& o, PageMetadata& m, bool& found) {
  const json::value* type = o.if_contains("@type");
  if (type == nullptr || !IsArticleType(*type)) return;
  const bool is_page = type->is_string() && type->as_string() == "WebPage";
  if (is_page && found) return;  // a real article object wins over WebPage
  if (!is_page) found = true;
  if (m.title.empty()) m.title = JsonString(o, "headline");
  if (m.title.empty() && !is_page) m.title = JsonString(o, "name");
  if (m.authors.empty()) {
    if (const auto* a = o.if_contains("author")) JsonAuthors(*a, m.authors);
  }
  if (!m.published) m.published = ParseRfc3339(JsonString(o, "datePublished"));
  if (!m.updated) m.updated = ParseRfc3339(JsonString(o, "dateModified"));
  if (m.site_name.empty()) m.site_name = JsonString(o, "publisher");
  if (m.language.empty()) m.language = JsonString(o, "inLanguage");
  if (m.article_body.empty()) m.article_body = JsonString(o, "articleBody");
}

void FromJsonLd(const json::value& v, PageMetadata& m, bool& found, int depth = 0) {
  if (depth > 8) return;
  if (v.is_array()) {
    for (const auto& x : v.as_array()) FromJsonLd(x, m, found, depth + 1);
  } else if (v.is_object()) {
    const json::object& o = v.as_object();
    if (const auto* g = o.if_contains("@graph")) FromJsonLd(*g, m, found, depth + 1);
    if (const auto* e = o.if_contains("mainEntity"); e && e->is_object()) {
      FromJsonLd(*e, m, found, depth + 1);
    }
    FromJsonLdObject(o, m, found);
  }
}

struct Collected {
  std::vector<const GumboNode*> jsonld, metas, links, times;
  const GumboNode* title = nullptr;
};

void Collect(const GumboNode* root, Collected& c) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    switch (n->v.element.tag) {
      case GUMBO_TAG_SCRIPT:
        if (IEquals(Attribute(n, "type"), "application/ld+json")) c.jsonld.push_back(n);
        continue;
      case GUMBO_TAG_META:
        c.metas.push_back(n);
        continue;
      case GUMBO_TAG_LINK:
        c.links.push_back(n);
        continue;
      case GUMBO_TAG_TIME:
        c.times.push_back(n);
        continue;
      case GUMBO_TAG_TITLE:
        if (c.title == nullptr) c.title = n;
        continue;
      case GUMBO_TAG_STYLE:
        continue;
      default:
        break;
    }
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = kids.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
}

}  // namespace

PageMetadata ExtractMetadata(const GumboNode* root) {
  PageMetadata m;
  if (root == nullptr) return m;
  Collected c;
  Collect(root, c);
  bool found = false;
  json::parse_options po;
  po.allow_comments = true;
  po.allow_trailing_commas = true;
  po.allow_invalid_utf8 = true;
  for (const GumboNode* s : c.jsonld) {
    if (s->v.element.children.length == 0) continue;
    const auto* t = static_cast<const GumboNode*>(s->v.element.children.data[0]);
    if (t->type != GUMBO_NODE_TEXT) continue;
    boost::system::error_code ec;
    json::value v = json::parse(t->v.text.text, ec, {}, po);
    if (!ec) FromJsonLd(v, m, found);
  }
  // OpenGraph and <meta>: first value wins within each tier; tiers in order.
  std::string og_title, og_site, og_url, og_locale, meta_author, meta_lang;
  std::optional<TimePoint> og_pub, og_mod, meta_pub;
  for (const GumboNode* n : c.metas) {
    std::string_view key = Attribute(n, "property");
    if (key.empty()) key = Attribute(n, "name");
    if (key.empty()) key = Attribute(n, "itemprop");
    if (key.empty()) key = Attribute(n, "http-equiv");
    const std::string value = Trim(Attribute(n, "content"));
    if (key.empty() || value.empty()) continue;
    auto set = [&](std::string& dst) {
      if (dst.empty()) dst = value;
    };
    auto set_time = [&](std::optional<TimePoint>& dst) {
      if (!dst) dst = ParseRfc3339(value);
    };
    if (IEquals(key, "og:title"))
      set(og_title);
    else if (IEquals(key, "og:site_name"))
      set(og_site);
    else if (IEquals(key, "og:url"))
      set(og_url);
    else if (IEquals(key, "og:locale"))
      set(og_locale);
    else if (IEquals(key, "article:published_time"))
      set_time(og_pub);
    else if (IEquals(key, "article:modified_time") || IEquals(key, "og:updated_time"))
      set_time(og_mod);
    else if (IEquals(key, "author") || IEquals(key, "dc.creator") || IEquals(key, "byl") ||
             IEquals(key, "sailthru.author") || IEquals(key, "parsely-author")) {
      if (!IsAbsoluteUrl(value)) set(meta_author);
    } else if (IEquals(key, "content-language") || IEquals(key, "dc.language"))
      set(meta_lang);
    else if (IEquals(key, "date") || IEquals(key, "pubdate") || IEquals(key, "publishdate") ||
             IEquals(key, "dc.date") || IEquals(key, "dc.date.issued") ||
             IEquals(key, "datepublished") || IEquals(key, "parsely-pub-date") ||
             IEquals(key, "sailthru.date") || IEquals(key, "article.published")) {
      set_time(meta_pub);
    }
  }
  if (m.title.empty()) m.title = og_title;
  if (m.title.empty() && c.title != nullptr) m.title = Trim(InlineText(c.title));
  if (m.authors.empty() && !meta_author.empty()) m.authors.push_back(meta_author);
  if (!m.published) m.published = og_pub ? og_pub : meta_pub;
  if (!m.updated) m.updated = og_mod;
  if (!m.published) {
    for (const GumboNode* t : c.times) {
      if (auto tp = ParseRfc3339(Trim(Attribute(t, "datetime")))) {
        m.published = tp;
        break;
      }
    }
  }
  if (m.site_name.empty()) m.site_name = og_site;
  for (const GumboNode* l : c.links) {
    if (IEquals(Attribute(l, "rel"), "canonical")) {
      m.canonical_url = Trim(Attribute(l, "href"));
      if (!m.canonical_url.empty()) break;
    }
  }
  if (m.canonical_url.empty()) m.canonical_url = og_url;
  if (m.language.empty()) m.language = Trim(Attribute(root, "lang"));
  if (m.language.empty()) m.language = meta_lang;
  if (m.language.empty()) m.language = og_locale;
  return m;
}

void ApplyMetadata(const PageMetadata& meta, Article& a) {
  if (!meta.title.empty()) a.title = meta.title;
  if (!meta.authors.empty()) {
    std::string joined;
    for (const auto& s : meta.authors) {
      if (!joined.empty()) joined += ", ";
      joined += s;
    }
    a.author = joined;
  }
  if (meta.published) a.published = meta.published;
  if (meta.updated) a.updated = meta.updated;
  if (!meta.site_name.empty()) a.site_name = meta.site_name;
  if (!meta.language.empty()) a.declared_language = meta.language;
  if (!meta.canonical_url.empty()) {
    std::optional<std::string> abs = a.url.empty() ? std::optional<std::string>(meta.canonical_url)
                                                   : ResolveUrl(a.url, meta.canonical_url);
    if (abs && IsAbsoluteUrl(*abs) &&
        (abs->rfind("http://", 0) == 0 || abs->rfind("https://", 0) == 0)) {
      a.canonical_url = CanonicalizeUrl(*abs);
    }
  }
}

}  // namespace newsd
