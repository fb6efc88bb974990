#include "extract/metadata.h"

#include <gtest/gtest.h>

#include "core/time.h"
#include "extract/html_document.h"
#include "extract/page.h"

namespace newsd {
namespace {

PageMetadata Meta(const std::string& html) {
  HtmlDocument doc(html);
  return ExtractMetadata(doc.Root());
}

TEST(MetadataTest, JsonLdWinsOverOpenGraphAndMeta) {
  const PageMetadata m = Meta(R"(<html lang="de-DE"><head>
    <title>Title tag | Site</title>
    <meta property="og:title" content="OG title">
    <meta property="og:site_name" content="OG Site">
    <meta name="author" content="Meta Author">
    <meta property="article:published_time" content="2021-01-01T00:00:00Z">
    <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","name":"W"},
      {"@type":"NewsArticle","headline":"LD headline","datePublished":"2021-09-28T12:00:00+02:00",
       "dateModified":"2021-09-29T08:00:00Z","author":[{"@type":"Person","name":"Ann Lee"},
       {"@type":"Person","name":"Bo Kim"}],"publisher":{"@type":"Organization","name":"LD Pub"},}
    ]}</script>
    <link rel="canonical" href="/story/1">
    </head><body></body></html>)");
  EXPECT_EQ(m.title, "LD headline");
  EXPECT_EQ(m.authors, (std::vector<std::string>{"Ann Lee", "Bo Kim"}));
  EXPECT_EQ(FormatRfc3339(*m.published), "2021-09-28T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*m.updated), "2021-09-29T08:00:00Z");
  EXPECT_EQ(m.site_name, "LD Pub");
  EXPECT_EQ(m.canonical_url, "/story/1");
  EXPECT_EQ(m.language, "de-DE");
}

TEST(MetadataTest, OpenGraphThenMetaThenTimeThenTitle) {
  PageMetadata m = Meta(R"(<head><meta property="og:title" content="OG title">
    <meta name="author" content="Meta Author"><meta property="og:url" content="https://x.org/a">
    </head><body><time datetime="2020-05-06">May 6</time></body>)");
  EXPECT_EQ(m.title, "OG title");
  EXPECT_EQ(m.authors, std::vector<std::string>{"Meta Author"});
  EXPECT_EQ(FormatRfc3339(*m.published), "2020-05-06T00:00:00Z");
  EXPECT_EQ(m.canonical_url, "https://x.org/a");
  m = Meta("<head><title> Plain  title </title></head><body>x</body>");
  EXPECT_EQ(m.title, "Plain title");
  EXPECT_FALSE(m.published.has_value());
}

TEST(MetadataTest, BrokenJsonLdIsSkipped) {
  const PageMetadata m = Meta(R"(<head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": </script><meta property="og:title" content="Fallback"></head>)");
  EXPECT_EQ(m.title, "Fallback");
}

TEST(MetadataTest, PageValuesWinOverFeedValuesAndCanonicalResolves) {
  const Article a = ExtractPage(
      R"(<head><meta property="og:title" content="Page title"><link rel=canonical href="/c?utm_source=rss">
      </head><body><p>Text.</p></body>)",
      "https://news.example.com/a/b?x=1");
  EXPECT_EQ(a.title, "Page title");
  EXPECT_EQ(a.canonical_url, "https://news.example.com/c");
  const Article b = ExtractPage("<body><p>Text.</p></body>", "https://Example.com/p#x");
  EXPECT_EQ(b.canonical_url, "https://example.com/p");
}

}  // namespace
}  // namespace newsd
