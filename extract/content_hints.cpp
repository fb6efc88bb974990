#include "extract/content_hints.h"

#include <gumbo.h>

#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "extract/dom_text.h"

namespace newsd {
namespace {

constexpr std::array<std::string_view, 11> kPositive = {"article", "content", "body",    "entry",
                                                        "post",    "story",   "text",    "main",
                                                        "blog",    "hentry",  "abstract"};

// Names that mark furniture whatever the element holds.
constexpr std::array<std::string_view, 34> kStrongNegative = {
    "byline", "caption", "credit", "entry-meta", "post-meta", "postmeta", "article-meta",
    "entry-footer", "postinfo",
    "nav",       "menu",      "footer",     "comment",   "related",    "cookie",   "consent",
    "newsletter", "subscri",  "breadcrumb", "outbrain",  "taboola",    "recommend", "most-read",
    "mostread",  "popular",   "trending",   "disqus",    "livefyre",   "gdpr",     "login",
    "signup",    "pagination", "pager",     "tagcloud"};

// Names that suggest furniture but are also used for layout wrappers
// ("sidebar-layout", "widget-container", "header-wrap"): the scorer only
// believes them for link-heavy or short elements.
constexpr std::array<std::string_view, 22> kWeakNegative = {
    "sidebar", "share",  "sharing", "social",  "promo",     "advert",    "sponsor", "widget",
    "banner",  "masthead", "header", "popup",  "modal",     "tags",      "skip",    "toolbar",
    "reply",   "meta-",  "author-bio", "more-", "read-more", "rating"};

std::string LowerNames(const GumboNode* e) {
  std::string s(Attribute(e, "class"));
  s.push_back(' ');
  s.append(Attribute(e, "id"));
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// True when a whitespace/dash/underscore separated token of `s` equals `t`.
bool HasToken(const std::string& s, std::string_view t) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '-' || s[i] == '_')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '-' && s[j] != '_') ++j;
    if (s.compare(i, j - i, t) == 0 && j > i) return true;
    i = j;
  }
  return false;
}

}  // namespace

int ClassWeight(const GumboNode* e) {
  if (e->type != GUMBO_NODE_ELEMENT) return 0;
  if (Attribute(e, "class").empty() && Attribute(e, "id").empty()) return 0;
  const std::string names = LowerNames(e);
  bool pos = false;
  bool strong = false;
  bool weak = false;
  for (std::string_view p : kPositive) pos = pos || names.find(p) != std::string::npos;
  for (std::string_view n : kStrongNegative) strong = strong || names.find(n) != std::string::npos;
  for (std::string_view n : kWeakNegative) weak = weak || names.find(n) != std::string::npos;
  strong = strong || HasToken(names, "ad") || HasToken(names, "ads") || HasToken(names, "hidden");
  weak = weak || HasToken(names, "date") || HasToken(names, "time") || HasToken(names, "meta") ||
         HasToken(names, "author") || HasToken(names, "category") || HasToken(names, "categories");
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
    case GUMBO_TAG_MENU: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_H1:
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
