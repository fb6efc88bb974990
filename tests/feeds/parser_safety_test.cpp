// Safety of ParseFeed on hostile input: entity expansion, external entities,
// limits, and documents that are not feeds.
#include "feeds/parser.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace newsd {
namespace {

TEST(ParserSafety, BillionLaughsIsInert) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k)
      doc += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    doc += "\">\n";
  }
  doc +=
      "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>"
      "<item><title>x &lol9; y</title></item></channel></rss>";
  auto r = ParseFeed(doc, {});
  ASSERT_OK(r);
  EXPECT_EQ(r->title, "&lol9;");  // not expanded: kept as text
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_LT(r->items[0].title.size(), 20u);
  EXPECT_TRUE(r->recovered);
}

TEST(ParserSafety, ExternalEntityIsNotRead) {
  testing::TempDir dir;
  const std::string secret = dir.Write("secret.txt", "TOP-SECRET-CONTENT");
  const std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://" +
                          secret +
                          "\">]>\n<rss version=\"2.0\"><channel><title>&xxe;</title>"
                          "<item><description>&xxe;</description></item></channel></rss>";
  auto r = ParseFeed(doc, {});
  ASSERT_OK(r);
  EXPECT_EQ(r->title.find("TOP-SECRET"), std::string::npos);
  EXPECT_EQ(r->items.at(0).summary_html.find("TOP-SECRET"), std::string::npos);
  // The same through the repair path (a broken document with a DTD).
  auto broken = ParseFeed(doc + "<unclosed>", {});
  if (broken) {
    EXPECT_EQ(broken->title.find("TOP-SECRET"), std::string::npos);
  }
}

TEST(ParserSafety, LongBrokenCommentIsLinear) {
  // An unterminated comment full of "--" once took quadratic time to repair.
  const std::string doc =
      "<rss version=\"2.0\"><channel><title>T</title><!--" + std::string(4 << 20, '-');
  auto r = ParseFeed(doc, {});
  ASSERT_OK(r);
  EXPECT_EQ(r->title, "T");
}

TEST(ParserSafety, ItemLimit) {
  std::string doc = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 30; ++i)
    doc += "<item><link>http://e.com/" + std::to_string(i) + "</link></item>";
  doc += "</channel></rss>";
  ParseOptions o;
  o.max_items = 10;
  auto r = ParseFeed(doc, o);
  ASSERT_OK(r);
  ASSERT_EQ(r->items.size(), 10u);
  EXPECT_EQ(r->items[9].link, "http://e.com/9");
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings.back().find("20 items"), std::string::npos) << r->warnings.back();
}

TEST(ParserSafety, DeepNestingIsBounded) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<b>";
  const std::string doc = "<rss version=\"2.0\"><channel><item><title>t</title><description>" +
                          deep + "x</description></item></channel></rss>";
  auto r = ParseFeed(doc, {});  // broken (unclosed): repaired, depth-limited
  ASSERT_OK(r);
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].title, "t");
  EXPECT_TRUE(r->recovered);
}

TEST(ParserSafety, WellFormedDeepNestingDoesNotRecurseUnbounded) {
  std::string open, close;
  for (int i = 0; i < 50000; ++i) {
    open += "<b>";
    close += "</b>";
  }
  const std::string doc =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title>"
      "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
      open + "x" + close + "</div></content></entry></feed>";
  auto r = ParseFeed(doc, {});
  ASSERT_OK(r);
  ASSERT_EQ(r->items.size(), 1u);
}

TEST(ParserSafety, TextSizeLimit) {
  const std::string big(100000, 'a');
  ParseOptions o;
  o.max_text_bytes = 1000;
  auto r = ParseFeed("<rss version=\"2.0\"><channel><item><description>" + big +
                         "</description></item></channel></rss>",
                     o);
  ASSERT_OK(r);
  EXPECT_EQ(r->items.at(0).summary_html.size(), 1000u);
}

TEST(ParserSafety, DocumentSizeLimit) {
  ParseOptions o;
  o.max_document_bytes = 100;
  auto r = ParseFeed(std::string(200, ' ') + "<rss/>", o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kResourceExhausted);
}

TEST(ParserSafety, NothingFeedLikeIsAnError) {
  for (const char* doc : {"", "hello world", "<html><body><p>page</p></body></html>",
                          "<?xml version=\"1.0\"?><note><to>x</to></note>", "{\"a\": 1}",
                          "\x89PNG\r\n\x1a\n\0\0\0"}) {
    auto r = ParseFeed(doc, {});
    ASSERT_FALSE(r) << doc;
    EXPECT_EQ(r.error().kind, ErrorKind::kParse);
    EXPECT_NE(r.error().message.find("not a feed"), std::string::npos) << r.error().message;
  }
  auto html = ParseFeed("<html><head><title>x</title></head></html>", {});
  ASSERT_FALSE(html);
  EXPECT_NE(html.error().message.find("<html>"), std::string::npos);
}

}  // namespace
}  // namespace newsd
