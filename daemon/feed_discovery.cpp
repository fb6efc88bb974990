#include "daemon/feed_discovery.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include <gumbo.h>
#include <boost/asio/io_context.hpp>

#include "core/url.h"
#include "daemon/scheduler.h"
#include "feeds/fetcher.h"
#include "feeds/parser.h"

namespace newsd {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Attr(const GumboElement& el, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  return a ? a->value : "";
}

// rel is a space-separated token list ("alternate", "Alternate feed", ...).
bool HasRelAlternate(const std::string& rel) {
  std::istringstream in(Lower(rel));
  std::string tok;
  while (in >> tok) {
    if (tok == "alternate") return true;
  }
  return false;
}

bool IsFeedType(const std::string& type) {
  const std::string t = Lower(type.substr(0, type.find(';')));
  return t == "application/rss+xml" || t == "application/atom+xml" ||
         t == "application/feed+json" || t == "application/rdf+xml" || t == "application/json+feed";
}

void Walk(const GumboNode* n, std::string& base, std::vector<const GumboElement*>& links) {
  if (n->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& el = n->v.element;
  if (el.tag == GUMBO_TAG_BASE && base.empty()) base = Attr(el, "href");
  if (el.tag == GUMBO_TAG_LINK) links.push_back(&el);
  for (unsigned i = 0; i < el.children.length; ++i) {
    Walk(static_cast<const GumboNode*>(el.children.data[i]), base, links);
  }
}

}  // namespace

std::vector<FeedLink> FindFeedLinks(std::string_view html, const std::string& page_url) {
  std::vector<FeedLink> out;
  GumboOutput* doc = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string base_href;
  std::vector<const GumboElement*> links;
  Walk(doc->root, base_href, links);
  std::string base = page_url;
  if (!base_href.empty()) {
    if (auto b = ResolveUrl(page_url, base_href)) base = *b;
  }
  std::set<std::string> seen;
  for (const GumboElement* el : links) {
    if (!HasRelAlternate(Attr(*el, "rel")) || !IsFeedType(Attr(*el, "type"))) continue;
    std::string href = Attr(*el, "href");
    href.erase(0, href.find_first_not_of(" \t\r\n"));
    href.erase(href.find_last_not_of(" \t\r\n") + 1);
    if (href.empty()) continue;
    auto abs = ResolveUrl(base, href);
    if (!abs || !seen.insert(*abs).second) continue;
    out.push_back(FeedLink{*abs, Lower(Attr(*el, "type")), Attr(*el, "title")});
  }
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  return out;
}

const std::vector<std::string>& CommonFeedPaths() {
  static const std::vector<std::string> kPaths = {
      "/feed",       "/rss",       "/rss.xml",
      "/atom.xml",   "/feed.xml",  "/index.xml",
      "/feed.json",  "/atom",      "/feeds/posts/default",
      "/?feed=rss2", "/index.rss", "/rss/index.xml"};
  return kPaths;
}

namespace {

// Fetches every URL at once; responses in the same order.
std::vector<FetchResponse> FetchAll(boost::asio::io_context& ioc, Fetcher& fetcher,
                                    const std::vector<std::string>& urls) {
  std::vector<FetchResponse> out(urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    fetcher.Fetch(FetchRequest{urls[i], "", "", {}, nullptr},
                  [&out, i](FetchResponse r) { out[i] = std::move(r); });
  }
  ioc.run();
  ioc.restart();
  return out;
}

bool Ok(const FetchResponse& r) { return r.ok() && r.status >= 200 && r.status <= 299; }

// The feed in `r`, if it holds one.
std::optional<DiscoveredFeed> AsFeed(const std::string& url, const FetchResponse& r,
                                     const char* how) {
  if (!Ok(r)) return std::nullopt;
  ParseOptions po;
  po.content_type = r.content_type;
  po.base_url = r.url;
  auto parsed = ParseFeed(r.body, po);
  if (!parsed) return std::nullopt;
  return DiscoveredFeed{url, parsed->title, parsed->format, how,
                        static_cast<int>(parsed->items.size())};
}

// Tries `urls`; appends the ones that are feeds.
void TryCandidates(boost::asio::io_context& ioc, Fetcher& fetcher,
                   const std::vector<std::string>& urls, const char* how,
                   std::vector<DiscoveredFeed>& found) {
  auto responses = FetchAll(ioc, fetcher, urls);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    if (auto f = AsFeed(urls[i], responses[i], how)) found.push_back(std::move(*f));
  }
}

}  // namespace

Result<std::vector<DiscoveredFeed>> DiscoverFeeds(const std::string& url,
                                                  const FetchSection& fetch) {
  boost::asio::io_context ioc{1};
  Fetcher fetcher(ioc, MakeFetcherOptions(fetch));
  auto page = FetchAll(ioc, fetcher, {url});
  const FetchResponse& r = page[0];
  if (!r.ok()) return Fail(ErrorKind::kIo, url + ": " + r.error_message);
  if (!Ok(r)) return Fail(ErrorKind::kIo, url + ": HTTP status " + std::to_string(r.status));
  std::vector<DiscoveredFeed> found;
  if (auto f = AsFeed(url, r, "feed")) {
    found.push_back(std::move(*f));
    return found;
  }
  const std::string page_url = r.url.empty() ? url : r.url;
  std::vector<std::string> linked;
  for (const auto& l : FindFeedLinks(r.body, page_url)) linked.push_back(l.url);
  if (!linked.empty()) TryCandidates(ioc, fetcher, linked, "link", found);
  if (!found.empty()) return found;
  std::vector<std::string> common;
  for (const auto& p : CommonFeedPaths()) {
    if (auto u = ResolveUrl(page_url, p)) common.push_back(*u);
  }
  TryCandidates(ioc, fetcher, common, "common-path", found);
  if (!found.empty()) return found;
  std::string msg = "no feed found at " + url + ": the page is not a feed, ";
  msg += linked.empty() ? "it declares no <link rel=\"alternate\"> feed, "
                        : "none of its " + std::to_string(linked.size()) +
                              " <link rel=\"alternate\"> feeds could be fetched and parsed, ";
  msg += "and none of the common paths (";
  for (std::size_t i = 0; i < CommonFeedPaths().size(); ++i) {
    if (i) msg += ", ";
    msg += CommonFeedPaths()[i];
  }
  msg += ") answered with a feed";
  return Fail(ErrorKind::kNotFound, msg);
}

}  // namespace newsd
