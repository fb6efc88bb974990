#include "extract/html_text.h"

#include <gtest/gtest.h>

#include <string>

#include "extract/charset.h"

namespace newsd {
namespace {

TEST(HtmlTextTest, BlocksBecomeParagraphsAndWhitespaceCollapses) {
  EXPECT_EQ(HtmlFragmentToText("<p>One   two\n three</p><p>Four &amp; <b>five</b></p>"),
            "One two three\n\nFour & five");
}

TEST(HtmlTextTest, BrIsALineBreakAndListsAndHeadingsAreReadable) {
  EXPECT_EQ(HtmlFragmentToText("a<br>b<h2>Title</h2><ul><li>x</li><li>y</li></ul>"),
            "a\nb\n\nTitle\n\nx\n\ny");
}

TEST(HtmlTextTest, DropsScriptsStylesFormsAndHiddenElements) {
  const std::string html =
      "<p>kept</p><script>var x = 1;</script><style>p{}</style><noscript>ns</noscript>"
      "<template>t</template><iframe>f</iframe>"
      "<form><button>Send</button><select><option>A</option></select><textarea>t</textarea></form>"
      "<div hidden>h1</div><div style='display: none'>h2</div><span aria-hidden=true>h3</span>"
      "<p>end</p>";
  EXPECT_EQ(HtmlFragmentToText(html), "kept\n\nend");
}

TEST(HtmlTextTest, PreKeepsLineBreaks) {
  EXPECT_EQ(HtmlFragmentToText("<pre>a  b\nc</pre>"), "a b\nc");
}

TEST(HtmlTextTest, DecodesEntitiesAndKeepsTypography) {
  EXPECT_EQ(HtmlFragmentToText("&laquo;Caf&eacute;&raquo; &#8212; &ldquo;x&rdquo;"),
            "\xC2\xAB"
            "Caf\xC3\xA9\xC2\xBB \xE2\x80\x94 \xE2\x80\x9Cx\xE2\x80\x9D");
}

TEST(HtmlTextTest, RemovesLiteralCommentLeftoverLine) {
  const std::string html = "!-- Google tag (gtag.js) --&gt;\n<p>Real text of the item.</p>";
  EXPECT_EQ(HtmlFragmentToText(html), "Real text of the item.");
}

TEST(HtmlTextTest, RemovesEscapedCommentsCdataAndUnclosedComment) {
  EXPECT_EQ(HtmlFragmentToText("<p>a &lt;!-- x --&gt; b</p><p>c ]]&gt;</p>"), "a b\n\nc");
  EXPECT_EQ(CleanMarkupLeftovers("text <![CDATA[inner]]> more"), "text inner more");
  EXPECT_EQ(CleanMarkupLeftovers("keep\n<!-- never closed\nnext"), "keep\n\nnext");
  // A real unclosed comment hides the rest of the fragment, as in a browser.
  EXPECT_EQ(HtmlFragmentToText("<p>shown</p><!-- unclosed <p>hidden</p>"), "shown");
}

TEST(HtmlTextTest, TruncatedMarkupDegradesGracefully) {
  EXPECT_EQ(HtmlFragmentToText("<p>first<p>second <b>bold <i>it"), "first\n\nsecond bold it");
  EXPECT_EQ(HtmlFragmentToText("<p>cut here <a href=\"http://x"), "cut here");
}

TEST(HtmlTextTest, HostileFiftyThousandNestedDivs) {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<div>";
  html += "deep";
  for (int i = 0; i < 50000; ++i) html += "</div>";
  EXPECT_EQ(HtmlFragmentToText(html), "deep");
}

TEST(HtmlTextTest, HostileTwentyMegabytePage) {
  std::string html;
  const std::string para = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n";
  while (html.size() < 20u * 1024 * 1024) html += para;
  const std::string text = HtmlFragmentToText(html);
  EXPECT_GT(text.size(), 15u * 1024 * 1024);
  EXPECT_EQ(text.substr(0, 11), "Lorem ipsum");
}

TEST(HtmlTextTest, HostileInvalidUtf8BecomesReplacementCharacters) {
  const std::string text = HtmlFragmentToText("<p>ok \xC3\x28 \xFF\xFE end</p>");
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_NE(text.find("ok"), std::string::npos);
  EXPECT_NE(text.find("end"), std::string::npos);
  EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(HtmlTextTest, HostileOnlyScriptsGiveNoText) {
  EXPECT_EQ(HtmlFragmentToText("<script>alert(1)</script><style>x{}</style><script>"), "");
  EXPECT_EQ(HtmlFragmentToText(""), "");
}

TEST(CharsetTest, ConvertsDeclaredLegacyCharsets) {
  EXPECT_EQ(ToUtf8("<meta charset=\"iso-8859-1\"><p>Caf\xE9</p>"),
            "<meta charset=\"iso-8859-1\"><p>Caf\xC3\xA9</p>");
  EXPECT_EQ(ToUtf8("\xEF\xBB\xBFok"), "ok");
  EXPECT_EQ(ToUtf8("\xCF\xF0\xE8", "windows-1251"), "\xD0\x9F\xD1\x80\xD0\xB8");
  // Valid UTF-8 under a stale Latin-1 declaration stays as it is.
  EXPECT_EQ(ToUtf8("<meta charset=latin1>Caf\xC3\xA9"), "<meta charset=latin1>Caf\xC3\xA9");
}

}  // namespace
}  // namespace newsd
