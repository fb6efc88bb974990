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

// Hints, matched against class and id words as described at Scan().
constexpr std::array<std::string_view, 12> kPositive = {"article", "content", "body",     "entry",
                                                        "post",    "story",   "text",     "main",
                                                        "blog",    "hentry",  "abstract", "lead"};

// Words that mark furniture whatever the element holds.
constexpr std::array<std::string_view, 35> kStrongNegative = {
    "byline",     "caption",    "credit",     "postinfo", "postmeta",        "nav",
    "menu",       "footer",     "comment",    "related",  "cookie",          "consent",
    "newsletter", "subscri",    "breadcrumb", "outbrain", "taboola",         "recommend",
    "mostread",   "popular",    "trending",   "disqus",   "livefyre",        "gdpr",
    "login",      "signup",     "pagination", "pager",    "tagcloud",        "sitemap",
    "kommentar",  "comentario", "noprint",    "legend",   "bildunterschrift"};

// Words that suggest furniture but also name layout wrappers
// ("sidebar-layout", "widget-container", "header-wrap"): the scorer only
// believes them for link-heavy or short elements.
constexpr std::array<std::string_view, 26> kWeakNegative = {
    "sidebar", "share",  "sharing",  "social", "promo",    "advert",     "sponsor",
    "widget",  "banner", "masthead", "header", "popup",    "modal",      "toolbar",
    "reply",   "rating", "readmore", "author", "category", "categories", "skip",
    "print",   "image",  "photo",    "foto",   "picture"};

// Words that only count when they are the whole word.
constexpr std::array<std::string_view, 3> kStrongExact = {"ad", "ads", "hidden"};
constexpr std::array<std::string_view, 7> kWeakExact = {"date", "time", "meta", "tags",
                                                        "more", "bio",  "share"};

// One word, or two neighbouring words read as one ("news" + "letter").
struct Word {
  std::string_view a, b;
  std::size_t size() const { return a.size() + b.size(); }
  char at(std::size_t i) const { return i < a.size() ? a[i] : b[i - a.size()]; }
  bool StartsWith(std::string_view h) const {
    if (size() < h.size()) return false;
    for (std::size_t i = 0; i < h.size(); ++i) {
      if (at(i) != h[i]) return false;
    }
    return true;
  }
  bool EndsWith(std::string_view h) const {
    if (size() < h.size()) return false;
    const std::size_t off = size() - h.size();
    for (std::size_t i = 0; i < h.size(); ++i) {
      if (at(off + i) != h[i]) return false;
    }
    return true;
  }
  bool operator==(std::string_view h) const { return b.empty() && a == h; }
};

// In English, and German/French/Spanish/Italian CMS vocabulary.
constexpr std::array<std::string_view, 16> kLead = {
    "lead", "intro", "excerpt",  "standfirst", "summary", "subtitle", "subhead",    "deck",
    "dek",  "perex", "vorspann", "einleitung", "chapeau", "bajada",   "entradilla", "sottotitolo"};

enum Kind : unsigned { kPos = 1, kStrong = 2, kWeak = 4, kLeadKind = 8 };

// Edge hints bucketed by their first character (for "begins with") and
// their last (for "ends with"), so a word is compared with a handful of
// hints instead of all of them.
struct HintTable {
  struct Entry {
    std::string_view hint;
    unsigned kind;
  };
  std::array<std::vector<Entry>, 256> by_first, by_last;
  HintTable() {
    auto add = [this](const auto& list, unsigned kind) {
      for (std::string_view h : list) {
        by_first[static_cast<unsigned char>(h.front())].push_back({h, kind});
        by_last[static_cast<unsigned char>(h.back())].push_back({h, kind});
      }
    };
    add(kPositive, kPos);
    add(kStrongNegative, kStrong);
    add(kWeakNegative, kWeak);
    add(kLead, kLeadKind);
  }
  // The kinds of the hints `w` begins or ends with.
  unsigned Match(const Word& w) const {
    unsigned kinds = 0;
    if (w.size() == 0) return 0;
    for (const Entry& e : by_first[static_cast<unsigned char>(w.at(0))]) {
      if ((kinds & e.kind) == 0 && w.StartsWith(e.hint)) kinds |= e.kind;
    }
    for (const Entry& e : by_last[static_cast<unsigned char>(w.at(w.size() - 1))]) {
      if ((kinds & e.kind) == 0 && w.EndsWith(e.hint)) kinds |= e.kind;
    }
    return kinds;
  }
};

