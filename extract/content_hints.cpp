#include "extract/content_hints.h"

#include <gumbo.h>

#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extract/dom_text.h"

namespace newsd {
namespace {

// Class and id names are split into lower-case words at non-alphanumerics
// and camelCase humps ("APageRoot__SectionWrapper" -> a page root section
// wrapper); a hint matches a word it begins or ends ("subnav", "navbar",
// "articlebody"), never the middle of one ("apageroot" is no "pager").
constexpr std::array<std::string_view, 12> kPositive = {"article", "content", "body",     "entry",
                                                        "post",    "story",   "text",     "main",
                                                        "blog",    "hentry",  "abstract", "lead"};

// Words that mark furniture whatever the element holds.
constexpr std::array<std::string_view, 33> kStrongNegative = {
    "byline",     "caption", "credit",     "postinfo", "postmeta", "nav",
    "menu",       "footer",  "comment",    "related",  "cookie",   "consent",
    "newsletter", "subscri", "breadcrumb", "outbrain", "taboola",  "recommend",
    "mostread",   "popular", "trending",   "disqus",   "livefyre", "gdpr",
    "login",      "signup",  "pagination", "pager",    "tagcloud", "sitemap",
    "kommentar",  "comentario", "noprint"};

// Words that suggest furniture but also name layout wrappers
// ("sidebar-layout", "widget-container", "header-wrap"): the scorer only
// believes them for link-heavy or short elements.
constexpr std::array<std::string_view, 22> kWeakNegative = {
    "sidebar",  "share",    "sharing",  "social",     "promo", "advert",  "sponsor", "widget",
    "banner",   "masthead", "header",   "popup",      "modal", "toolbar", "reply",   "rating",
    "readmore", "author",   "category", "categories", "skip",  "print"};

// Words that only count when they are the whole word.
constexpr std::array<std::string_view, 3> kStrongExact = {"ad", "ads", "hidden"};
constexpr std::array<std::string_view, 7> kWeakExact = {"date", "time", "meta", "tags",
                                                        "more", "bio",  "share"};

std::vector<std::string> Words(const GumboNode* e) {
  std::vector<std::string> words;
  for (const char* attr : {"class", "id"}) {
    const std::string_view v = Attribute(e, attr);
    std::string cur;
    char prev = 0;
    for (char c : v) {
      const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
      const bool hump = std::isupper(static_cast<unsigned char>(c)) &&
                        std::islower(static_cast<unsigned char>(prev));
      if ((!alnum || hump) && !cur.empty()) words.push_back(std::exchange(cur, {}));
      if (alnum) cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      prev = c;
    }
    if (!cur.empty()) words.push_back(cur);
  }
  return words;
}

template <std::size_t N>
bool EdgeWord(std::string_view w, const std::array<std::string_view, N>& hints) {
  for (std::string_view h : hints) {
    if (w.size() >= h.size() && (w.substr(0, h.size()) == h || w.substr(w.size() - h.size()) == h)) {
      return true;
    }
  }
  return false;
}

// Also tries each pair of neighbouring words joined, so that "news-letter",
// "most_read" and "tagCloud" match "newsletter", "mostread", "tagcloud".
template <std::size_t N>
bool Edge(const std::vector<std::string>& words, const std::array<std::string_view, N>& hints) {
  std::string pair;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (EdgeWord(words[i], hints)) return true;
    if (i + 1 < words.size()) {
      pair.assign(words[i]).append(words[i + 1]);
      if (EdgeWord(pair, hints)) return true;
    }
  }
  return false;
}

template <std::size_t N>
bool Exact(const std::vector<std::string>& words, const std::array<std::string_view, N>& hints) {
  for (const std::string& w : words) {
    for (std::string_view h : hints) {
      if (w == h) return true;
    }
  }
  return false;
}

}  // namespace

// "no-print", "hidden-print": left out of the printed article.
bool NotPrinted(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if ((words[i] == "no" && words[i + 1] == "print") ||
        (words[i] == "hidden" && words[i + 1] == "print")) {
      return true;
    }
  }
  return false;
}

int ClassWeight(const GumboNode* e) {
  if (e->type != GUMBO_NODE_ELEMENT) return 0;
  if (Attribute(e, "class").empty() && Attribute(e, "id").empty()) return 0;
  const std::vector<std::string> words = Words(e);
  if (NotPrinted(words)) return kStrongNegativeWeight;
  const bool pos = Edge(words, kPositive);
  const bool strong = Edge(words, kStrongNegative) || Exact(words, kStrongExact);
  const bool weak = Edge(words, kWeakNegative) || Exact(words, kWeakExact);
  if (strong) return pos ? -10 : -25;
  if (weak) return pos ? 0 : -10;
  return pos ? 25 : 0;
}

bool IsBoilerplateTag(const GumboNode* e) {
  if (e->type != GUMBO_NODE_ELEMENT) return false;
  switch (e->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_H1:
      return true;
    case GUMBO_TAG_TIME: {
      // A dateline, unless it is a date inside a sentence.
      const GumboNode* p = e->parent;
      return p == nullptr || p->type != GUMBO_NODE_ELEMENT || p->v.element.tag != GUMBO_TAG_P;
    }
    default:
      break;
  }
  const std::string_view role = Attribute(e, "role");
  return role == "navigation" || role == "banner" || role == "complementary" ||
         role == "contentinfo" || role == "menu" || role == "menubar" || role == "dialog" ||
         role == "alert" || role == "search";
}

bool IsLeadElement(const GumboNode* e) {
  static constexpr std::array<std::string_view, 10> kLead = {
      "lead", "intro", "excerpt", "standfirst", "summary", "subtitle", "subhead", "deck", "dek", "perex"};
  if (e->type != GUMBO_NODE_ELEMENT) return false;
  const std::string_view prop = Attribute(e, "itemprop");
  if (prop == "description" || prop == "abstract") return true;
  if (Attribute(e, "class").empty() && Attribute(e, "id").empty()) return false;
  return Edge(Words(e), kLead);
}

bool IsArticleTag(const GumboNode* e) {
  if (e->type != GUMBO_NODE_ELEMENT) return false;
  const GumboTag tag = e->v.element.tag;
  if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) return true;
  const std::string_view prop = Attribute(e, "itemprop");
  if (prop == "articleBody" || prop == "text" || prop == "reviewBody") return true;
  const std::string_view role = Attribute(e, "role");
  return role == "main" || role == "article";
}

}  // namespace newsd
