// Hints about an element's role taken from its tag, class and id
// (used by the main-content scorer). Pure functions; thread-safe.
#pragma once

struct GumboInternalNode;

namespace newsd {

// +25 for names that suggest article text (article, content, body, entry,
// post, story, text, main); -25 for names that mark boilerplate whatever
// the element holds (nav, menu, footer, comment/kommentar, related, cookie,
// newsletter, caption/legend, ad, no-print, ...); -10 for names that suggest
// it but also name layout wrappers (sidebar, share, social, widget, header,
// promo, image, ...) or for a strong name mixed with a positive one; 0 when
// neutral. Words are split at punctuation and camelCase humps, and each pair
// of neighbouring words is also tried joined ("news-letter").
int ClassWeight(const GumboInternalNode* element);

// ClassWeight and IsLeadElement from one scan of the class and id.
struct ElementHints {
  int weight = 0;
  bool lead = false;
  bool ad = false;  // named "ad"/"ads" (a slot wrapper may also hold prose)
};
ElementHints ClassHints(const GumboInternalNode* element);
constexpr int kStrongNegativeWeight = -25;
constexpr int kWeakNegativeWeight = -10;

// True for elements that are not article prose by their tag or ARIA role:
// nav, aside, footer, menu, figure/figcaption (captions and credits), time
// (datelines), h1 (the title: Article::title carries it), and
// role=navigation/banner/complementary/contentinfo/menu/dialog/alert/search.
bool IsBoilerplateTag(const GumboInternalNode* element);

// True for <article>, <main>, itemprop=articleBody/text, role=main/article.
bool IsArticleTag(const GumboInternalNode* element);

// True for elements whose class/id names an article's lead paragraph
// (lead, intro, excerpt, standfirst, summary, subtitle, subhead, deck, dek,
// perex, vorspann, einleitung, chapeau, bajada, entradilla, sottotitolo) or
// itemprop=description/abstract.
bool IsLeadElement(const GumboInternalNode* element);

}  // namespace newsd
