// Main-content extraction for full article pages (boilerplate removal).
//
// The algorithm, in the spirit of readability, jusText and Trafilatura but
// with no site-specific rules:
//  1. one pass over the DOM measures, per element, its text, its link text,
//     commas, and a class/id hint (+ for article/content/body/story/...,
//     - for nav/menu/footer/comment/share/related/cookie/newsletter/...);
//  2. every text block (an element's own inline text) scores by length and
//     punctuation, damped by its link density; scores flow to the parent,
//     grandparent and great-grandparent; the best container wins after
//     damping by its own link density; it widens to the common ancestor
//     when three other candidates nearly match it (articles split by ads);
//     siblings that look like article text, and lead/intro blocks just
//     before it, join it;
//  3. the container is rendered while dropping boilerplate inside it (nav,
//     aside, footer, forms, negative class/id, link lists, high link
//     density blocks), then short boilerplate paragraphs (copyright, "share")
//     are dropped;
//  4. when the result is short, a cleaned rendering of the whole body (same
//     drop rules) replaces it if it is much longer (Trafilatura's fallback).
// Elements holding most of the page's text are never treated as boilerplate.
// Pure function; thread-safe.
#pragma once

#include <string>

struct GumboInternalNode;

namespace newsd {

struct MainContentOptions {
  // Below this many characters the container result is replaced by the
  // fallback when the fallback is longer.
  std::size_t min_chars = 250;
  // Below this many characters the container result is compared with the
  // fallback, which wins when it is `fallback_ratio` times longer.
  std::size_t compare_below_chars = 2000;
  double fallback_ratio = 2.0;
};

// The main text of the page whose <body> is `body` (paragraphs separated by
// "\n\n"); "" when the page has no readable text.
std::string ExtractMainText(const GumboInternalNode* body, const MainContentOptions& options = {});

}  // namespace newsd
