// ParseFeed on each format: fields, namespaces, links, identity rules.
#include "feeds/parser.h"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "core/time.h"
#include "core/url.h"
#include "feeds/link_resolver.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

ParsedFeed MustParse(std::string_view doc, std::string base = "https://example.com/feed/") {
  ParseOptions o;
  o.base_url = std::move(base);
  auto r = ParseFeed(doc, o);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : ParsedFeed{};
}

constexpr std::string_view kRss = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
<channel>
  <title>AT&amp;amp;T &lt;b&gt;News&lt;/b&gt;</title>
  <link>/</link>
  <description>All the &lt;i&gt;news&lt;/i&gt;</description>
  <language>en-us</language>
  <lastBuildDate>Tue, 28 Sep 2021 10:00:00 GMT</lastBuildDate>
  <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
  <atom:link rel="self" href="https://example.com/feed/rss.xml"/>
  <atom:link rel="hub" href="https://hub.example.net/"/>
  <item>
    <title>  Drills   near
      the border </title>
    <link>/2021/09/drills.html</link>
    <guid isPermaLink="false">tag:example.com,2021:1</guid>
    <description><![CDATA[<p>Short <a href="/more">more</a></p>]]></description>
    <content:encoded><![CDATA[<p>Full <img src="img/1.jpg"></p>]]></content:encoded>
    <dc:creator>Jane Roe</dc:creator>
    <pubDate>Tue, 28 Sep 2021 09:00:00 +0200</pubDate>
    <category>politics</category><dc:subject>security</dc:subject>
    <enclosure url="/a.mp3" type="audio/mpeg" length="12345"/>
    <media:group><media:thumbnail url="https://cdn.example.com/t.jpg"/></media:group>
  </item>
  <item>
    <title>Permalink guid</title>
    <guid>https://example.com/p/2</guid>
  </item>
  <item>
    <title>No guid, no link</title>
    <description>same every poll</description>
  </item>
</channel>
</rss>)";

