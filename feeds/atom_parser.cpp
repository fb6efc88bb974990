#include "feeds/atom_parser.h"

#include <charconv>

#include <openssl/evp.h>

#include "core/url.h"

#include "feeds/feed_dates.h"
#include "feeds/feed_extensions.h"
#include "feeds/feed_text.h"

namespace newsd {
namespace {

using std::string_view;

bool IsAtomNs(Ns ns) { return ns == Ns::kAtom10 || ns == Ns::kAtom03 || ns == Ns::kNone; }
bool IsA(const QName& q, string_view name) { return IsAtomNs(q.ns) && Is(q, q.ns, name); }

std::string Lower(string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::string DecodeBase64(string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact.push_back(c);
  }
  while (compact.size() % 4 != 0) compact.push_back('=');
  std::string out(compact.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(compact.data()),
                                static_cast<int>(compact.size()));
  if (n < 0) return "";
  std::size_t len = static_cast<std::size_t>(n);
  for (std::size_t k = compact.size(); k > 0 && compact[k - 1] == '=' && len > 0; --k) --len;
  out.resize(len);
  return out;
}

// An Atom text construct read both ways.
struct TextConstruct {
  std::string html;   // as HTML (type="text" escaped)
  std::string plain;  // as plain text
};

TextConstruct ReadText(XmlContext& ctx, pugi::xml_node el, bool want_plain = false) {
  TextConstruct t;
  const std::string type = Lower(Attr(el, "type"));
  const std::string mode = Lower(Attr(el, "mode"));
  if (!Attr(el, "src").empty()) return t;  // out-of-line content
  if (mode == "base64" || (!type.empty() && type != "text" && type != "html" && type != "xhtml" &&
                           type.rfind("text/", 0) != 0 && type.find("xml") == std::string::npos)) {
    // Atom: any other media type is base64 (RFC 4287 4.1.3.3); read as HTML.
    t.html = DecodeBase64(ctx.Text(el));
    if (want_plain) t.plain = HtmlToPlainText(t.html);
  } else if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") {
    // Atom 1.0 type="xhtml" wraps the content in one xhtml:div, not part of it.
    pugi::xml_node div;
    std::size_t elements = 0;
    for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element) {
        ++elements;
        div = c;
      }
    }
    const bool wrapper = type == "xhtml" && elements == 1 && Is(ctx.Name(div), Ns::kXhtml, "div");
    t.html = ctx.InnerMarkup(wrapper ? div : el);
    if (want_plain) t.plain = HtmlToPlainText(t.html);
  } else if (type == "html" || type == "text/html" || mode == "escaped") {
    // Escaped HTML is text; stray markup in it contributes only its text.
    t.html = ctx.Text(el);
    if (want_plain) t.plain = HtmlToPlainText(t.html);
  } else if (type.empty() || type == "text" || type == "text/plain" ||
             type.rfind("text/", 0) == 0) {
    const std::string text = ctx.Text(el);
    t.html = EscapeHtml(text);
    if (want_plain) t.plain = CollapseWhitespace(text);
  }
  // Other media types (base64 images, ...) carry no article text.
  return t;
}

std::optional<TimePoint> Date(XmlContext& ctx, pugi::xml_node el) {
  return ParseFeedDate(ctx.Text(el));
}

std::string PersonName(XmlContext& ctx, pugi::xml_node el) {
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && IsA(ctx.Name(c), "name")) {
      return HtmlToPlainText(ctx.Text(c));
    }
  }
  // <author>Name</author> without children, seen in the wild.
  bool has_elements = false;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    has_elements = has_elements || c.type() == pugi::node_element;
  }
  return has_elements ? "" : HtmlToPlainText(ctx.Text(el));
}

void AddLinkEnclosure(FeedItem& item, std::string href, pugi::xml_node el) {
  for (const Enclosure& e : item.enclosures) {
    if (e.url == href) return;
  }
  Enclosure e;
  e.url = std::move(href);
  e.type = std::string(Attr(el, "type"));
  long long n = 0;
  string_view len = Attr(el, "length");
  auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), n);
  if (!len.empty() && ec == std::errc() && p == len.data() + len.size()) e.length = n;
  item.enclosures.push_back(std::move(e));
}

