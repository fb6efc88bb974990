// Broken feeds recovered as a reader would, with warnings at line:column, and
// charset detection (BOM, XML declaration, HTTP charset, UTF-8, windows-1252).
#include <string>

#include <gtest/gtest.h>

#include "feeds/charset.h"
#include "feeds/parser.h"
#include "feeds/xml_repair.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

ParsedFeed Parse(const std::string& doc, const std::string& content_type = "") {
  ParseOptions o;
  o.content_type = content_type;
  o.base_url = "http://example.com/";
  auto r = ParseFeed(doc, o);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : ParsedFeed{};
}

bool HasWarning(const ParsedFeed& f, const std::string& needle) {
  for (const auto& w : f.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST(ParserRepair, HtmlEntitiesXmlLacks) {
  ParsedFeed f = Parse(
      "<rss version=\"2.0\"><channel>\n<title>A&nbsp;B &mdash; C &eacute;</title></channel></rss>");
  EXPECT_EQ(f.title, "A\u00a0B \u2014 C \u00e9");
  EXPECT_TRUE(f.recovered);
  EXPECT_TRUE(HasWarning(f, "2:9: undefined entity &nbsp; read as U+00A0")) << f.warnings.at(0);
}

TEST(ParserRepair, BareAmpersandAndControlCharacters) {
  ParsedFeed f = Parse(
      "<rss version=\"2.0\"><channel><item><title>Tom & Jerry\x01</title>"
      "<link>http://e.com/?a=1&b=2</link></item></channel></rss>");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title.substr(0, 11), "Tom & Jerry");
  EXPECT_EQ(f.items[0].link, "http://e.com/?a=1&b=2");
  EXPECT_TRUE(f.recovered);
}

TEST(ParserRepair, GarbageBeforeDeclaration) {
  ParsedFeed f = Parse(
      "\n\n  junk<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
      "<title>T</title></channel></rss>");
  EXPECT_EQ(f.title, "T");
  EXPECT_TRUE(f.recovered);
}

TEST(ParserRepair, UnterminatedCdataAndDocument) {
  ParsedFeed f = Parse(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title>"
      "<description><![CDATA[<p>cut off");
  EXPECT_EQ(f.title, "T");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "One");
  EXPECT_EQ(f.items[0].summary_html, "<p>cut off");
  EXPECT_TRUE(HasWarning(f, "unterminated CDATA"));
}

TEST(ParserRepair, MismatchedTags) {
  ParsedFeed f = Parse(
      "<rss version=\"2.0\"><channel><item><title>One</TITLE>"
      "<description>a <b>bold</description></item>"
      "<item><title>Two</title></i></item></channel></rss>");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "One");
  EXPECT_EQ(f.items[1].title, "Two");
  EXPECT_TRUE(f.recovered);
  EXPECT_TRUE(HasWarning(f, "without start tag"));
}

TEST(ParserRepair, UnquotedAttributesAndBareLessThan) {
  ParsedFeed f = Parse(
      "<rss version=2.0><channel><item><title>a < b</title>"
      "<enclosure url=http://e.com/a.mp3 length=5 type=\"audio/mpeg\"/>"
      "</item></channel></rss>");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "a < b");
  ASSERT_EQ(f.items[0].enclosures.size(), 1u);
  EXPECT_EQ(f.items[0].enclosures[0].url, "http://e.com/a.mp3");
}

TEST(ParserRepair, WarningsCarryLineAndColumn) {
  RepairedXml r = RepairXml("<a>\n  <b>x & y</a>", 64);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_EQ(r.warnings[0].substr(0, 5), "2:8: ");
  EXPECT_EQ(r.xml, "<a>\n  <b>x &amp; y</b></a>");
}

TEST(Charset, ContentTypeCharset) {
  EXPECT_EQ(ContentTypeCharset("text/xml; charset=\"KOI8-R\""), "koi8-r");
  EXPECT_EQ(ContentTypeCharset("application/rss+xml;charset= 'us-ascii'"), "us-ascii");
  EXPECT_EQ(ContentTypeCharset("text/xml"), "");
}

TEST(Charset, OrderBomDeclarationHttpUtf8Fallback) {
  // windows-1251 bytes for "Привет".
  const std::string cp1251 = "\xCF\xF0\xE8\xE2\xE5\xF2";
  auto doc = [&](const std::string& decl) {
    return decl + "<rss version=\"2.0\"><channel><title>" + cp1251 + "</title></channel></rss>";
  };
  EXPECT_EQ(Parse(doc("<?xml version=\"1.0\" encoding=\"windows-1251\"?>")).title, "Привет");
  // The XML declaration wins over HTTP.
  EXPECT_EQ(
      Parse(doc("<?xml version=\"1.0\" encoding=\"windows-1251\"?>"), "text/xml; charset=koi8-r")
          .title,
      "Привет");
  // HTTP charset when the document says nothing.
  EXPECT_EQ(Parse(doc(""), "text/xml; charset=windows-1251").title, "Привет");
  // Nothing declared, not UTF-8: windows-1252, flagged.
  ParsedFeed latin = Parse(doc(""));
  EXPECT_EQ(latin.charset, "windows-1252");
  EXPECT_TRUE(latin.recovered);
  // A BOM beats everything.
  ParsedFeed bom = Parse("\xEF\xBB\xBF" + doc("<?xml version=\"1.0\" encoding=\"koi8-r\"?>") + "",
                         "text/xml; charset=koi8-r");
  EXPECT_EQ(bom.charset, "UTF-8");
}

TEST(Charset, Utf16WithBom) {
  const std::string text = "<rss version=\"2.0\"><channel><title>Ünï</title></channel></rss>";
  // Build UTF-16LE by hand from the UTF-8 above (BMP only).
  std::u16string wide = u"<rss version=\"2.0\"><channel><title>Ünï</title></channel></rss>";
  std::string bytes = "\xFF\xFE";
  for (char16_t c : wide) {
    bytes.push_back(static_cast<char>(c & 0xFF));
    bytes.push_back(static_cast<char>(c >> 8));
  }
  EXPECT_EQ(Parse(bytes).title, "Ünï");
  (void)text;
}

TEST(Charset, InvalidBytesAreReplacedNotFatal) {
  ParsedFeed f = Parse(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
      "<title>ok \xFF\xFE bad</title></channel></rss>");
  EXPECT_NE(f.title.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_TRUE(f.recovered);
}

TEST(Charset, UnknownLabelFallsThrough) {
  ParsedFeed f = Parse(
      "<?xml version=\"1.0\" encoding=\"bogus\"?><rss version=\"2.0\"><channel>"
      "<title>plain</title></channel></rss>");
  EXPECT_EQ(f.title, "plain");
  EXPECT_TRUE(HasWarning(f, "unknown charset"));
}

}  // namespace
}  // namespace newsd