TEST(ParserFormats, Rss20ChannelAndItems) {
  ParsedFeed f = MustParse(kRss);
  EXPECT_EQ(f.format, "rss2.0");
  EXPECT_EQ(f.title, "AT&T News");
  EXPECT_EQ(f.link, "https://example.com/");
  EXPECT_EQ(f.description, "All the <i>news</i>");
  EXPECT_EQ(f.language, "en-us");
  ASSERT_TRUE(f.updated);
  EXPECT_EQ(FormatRfc3339(*f.updated), "2021-09-28T10:00:00Z");
  ASSERT_TRUE(f.ttl);
  EXPECT_EQ(f.ttl->count(), 1800);
  EXPECT_EQ(f.self_url, "https://example.com/feed/rss.xml");
  EXPECT_EQ(f.hub_url, "https://hub.example.net/");
  EXPECT_FALSE(f.recovered);
  ASSERT_EQ(f.items.size(), 3u);

  const FeedItem& a = f.items[0];
  EXPECT_EQ(a.title, "Drills near the border");
  EXPECT_EQ(a.link, "https://example.com/2021/09/drills.html");
  EXPECT_EQ(a.guid, "tag:example.com,2021:1");
  EXPECT_EQ(a.summary_html, R"(<p>Short <a href="https://example.com/more">more</a></p>)");
  EXPECT_EQ(a.content_html, R"(<p>Full <img src="https://example.com/feed/img/1.jpg"></p>)");
  EXPECT_EQ(a.author, "Jane Roe");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(FormatRfc3339(*a.published), "2021-09-28T07:00:00Z");
  EXPECT_EQ(a.categories, (std::vector<std::string>{"politics", "security"}));
  ASSERT_EQ(a.enclosures.size(), 1u);
  EXPECT_EQ(a.enclosures[0].url, "https://example.com/a.mp3");
  EXPECT_EQ(a.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(a.enclosures[0].length, 12345);
  EXPECT_EQ(a.image, "https://cdn.example.com/t.jpg");

  // isPermaLink absent: the guid is also the link.
  EXPECT_EQ(f.items[1].guid, "https://example.com/p/2");
  EXPECT_EQ(f.items[1].link, "https://example.com/p/2");
  // Neither guid nor link: a stable hash.
  EXPECT_EQ(f.items[2].guid.rfind("sha256:", 0), 0u);
  EXPECT_EQ(f.items[2].guid, MustParse(kRss).items[2].guid);
}

TEST(ParserFormats, PermalinkFalseGuidIsNotALink) {
  ParsedFeed f = MustParse(R"(<rss version="2.0"><channel><item>
    <guid isPermaLink="false">https://example.com/x</guid></item></channel></rss>)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].guid, "https://example.com/x");
  EXPECT_EQ(f.items[0].link, "");
}

TEST(ParserFormats, HashIdentityChangesWithContent) {
  auto doc = [](const char* d) {
    return std::string("<rss version=\"2.0\"><channel><item><title>T</title><description>") + d +
           "</description></item></channel></rss>";
  };
  EXPECT_NE(MustParse(doc("one")).items[0].guid, MustParse(doc("two")).items[0].guid);
}

TEST(ParserFormats, Rss10RdfWithDublinCore) {
  ParsedFeed f = MustParse(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/"><title>RDF feed</title><link>http://example.org/</link>
    <dc:language>de_DE</dc:language></channel>
  <item rdf:about="http://example.org/1"><title>One</title><link>http://example.org/1</link>
    <dc:date>2004-07-08T23:56:58+02:00</dc:date><dc:creator>A. Writer</dc:creator></item>
</rdf:RDF>)");
  EXPECT_EQ(f.format, "rss1.0");
  EXPECT_EQ(f.title, "RDF feed");
  EXPECT_EQ(f.language, "de-DE");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].link, "http://example.org/1");
  ASSERT_TRUE(f.items[0].published);
  EXPECT_EQ(FormatRfc3339(*f.items[0].published), "2004-07-08T21:56:58Z");
  EXPECT_EQ(f.items[0].author, "A. Writer");
}

TEST(ParserFormats, Rss091) {
  ParsedFeed f = MustParse(R"(<rss version="0.91"><channel><title>Old</title><ttl>30</ttl>
    <item><title>x</title><link>http://e.com/x</link></item></channel></rss>)");
  EXPECT_EQ(f.format, "rss0.9x");
  ASSERT_TRUE(f.ttl);
  EXPECT_EQ(f.ttl->count(), 1800);
}

TEST(ParserFormats, Atom10TextConstructsAndXmlBase) {
  ParsedFeed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"
      xml:base="http://example.org/blog/">
  <title type="html">Le &lt;em&gt;blog&lt;/em&gt;</title>
  <subtitle type="text">a &lt; b</subtitle>
  <link href="./"/><link rel="self" href="atom.xml"/>
  <updated>2021-09-28T10:00:00Z</updated>
  <author><name>Feed Author</name></author>
  <entry xml:base="posts/">
    <id>urn:uuid:1</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Hello <b>world</b></div></title>
    <link rel="alternate" type="text/html" href="1.html"/>
    <link rel="enclosure" type="audio/ogg" length="7" href="/a.ogg"/>
    <published>2021-09-27T08:00:00+02:00</published>
    <updated>2021-09-28T08:00:00Z</updated>
    <summary>x &lt; y</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <a href="rel">r</a></p></div></content>
    <category term="science"/>
  </entry>
</feed>)");
  EXPECT_EQ(f.format, "atom1.0");
  EXPECT_EQ(f.title, "Le blog");
  EXPECT_EQ(f.description, "a &lt; b");
  EXPECT_EQ(f.link, "http://example.org/blog/");
  EXPECT_EQ(f.self_url, "http://example.org/blog/atom.xml");
  EXPECT_EQ(f.language, "fr");
  ASSERT_EQ(f.items.size(), 1u);
  const FeedItem& e = f.items[0];
  EXPECT_EQ(e.guid, "urn:uuid:1");
  EXPECT_EQ(e.title, "Hello world");
  EXPECT_EQ(e.link, "http://example.org/blog/posts/1.html");
  EXPECT_EQ(e.author, "Feed Author");
  EXPECT_EQ(e.summary_html, "x &lt; y");
  EXPECT_EQ(e.content_html, R"(<p>Body <a href="http://example.org/blog/posts/rel">r</a></p>)");
  EXPECT_EQ(e.categories, std::vector<std::string>{"science"});
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "http://example.org/a.ogg");
  EXPECT_EQ(FormatRfc3339(*e.published), "2021-09-27T06:00:00Z");
  EXPECT_EQ(FormatRfc3339(*e.updated), "2021-09-28T08:00:00Z");
}

TEST(ParserFormats, Atom03) {
  ParsedFeed f = MustParse(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
    <title>Old Atom</title><modified>2004-01-01T00:00:00Z</modified>
    <entry><title>E</title><issued>2003-12-31T10:14:55Z</issued>
      <content type="text/html" mode="escaped">&lt;p&gt;hi&lt;/p&gt;</content></entry></feed>)");
  EXPECT_EQ(f.format, "atom0.3");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].content_html, "<p>hi</p>");
  EXPECT_EQ(FormatRfc3339(*f.items[0].published), "2003-12-31T10:14:55Z");
}