FeedItem ReadEntry(XmlContext& ctx, pugi::xml_node el, const std::string& feed_author) {
  FeedItem item;
  std::string html_link, any_link;
  std::optional<TimePoint> published, issued, created, updated, modified;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = ctx.Name(c);
    if (IsA(q, "id")) {
      // An id is an IRI; a relative one is read against xml:base.
      if (item.guid.empty()) {
        item.guid = ctx.TrimmedText(c);
        if (!item.guid.empty() && !IsAbsoluteUrl(item.guid)) item.guid = ctx.Resolve(c, item.guid);
      }
    } else if (IsA(q, "title")) {
      if (item.title.empty()) item.title = ReadText(ctx, c, true).plain;
    } else if (IsA(q, "link")) {
      const string_view rel = Attr(c, "rel");
      const std::string href = ctx.Resolve(c, Attr(c, "href"));
      if (href.empty()) continue;
      if (rel.empty() || rel == "alternate") {
        const string_view type = Attr(c, "type");
        if (html_link.empty() &&
            (type.empty() || type == "text/html" || type == "application/xhtml+xml"))
          html_link = href;
        if (any_link.empty()) any_link = href;
      } else if (rel == "enclosure") {
        AddLinkEnclosure(item, href, c);
      }
    } else if (IsA(q, "published")) {
      if (!published) published = Date(ctx, c);
    } else if (IsA(q, "issued")) {
      if (!issued) issued = Date(ctx, c);
    } else if (IsA(q, "created")) {
      if (!created) created = Date(ctx, c);
    } else if (IsA(q, "updated")) {
      // A repeated update time: the later statement wins, as for a reader.
      if (auto t = Date(ctx, c)) updated = t;
    } else if (IsA(q, "modified")) {
      if (auto t = Date(ctx, c)) modified = t;
    } else if (IsA(q, "author")) {
      if (!item.author) {
        std::string name = PersonName(ctx, c);
        if (!name.empty()) item.author = AuthorName(name);
      }
    } else if (IsA(q, "summary")) {
      if (item.summary_html.empty()) item.summary_html = ctx.FinishHtml(c, ReadText(ctx, c).html);
    } else if (IsA(q, "content")) {
      if (item.content_html.empty()) item.content_html = ctx.FinishHtml(c, ReadText(ctx, c).html);
    } else if (IsA(q, "category")) {
      string_view term = Attr(c, "term");
      std::string cat = HtmlToPlainText(term.empty() ? string_view(ctx.Text(c)) : term);
      if (cat.empty()) cat = HtmlToPlainText(Attr(c, "label"));
      if (!cat.empty()) item.categories.push_back(std::move(cat));
    } else if (Is(q, Ns::kDc, "subject")) {
      std::string cat = HtmlToPlainText(ctx.Text(c));
      if (!cat.empty()) item.categories.push_back(std::move(cat));
    } else if (Is(q, Ns::kDc, "creator")) {
      if (!item.author) item.author = HtmlToPlainText(ctx.Text(c));
    } else {
      ReadMediaElement(ctx, c, item);
    }
  }
  item.link = !html_link.empty() ? std::move(html_link) : std::move(any_link);
  item.published = published ? published : issued ? issued : created;
  item.updated = updated ? updated : modified;
  if (!item.published) item.published = item.updated;
  if (!item.author && !feed_author.empty()) item.author = feed_author;
  pugi::xml_attribute lang = el.attribute("xml:lang");
  if (lang && *lang.value()) item.language = NormalizeLanguage(lang.value());
  return item;
}

}  // namespace

bool IsAtomRoot(XmlContext& ctx, pugi::xml_node root) {
  const QName q = ctx.Name(root);
  if (!Is(q, q.ns, "feed")) return false;
  // Atom 1.0/0.3, or <feed version="0.3"> without a namespace or with an unknown one.
  return IsAtomNs(q.ns) || !Attr(root, "version").empty();
}

void ParseAtom(XmlContext& ctx, pugi::xml_node root, ParsedFeed& feed) {
  QName rq = ctx.Name(root);
  if (rq.ns == Ns::kOther) {
    ctx.SetUnknownNamespaceAs(Attr(root, "version").empty() ? Ns::kAtom10 : Ns::kAtom03);
    rq = ctx.Name(root);
  }
  feed.format =
      (rq.ns == Ns::kAtom03 || Attr(root, "version").rfind("0.", 0) == 0) ? "atom0.3" : "atom1.0";
  std::string alternate, any_link, feed_author;
  std::vector<pugi::xml_node> entries;
  std::optional<TimePoint> updated, modified;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = ctx.Name(c);
    if (!IsAtomNs(q.ns) && q.ns != Ns::kDc && q.ns != Ns::kSy) continue;
    auto is = [&](string_view n) { return Is(q, q.ns, n); };
    if (is("entry")) {
      entries.push_back(c);
    } else if (is("title")) {
      if (feed.title.empty()) feed.title = ReadText(ctx, c, true).plain;
    } else if (is("subtitle") || is("tagline")) {
      if (feed.description.empty()) feed.description = ctx.FinishHtml(c, ReadText(ctx, c).html);
    } else if (is("link")) {
      const string_view rel = Attr(c, "rel");
      const std::string href = ctx.Resolve(c, Attr(c, "href"));
      if (href.empty()) continue;
      if (rel.empty() || rel == "alternate") {
        const string_view type = Attr(c, "type");
        if (alternate.empty() && (type.empty() || type == "text/html")) alternate = href;
        if (any_link.empty()) any_link = href;
      } else if (rel == "self") {
        if (feed.self_url.empty()) feed.self_url = href;
      } else if (rel == "hub") {
        if (feed.hub_url.empty()) feed.hub_url = href;
      }
    } else if (is("updated")) {
      if (!updated) updated = Date(ctx, c);
    } else if (is("modified")) {
      if (!modified) modified = Date(ctx, c);
    } else if (is("author")) {
      if (feed_author.empty()) feed_author = PersonName(ctx, c);
    } else if (q.ns == Ns::kDc && is("language")) {
      if (!feed.language) feed.language = NormalizeLanguage(ctx.Text(c));
    } else if (q.ns == Ns::kSy && is("updatePeriod")) {
      feed.ttl = SyndicationInterval(ctx.TrimmedText(c), "");
    }
  }
  feed.link = !alternate.empty() ? std::move(alternate) : std::move(any_link);
  feed.updated = updated ? updated : modified;
  if (!feed.language) {
    std::string lang = NormalizeLanguage(XmlContext::LangOf(root));
    if (!lang.empty()) feed.language = std::move(lang);
  }
  std::size_t dropped = 0;
  for (pugi::xml_node e : entries) {
    if (feed.items.size() >= ctx.options().max_items) {
      ++dropped;
      continue;
    }
    feed.items.push_back(ReadEntry(ctx, e, feed_author));
  }
  if (dropped > 0) {
    ctx.Warn(nullptr, std::to_string(dropped) + " entries beyond the limit of " +
                          std::to_string(ctx.options().max_items) + " dropped");
  }
}

}  // namespace newsd
