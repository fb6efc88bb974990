#include "feeds/rss_parser.h"

#include <charconv>

#include "feeds/feed_dates.h"
#include "feeds/feed_extensions.h"
#include "feeds/feed_text.h"

namespace newsd {
namespace {

using std::string_view;

bool IsRssNs(Ns ns) { return ns == Ns::kNone || ns == Ns::kRss10 || ns == Ns::kRss090; }

bool IsRss(const QName& q, string_view name) { return IsRssNs(q.ns) && Is(q, q.ns, name); }

bool Truthy(string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v.empty() || v == "true" || v == "True" || v == "TRUE" || v == "1" || v == "yes";
}

void SetIfEmpty(std::optional<TimePoint>& slot, std::optional<TimePoint> t) {
  if (!slot && t) slot = t;
}

void ReadAtomLink(XmlContext& ctx, pugi::xml_node el, std::string& alternate, std::string* self,
                  std::string* hub, FeedItem* item) {
  string_view rel = Attr(el, "rel");
  const std::string href = ctx.Resolve(el, Attr(el, "href"));
  if (href.empty()) return;
  if (rel.empty() || rel == "alternate") {
    if (alternate.empty()) alternate = href;
  } else if (rel == "self" && self) {
    if (self->empty()) *self = href;
  } else if (rel == "hub" && hub) {
    if (hub->empty()) *hub = href;
  } else if (rel == "enclosure" && item) {
    Enclosure e;
    e.url = href;
    e.type = std::string(Attr(el, "type"));
    long long n = 0;
    string_view len = Attr(el, "length");
    if (!len.empty() && std::from_chars(len.data(), len.data() + len.size(), n).ec == std::errc())
      e.length = n;
    item->enclosures.push_back(std::move(e));
  }
}

FeedItem ReadItem(XmlContext& ctx, pugi::xml_node el) {
  FeedItem item;
  std::string guid, alt_link, creator, itunes_author, dc_title, xhtml_body, dc_description;
  std::string rss_summary;
  bool guid_is_permalink = false;
  std::optional<TimePoint> pub, dc_date, issued, modified, atom_pub, atom_upd;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = ctx.Name(c);
    if (IsRss(q, "title")) {
      if (item.title.empty()) item.title = HtmlToPlainText(ctx.Text(c));
    } else if (IsRss(q, "link")) {
      if (item.link.empty()) item.link = ctx.Resolve(c, ctx.TrimmedText(c));
    } else if (IsRss(q, "guid")) {
      guid = ctx.TrimmedText(c);
      guid_is_permalink = Truthy(Attr(c, "isPermaLink"));
    } else if (IsRss(q, "description")) {
      item.summary_html = ctx.FinishHtml(c, ctx.Html(c));
    } else if (Is(q, Ns::kContent, "encoded")) {
      item.content_html = ctx.FinishHtml(c, ctx.Html(c));
    } else if (IsRss(q, "pubDate")) {
      SetIfEmpty(pub, ParseFeedDate(ctx.Text(c)));
    } else if (Is(q, Ns::kDc, "date")) {
      SetIfEmpty(dc_date, ParseFeedDate(ctx.Text(c)));
    } else if (Is(q, Ns::kDcTerms, "issued") || Is(q, Ns::kDcTerms, "created")) {
      SetIfEmpty(issued, ParseFeedDate(ctx.Text(c)));
    } else if (Is(q, Ns::kDcTerms, "modified")) {
      if (auto t = ParseFeedDate(ctx.Text(c))) modified = t;  // later statement wins
    } else if (Is(q, Ns::kAtom10, "published")) {
      SetIfEmpty(atom_pub, ParseFeedDate(ctx.Text(c)));
    } else if (Is(q, Ns::kAtom10, "updated")) {
      if (auto t = ParseFeedDate(ctx.Text(c))) atom_upd = t;
    } else if (IsRss(q, "summary")) {
      // Not RSS, but common: a short <summary> beside a full <description>.
      rss_summary = ctx.FinishHtml(c, ctx.Html(c));
    } else if (IsRss(q, "author")) {
      if (!item.author) item.author = AuthorName(HtmlToPlainText(ctx.Text(c)));
    } else if (Is(q, Ns::kDc, "creator") || Is(q, Ns::kDc, "author")) {
      if (creator.empty()) creator = AuthorName(HtmlToPlainText(ctx.Text(c)));
    } else if (Is(q, Ns::kItunes, "author")) {
      itunes_author = HtmlToPlainText(ctx.Text(c));
    } else if (Is(q, Ns::kAtom10, "author")) {
      for (pugi::xml_node n = c.first_child(); n; n = n.next_sibling()) {
        if (n.type() == pugi::node_element && Is(ctx.Name(n), Ns::kAtom10, "name") &&
            creator.empty())
          creator = HtmlToPlainText(ctx.Text(n));
      }
    } else if (IsRss(q, "category") || Is(q, Ns::kDc, "subject")) {
      std::string cat = HtmlToPlainText(ctx.Text(c));
      if (!cat.empty()) item.categories.push_back(std::move(cat));
    } else if (Is(q, Ns::kDc, "language")) {
      item.language = NormalizeLanguage(ctx.Text(c));
    } else if (Is(q, Ns::kDc, "description")) {
      dc_description = ctx.FinishHtml(c, ctx.Html(c));
    } else if (Is(q, Ns::kDc, "title")) {
      dc_title = HtmlToPlainText(ctx.Text(c));
    } else if (Is(q, Ns::kAtom10, "link")) {
      ReadAtomLink(ctx, c, alt_link, nullptr, nullptr, &item);
    } else if (Is(q, Ns::kXhtml, "body")) {
      xhtml_body = ctx.FinishHtml(c, ctx.InnerMarkup(c));
    } else {
      ReadMediaElement(ctx, c, item);
    }
  }
  if (item.title.empty()) item.title = std::move(dc_title);
  if (item.content_html.empty()) item.content_html = std::move(xhtml_body);
  if (item.summary_html.empty()) item.summary_html = std::move(dc_description);
  if (!rss_summary.empty()) {
    if (item.content_html.empty()) item.content_html = std::move(item.summary_html);
    item.summary_html = std::move(rss_summary);
  }
  if (!item.author && !creator.empty()) item.author = std::move(creator);
  if (!item.author && !itunes_author.empty()) item.author = std::move(itunes_author);
  if (item.author && item.author->empty()) item.author.reset();
  if (item.link.empty()) item.link = std::move(alt_link);
  if (item.link.empty()) {
    string_view about = Attr(el, "about");
    if (!about.empty()) item.link = ctx.Resolve(el, about);
  }
  if (!guid.empty()) {
    if (guid_is_permalink && item.link.empty() && guid.find(':') != std::string::npos) {
      item.link = ctx.Resolve(el, guid);
    }
    item.guid = std::move(guid);
  }
  item.published = pub ? pub : issued ? issued : atom_pub ? atom_pub : dc_date;
  item.updated = atom_upd ? atom_upd : modified ? modified : dc_date;
  if (!item.published) item.published = item.updated;
  if (!item.language) {
    std::string lang(Attr(el, "lang"));
    if (!lang.empty()) item.language = std::move(lang);
  }
  return item;
}

}  // namespace

