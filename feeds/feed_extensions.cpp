#include "feeds/feed_extensions.h"

#include <algorithm>
#include <charconv>

#include "feeds/feed_text.h"

namespace newsd {
namespace {

using std::string_view;

string_view TrimView(string_view s) {
  auto sp = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsNoCase(string_view a, string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

}  // namespace

std::string AuthorName(string_view author) {
  string_view a = TrimView(author);
  const std::size_t open = a.find('(');
  const std::size_t close = a.rfind(')');
  if (open != string_view::npos && close != string_view::npos && close > open &&
      close == a.size() - 1) {
    const string_view before = TrimView(a.substr(0, open));
    const string_view inside = TrimView(a.substr(open + 1, close - open - 1));
    if (inside.find('@') != string_view::npos && !before.empty()) return std::string(before);
    if (before.find('@') != string_view::npos && before.find(' ') == string_view::npos &&
        !inside.empty())
      return std::string(inside);
  }
  const std::size_t lt = a.find('<');
  if (lt != string_view::npos && lt > 0 && a.back() == '>' &&
      a.find('@', lt) != string_view::npos) {
    const string_view name = TrimView(a.substr(0, lt));
    if (!name.empty()) return std::string(name);
  }
  return std::string(a);
}

std::string NormalizeLanguage(string_view tag) {
  std::string out(TrimView(tag));
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

namespace {

void AddEnclosure(FeedItem& item, std::string url, string_view type, string_view length) {
  if (url.empty()) return;
  for (const Enclosure& e : item.enclosures) {
    if (e.url == url) return;
  }
  Enclosure e;
  e.url = std::move(url);
  e.type = std::string(TrimView(type));
  long long n = 0;
  length = TrimView(length);
  auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
  if (!length.empty() && ec == std::errc() && p == length.data() + length.size() && n >= 0) {
    e.length = n;
  }
  item.enclosures.push_back(std::move(e));
}

}  // namespace

bool ReadMediaElement(XmlContext& ctx, pugi::xml_node child, FeedItem& item) {
  const QName q = ctx.Name(child);
  if (q.ns == Ns::kMedia) {
    if (Is(q, Ns::kMedia, "group")) {
      for (pugi::xml_node c = child.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) ReadMediaElement(ctx, c, item);
      }
    } else if (Is(q, Ns::kMedia, "content")) {
      const std::string url = ctx.Resolve(child, Attr(child, "url"));
      const string_view type = Attr(child, "type");
      const bool image = Attr(child, "medium") == "image" || type.rfind("image/", 0) == 0;
      if (image && !item.image && !url.empty()) item.image = url;
      AddEnclosure(item, url, type, Attr(child, "fileSize"));
      for (pugi::xml_node c = child.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) ReadMediaElement(ctx, c, item);
      }
    } else if (Is(q, Ns::kMedia, "thumbnail")) {
      const std::string url = ctx.Resolve(child, Attr(child, "url"));
      if (!url.empty() && !item.image) item.image = url;
    } else if (Is(q, Ns::kMedia, "category")) {
      std::string cat = HtmlToPlainText(ctx.Text(child));
      if (!cat.empty()) item.categories.push_back(std::move(cat));
    } else if (Is(q, Ns::kMedia, "description")) {
      if (item.summary_html.empty()) {
        const std::string text = ctx.Text(child);
        item.summary_html = ctx.FinishHtml(
            child, Attr(child, "type") == "html" ? text : EscapeHtml(CollapseWhitespace(text)));
      }
    }
    return true;
  }
  if (Is(q, Ns::kItunes, "category")) {
    std::string cat = CollapseWhitespace(Attr(child, "text"));
    if (!cat.empty()) item.categories.push_back(std::move(cat));
    return true;
  }
  if (Is(q, Ns::kItunes, "summary") || Is(q, Ns::kItunes, "subtitle")) {
    if (item.summary_html.empty()) {
      item.summary_html = EscapeHtml(CollapseWhitespace(ctx.Text(child)));
    }
    return true;
  }
  if (Is(q, Ns::kItunes, "image")) {
    string_view href = Attr(child, "href");
    if (href.empty()) href = Attr(child, "url");
    const std::string url = ctx.Resolve(child, href.empty() ? ctx.TrimmedText(child) : href);
    if (!url.empty() && !item.image) item.image = url;
    return true;
  }
  if (Is(q, Ns::kNone, "enclosure") || Is(q, Ns::kRss10, "enclosure")) {
    string_view url = Attr(child, "url");
    if (url.empty()) url = Attr(child, "resource");
    AddEnclosure(item, ctx.Resolve(child, url), Attr(child, "type"), Attr(child, "length"));
    return true;
  }
  return false;
}

std::optional<std::chrono::seconds> SyndicationInterval(string_view period, string_view frequency) {
  period = TrimView(period);
  long long secs = 0;
  if (EqualsNoCase(period, "hourly"))
    secs = 3600;
  else if (EqualsNoCase(period, "daily"))
    secs = 86400;
  else if (EqualsNoCase(period, "weekly"))
    secs = 7 * 86400;
  else if (EqualsNoCase(period, "monthly"))
    secs = 30 * 86400;
  else if (EqualsNoCase(period, "yearly"))
    secs = 365 * 86400;
  else if (period.empty() && !frequency.empty())
    secs = 86400;
  else
    return std::nullopt;
  long long freq = 1;
  frequency = TrimView(frequency);
  if (!frequency.empty()) {
    auto [p, ec] = std::from_chars(frequency.data(), frequency.data() + frequency.size(), freq);
    if (ec != std::errc() || freq < 1) freq = 1;
  }
  return std::chrono::seconds(std::max<long long>(60, secs / freq));
}

}  // namespace newsd
