// Hints about an element's role taken from its tag, class and id
// (used by the main-content scorer). Pure functions; thread-safe.
#pragma once

struct GumboInternalNode;

namespace newsd {

// +25 for names that suggest article text (article, content, body, entry,
// post, story, text, main), -25 for names that suggest boilerplate (nav,
// menu, footer, sidebar, comment, share, social, related, cookie,
// newsletter, promo, ad, widget, breadcrumb, ...); 0 when neutral or both.
int ClassWeight(const GumboInternalNode* element);

// True for elements that hold page furniture by their tag or ARIA role:
// nav, aside, footer, menu, dialog, and role=navigation/banner/complementary/
// contentinfo/menu/dialog/alert.
bool IsBoilerplateTag(const GumboInternalNode* element);

// True for <article>, <main>, itemprop=articleBody/text, role=main/article.
bool IsArticleTag(const GumboInternalNode* element);

}  // namespace newsd