template <std::size_t N>
bool ExactWord(const Word& w, const std::array<std::string_view, N>& hints) {
  for (std::string_view h : hints) {
    if (w == h) return true;
  }
  return false;
}

struct Flags {
  bool pos = false, strong = false, weak = false, lead = false, not_printed = false;
  bool ad = false;  // "ad"/"ads" as a whole word
};

// Splits class and id into lower-case words at non-alphanumerics and
// camelCase humps ("APageRoot__SectionWrapper" -> a page root section
// wrapper) and tests every word and every pair of neighbouring words joined
// ("news-letter", "most_read", "tagCloud" match "newsletter", "mostread",
// "tagcloud"). A hint matches a word it begins or ends ("subnav", "navbar",
// "articlebody"), never the middle of one ("apageroot" is no "pager").
// No allocation once the per-thread buffer has grown.
Flags Scan(const GumboNode* e) {
  thread_local std::string lower;
  thread_local std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) in lower
  lower.clear();
  spans.clear();
  for (const char* attr : {"class", "id"}) {
    const std::string_view v = Attribute(e, attr);
    std::size_t begin = lower.size();
    char prev = 0;
    for (char c : v) {
      const bool alnum = std::isalnum(static_cast<unsigned char>(c)) != 0;
      const bool hump = std::isupper(static_cast<unsigned char>(c)) &&
                        std::islower(static_cast<unsigned char>(prev));
      if ((!alnum || hump) && lower.size() > begin) {
        spans.emplace_back(begin, lower.size());
        begin = lower.size();
      }
      if (alnum) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      prev = c;
    }
    if (lower.size() > begin) spans.emplace_back(begin, lower.size());
  }
  static const HintTable table;
  Flags f;
  const std::string_view all(lower);
  auto apply = [&f](unsigned kinds) {
    f.pos = f.pos || (kinds & kPos) != 0;
    f.strong = f.strong || (kinds & kStrong) != 0;
    f.weak = f.weak || (kinds & kWeak) != 0;
    f.lead = f.lead || (kinds & kLeadKind) != 0;
  };
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const std::string_view w = all.substr(spans[i].first, spans[i].second - spans[i].first);
    const Word word{w, {}};
    apply(table.Match(word));
    if (w.size() <= 6) {
      if (ExactWord(word, kStrongExact)) {
        f.strong = true;
        f.ad = f.ad || w == "ad" || w == "ads";
      }
      f.weak = f.weak || ExactWord(word, kWeakExact);
    }
    if (i + 1 < spans.size()) {
      const std::string_view n =
          all.substr(spans[i + 1].first, spans[i + 1].second - spans[i + 1].first);
      // Pairs only find longer hints; exact-word lists are not tried on them.
      apply(table.Match({w, n}));
      // "no-print", "hidden-print": left out of the printed article.
      if ((w == "no" || w == "hidden") && n == "print") f.not_printed = true;
    }
  }
  return f;
}

bool HasClassOrId(const GumboNode* e) {
  return !Attribute(e, "class").empty() || !Attribute(e, "id").empty();
}

int WeightOf(const Flags& f) {
  if (f.not_printed) return kStrongNegativeWeight;
  if (f.strong) return f.pos ? -10 : -25;
  if (f.weak) return f.pos ? 0 : -10;
  return f.pos ? 25 : 0;
}

bool LeadProp(const GumboNode* e) {
  const std::string_view prop = Attribute(e, "itemprop");
  return prop == "description" || prop == "abstract";
}

}  // namespace

ElementHints ClassHints(const GumboNode* e) {
  ElementHints h;
  if (e->type != GUMBO_NODE_ELEMENT) return h;
  h.lead = LeadProp(e);
  if (!HasClassOrId(e)) return h;
  const Flags f = Scan(e);
  h.weight = WeightOf(f);
  h.lead = h.lead || f.lead;
  h.ad = f.ad;
  return h;
}

int ClassWeight(const GumboNode* e) { return ClassHints(e).weight; }

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

bool IsLeadElement(const GumboNode* e) { return ClassHints(e).lead; }

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