TEST(ParserFormats, JsonFeed) {
  ParsedFeed f = MustParse(R"({"version": "https://jsonfeed.org/version/1.1",
    "title": "JSON &amp; Co", "home_page_url": "https://example.org/",
    "authors": [{"name": "Me"}], "language": "en",
    "items": [{"id": 7, "url": "/p/7", "title": "Seven", "content_html": "<p><a href=\"/x\">x</a></p>",
               "date_published": "2021-09-28T10:00:00+01:00", "tags": ["a"],
               "attachments": [{"url": "https://e.org/a.mp3", "mime_type": "audio/mpeg",
                                "size_in_bytes": 99}]}]})",
                           "https://example.org/feed.json");
  EXPECT_EQ(f.format, "jsonfeed1.x");
  EXPECT_EQ(f.title, "JSON & Co");
  ASSERT_EQ(f.items.size(), 1u);
  const FeedItem& i = f.items[0];
  EXPECT_EQ(i.guid, "7");
  EXPECT_EQ(i.link, "https://example.org/p/7");
  EXPECT_EQ(i.author, "Me");
  EXPECT_EQ(i.content_html, R"(<p><a href="https://example.org/x">x</a></p>)");
  EXPECT_EQ(FormatRfc3339(*i.published), "2021-09-28T09:00:00Z");
  ASSERT_EQ(i.enclosures.size(), 1u);
  EXPECT_EQ(i.enclosures[0].length, 99);
}

TEST(ParserFormats, JsonShapeMatchesInterfaces) {
  const boost::json::object o = ParsedFeedToJson(MustParse(kRss));
  for (const char* key : {"format", "title", "link", "description", "language", "updated",
                          "ttl_seconds", "recovered", "warnings", "items"}) {
    EXPECT_TRUE(o.contains(key)) << key;
  }
  EXPECT_EQ(o.at("ttl_seconds").as_int64(), 1800);
  const auto& item = o.at("items").as_array().at(1).as_object();
  for (const char* key : {"guid", "link", "title", "author", "published", "updated", "summary_html",
                          "content_html", "categories", "language", "enclosures", "image"}) {
    EXPECT_TRUE(item.contains(key)) << key;
  }
  EXPECT_TRUE(item.at("author").is_null());
  EXPECT_TRUE(item.at("categories").as_array().empty());
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

// The resolver's shortcut for plain paths must agree with the general
// RFC 3986 resolution (core/url.h ResolveUrl). (An empty reference is "no link"
// for the parser and stays empty.)
TEST(LinkResolverTest, AgreesWithResolveUrl) {
  for (const char* base : {"http://a.example/b/c/d;p?q", "https://x.org", "https://x.org/feed.xml",
                           "http://u@h.example:8080/dir/sub/", "http://a/b/./c/"}) {
    LinkResolver resolver(base);
    for (const char* ref : {"g",
                            "./g",
                            "g/",
                            "/g",
                            "//g",
                            "?y",
                            "g?y",
                            "#s",
                            "g#s",
                            "g?y#s",
                            ";x",
                            "g;x",
                            ".",
                            "./",
                            "..",
                            "../",
                            "../g",
                            "../..",
                            "/./g",
                            "/../g",
                            "g.",
                            ".g",
                            "g..",
                            "..g",
                            "a/b/c.html?x=1&y=2",
                            "/related/123",
                            "img/1.jpg",
                            "http://other/x",
                            "mailto:a@b"}) {
      const auto expected = ResolveUrl(base, ref);
      EXPECT_EQ(resolver.Resolve(ref), expected ? *expected : std::string(ref))
          << base << " + " << ref;
    }
  }
}

}  // namespace
}  // namespace newsd
