#include "core/url.h"

#include <gtest/gtest.h>

namespace newsd {
namespace {

TEST(UrlTest, ResolvesRelativeReferences) {
  EXPECT_EQ(*ResolveUrl("https://example.com/news/feed.xml", "../a/b.html"),
            "https://example.com/a/b.html");
  EXPECT_EQ(*ResolveUrl("https://example.com/news/", "//cdn.example.com/x.jpg"),
            "https://cdn.example.com/x.jpg");
  EXPECT_EQ(*ResolveUrl("https://example.com/news/", "  /top  "), "https://example.com/top");
  EXPECT_EQ(*ResolveUrl("https://example.com/", "http://other.org/x"), "http://other.org/x");
}

TEST(UrlTest, EncodesCharactersBrowsersAccept) {
  EXPECT_EQ(*ResolveUrl("https://example.com/", "/a b"), "https://example.com/a%20b");
}

TEST(UrlTest, RelativeAgainstNoBaseFails) {
  EXPECT_FALSE(ResolveUrl("", "/x"));
  EXPECT_FALSE(ResolveUrl("not a url", "/x"));
}

TEST(UrlTest, CanonicalRemovesTrackingAndNoise) {
  EXPECT_EQ(CanonicalizeUrl("HTTPS://Example.COM:443/a/./b/../c?utm_source=rss&id=7&fbclid=x#top"),
            "https://example.com/a/c?id=7");
  EXPECT_EQ(CanonicalizeUrl("http://example.com:80"), "http://example.com/");
  EXPECT_EQ(CanonicalizeUrl("https://example.com/x?gclid=1&mc_cid=2&mc_eid=3&yclid=4"),
            "https://example.com/x");
}

TEST(UrlTest, CanonicalKeepsMeaningfulParameters) {
  EXPECT_EQ(CanonicalizeUrl("https://example.com/story?id=42&page=2"),
            "https://example.com/story?id=42&page=2");
  EXPECT_EQ(CanonicalizeUrl("https://example.com:8443/x"), "https://example.com:8443/x");
}

TEST(UrlTest, TwoTrackingVariantsCanonicaliseToTheSameUrl) {
  EXPECT_EQ(CanonicalizeUrl("https://news.example/a?utm_medium=feed"),
            CanonicalizeUrl("https://NEWS.example/a?ref=twitter#comments"));
}

TEST(UrlTest, NonHttpUrlsAreLeftAlone) {
  EXPECT_EQ(CanonicalizeUrl("mailto:a@b.c"), "mailto:a@b.c");
  EXPECT_EQ(CanonicalizeUrl("not a url"), "not a url");
  EXPECT_EQ(UrlHost("https://Example.com:8080/x"), "example.com");
}

}  // namespace
}  // namespace newsd