bool IsRssRoot(XmlContext& ctx, pugi::xml_node root) {
  const QName q = ctx.Name(root);
  if (Is(q, q.ns, "rss") && (q.ns == Ns::kNone || q.ns == Ns::kOther)) return true;
  if (Is(q, Ns::kNone, "channel")) return true;
  if (Is(q, Ns::kRdf, "RDF")) {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const QName cq = ctx.Name(c);
      if (IsRss(cq, "channel") || IsRss(cq, "item")) return true;
    }
  }
  return false;
}

void ParseRss(XmlContext& ctx, pugi::xml_node root, ParsedFeed& feed) {
  QName rq = ctx.Name(root);
  if (rq.ns == Ns::kOther) {
    ctx.SetUnknownNamespaceAs(Ns::kNone);
    rq = ctx.Name(root);
  }
  pugi::xml_node channel;
  bool rdf = !Is(rq, rq.ns, "rss") && !Is(rq, Ns::kNone, "channel");
  Ns channel_ns = Ns::kNone;
  if (Is(rq, Ns::kNone, "channel")) {
    channel = root;
  } else {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && IsRss(ctx.Name(c), "channel")) {
        channel = c;
        channel_ns = ctx.Name(c).ns;
        break;
      }
    }
  }
  if (rdf) {
    feed.format = channel_ns == Ns::kRss090 ? "rss0.9x" : "rss1.0";
    if (!channel) {
      for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && IsRss(ctx.Name(c), "item")) {
          feed.format = ctx.Name(c).ns == Ns::kRss090 ? "rss0.9x" : "rss1.0";
          break;
        }
      }
    }
  } else {
    string_view v = Attr(root, "version");
    feed.format = (v.rfind("0.9", 0) == 0) ? "rss0.9x" : "rss2.0";
  }

  std::string alt_link, sy_period, sy_freq, dc_title, alt_description;
  std::optional<TimePoint> last_build, dc_date, pub_date, atom_updated;
  std::size_t dropped = 0;
  auto take_item = [&](pugi::xml_node c) {
    if (feed.items.size() >= ctx.options().max_items) {
      ++dropped;
      return;
    }
    feed.items.push_back(ReadItem(ctx, c));
  };
  if (channel) {
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const QName q = ctx.Name(c);
      if (IsRss(q, "item")) {
        take_item(c);
      } else if (IsRss(q, "title")) {
        if (feed.title.empty()) feed.title = HtmlToPlainText(ctx.Text(c));
      } else if (Is(q, Ns::kDc, "title")) {
        dc_title = HtmlToPlainText(ctx.Text(c));
      } else if (Is(q, Ns::kDcTerms, "modified")) {
        SetIfEmpty(dc_date, ParseFeedDate(ctx.Text(c)));
      } else if (Is(q, Ns::kItunes, "subtitle") || Is(q, Ns::kItunes, "summary") ||
                 Is(q, Ns::kDc, "description")) {
        if (alt_description.empty()) alt_description = EscapeHtml(ctx.TrimmedText(c));
      } else if (IsRss(q, "link")) {
        if (feed.link.empty()) feed.link = ctx.Resolve(c, ctx.TrimmedText(c));
      } else if (IsRss(q, "description")) {
        feed.description = ctx.FinishHtml(c, ctx.Html(c));
      } else if (IsRss(q, "language") || Is(q, Ns::kDc, "language")) {
        if (!feed.language) feed.language = NormalizeLanguage(ctx.Text(c));
      } else if (IsRss(q, "lastBuildDate")) {
        SetIfEmpty(last_build, ParseFeedDate(ctx.Text(c)));
      } else if (Is(q, Ns::kDc, "date")) {
        SetIfEmpty(dc_date, ParseFeedDate(ctx.Text(c)));
      } else if (IsRss(q, "pubDate")) {
        SetIfEmpty(pub_date, ParseFeedDate(ctx.Text(c)));
      } else if (Is(q, Ns::kAtom10, "updated")) {
        SetIfEmpty(atom_updated, ParseFeedDate(ctx.Text(c)));
      } else if (IsRss(q, "ttl")) {
        long long minutes = 0;
        const std::string t = ctx.TrimmedText(c);
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), minutes);
        if (ec == std::errc() && p == t.data() + t.size() && minutes > 0 && minutes < 1000000) {
          feed.ttl = std::chrono::minutes(minutes);
        }
      } else if (Is(q, Ns::kSy, "updatePeriod")) {
        sy_period = ctx.TrimmedText(c);
      } else if (Is(q, Ns::kSy, "updateFrequency")) {
        sy_freq = ctx.TrimmedText(c);
      } else if (Is(q, Ns::kAtom10, "link")) {
        ReadAtomLink(ctx, c, alt_link, &feed.self_url, &feed.hub_url, nullptr);
      }
    }
  }
  if (rdf || !channel) {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && IsRss(ctx.Name(c), "item")) take_item(c);
    }
  }
  if (dropped > 0) {
    ctx.Warn(nullptr, std::to_string(dropped) + " items beyond the limit of " +
                          std::to_string(ctx.options().max_items) + " dropped");
  }
  if (feed.link.empty()) feed.link = std::move(alt_link);
  if (feed.title.empty()) feed.title = std::move(dc_title);
  if (feed.description.empty()) feed.description = std::move(alt_description);
  feed.updated = last_build     ? last_build
                 : dc_date      ? dc_date
                 : atom_updated ? atom_updated
                                : pub_date;
  if (!feed.ttl && (!sy_period.empty() || !sy_freq.empty())) {
    feed.ttl = SyndicationInterval(sy_period, sy_freq);
  }
  if (!feed.language) {
    std::string lang = NormalizeLanguage(XmlContext::LangOf(channel ? channel : root));
    if (!lang.empty()) feed.language = std::move(lang);
  }
}

}  // namespace newsd
