// The per-item fast paths give exactly what the plain implementations give:
// SimHash (ASCII words without ICU), ContentKey (piecewise NFKC_Casefold),
// HtmlFragmentToText (text runs swapped out of Gumbo's input), on the pages
// of tests/data and on generated adversarial input. Plus LanguageSample.
#include <gtest/gtest.h>
#include <unicode/unistr.h>

#include <random>
#include <string>
#include <vector>

#include "extract/html_text.h"
#include "extract/language.h"
#include "extract/normalize.h"
#include "extract/simhash.h"
#include "extract/text_runs.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

const std::vector<std::string> kPages = {"achgut.com-coronalage.html",
                                         "arsnova.thm.de.frag.html",
                                         "berliner-feuerwehr.de-Ehrenzeichen.html",
                                         "blog.python.org.html",
                                         "deleuze.enacademic.com.micropolitics.html",
                                         "finanzcheck.de.finanzierung.html",
                                         "jobsnhire.com.health.html",
                                         "leichtathletik.de-erfurt.html",
                                         "n-land.de-Simmelsdorf.html",
                                         "theintercept.com-Gaza.html",
                                         "villagevoice.com-Party.html",
                                         "womencantalksports.com-top10.html"};

// Pieces the generated strings are made of: every ASCII punctuation
// character, word-break classes ICU treats specially (MidLetter, MidNum,
// MidNumLet, ExtendNumLet, Extend, Format, ZWJ, Katakana, Hebrew, regional
// indicators, emoji, dictionary scripts), characters NFKC_Casefold changes
// or composes across a boundary (combining marks, U+0338 after '<' '=' '>',
// ligatures, full-width forms, sharp s, dotted I, final sigma).
const std::vector<std::string> kTextPieces = {
    "a",      "Z",          "word",   "Ltd",    "07",      "3",      " ",        "  ",     "\n",
    "\n\n",   "\t",         "\r",     "\f",     "\v",      ".",      ",",        ";",      ":",
    "'",      "\"",         "_",      "@",      "-",       "!",      "?",        "#",      "$",
    "%",      "&",          "(",      ")",      "*",       "+",      "/",        "<",      "=",
    ">",      "[",          "\\",     "]",      "^",       "`",      "{",        "|",      "}",
    "~",      "\x01",       "\x7f",   "é",      "e\u0301", "\u0301", "\u0338",   "ﬁ",      "Ａ",
    "ß",      "İ",          "ς",      "Σ",      "’",       "‘",      "·",        "\u200D", "\u200B",
    "\u00AD", "\u3000",     "\u00A0", "\u2002", "日本",    "ไทย",    "カタカナ", "ひら",   "😀",
    "🇩🇪",     "אב",         "٣",      "٫",      "\u066C",  "\uFF0C", "한국어",   "Ωμέγα",  "Привет",
    "\u2024", "\uFE52",     "\u2044", "ǅ",      "Ⅻ",       "①",      "½",        "\u008F", "\uFDD0",
    "\uFFFE", "\U0001FFFF", "\x0B",   "\uFEFF", "\u0085",  "\x1F",   "مرحبا",    "ά",      "\u0387",
    "\u05F4", "नमस्ते",       "\u2018", "“",      "€",       "–",      "…",        "\u2027", "²",
    "١٢",     "\u203F",     "ª",      "\u2028", "\u0E01",  "\u1100", "\u200C",   "\u2060", "\u0640",
    "\u02BC", "\u055A",     "\uFE55"};

std::string Generate(std::mt19937& rng, const std::vector<std::string>& pieces, int max_len) {
  std::uniform_int_distribution<int> len(1, max_len);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::string s;
  for (int i = len(rng); i > 0; --i) s += pieces[pick(rng)];
  return s;
}

TEST(FastPathsTest, SimHashAndContentKeyEqualReferenceOnGeneratedText) {
  std::mt19937 rng(20261123);
  for (int i = 0; i < 4000; ++i) {
    const std::string s = Generate(rng, kTextPieces, 40);
    ASSERT_EQ(SimHash(s), SimHashReference(s)) << s;
    ASSERT_EQ(ContentKey(s), ContentKeyReference(s)) << s;
    // As feed HTML too: most have no markup, so the text-only path runs.
    ASSERT_EQ(HtmlFragmentToText(s), HtmlFragmentToTextReference(s)) << s;
  }
}

TEST(FastPathsTest, SimHashEqualsReferenceOnRandomCodePoints) {
  // Every code point below U+3000 (the range SimHash classifies itself)
  // next to letters, digits, spaces and the joining punctuation.
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> cp(0x20, 0x2FFF);
  std::uniform_int_distribution<int> kind(0, 5);
  for (int i = 0; i < 3000; ++i) {
    icu::UnicodeString u;
    for (int j = 0; j < 24; ++j) {
      switch (kind(rng)) {
        case 0:
          u.append(static_cast<UChar32>(cp(rng)));
          break;
        case 1:
          u.append(static_cast<UChar32>('a' + j % 26));
          break;
        case 2:
          u.append(static_cast<UChar32>('0' + j % 10));
          break;
        case 3:
          u.append(static_cast<UChar32>(" .,'_:\n"[j % 7]));
          break;
        default:
          u.append(static_cast<UChar32>(0xC0 + cp(rng) % 0x250));  // Latin, Greek, ...
      }
    }
    std::string s;
    u.toUTF8String(s);
    ASSERT_EQ(SimHash(s), SimHashReference(s)) << s;
    ASSERT_EQ(ContentKey(s), ContentKeyReference(s)) << s;
  }
}

TEST(FastPathsTest, AsciiWordBreaksFollowIcu) {
  // ICU's root rules: '@' is a letter, ':' does not join, "_" alone is no
  // word but "__" is, '.' and '\'' join letters and digits, ',' ';' digits.
  for (const char* s : {"a:b",   "e.g.", "can't",   "1,000.50", "3;4", "x;y",    "a1.2",
                        "1.a",   "_",    "__",      "_a",       "a_",  "@",      "user@example.com",
                        "a.b.c", "1'2",  "'a'",     "..a..",    "a.1", "1.2.3.", "a__1",
                        "_.",    "._a",  "U.S.-led"}) {
    EXPECT_EQ(SimHash(s), SimHashReference(s)) << s;
  }
  EXPECT_NE(SimHash("a:b c"), SimHash("ab c"));
}

TEST(FastPathsTest, EqualReferenceOnCorpusPages) {
  for (const auto& file : kPages) {
    const std::string html = testing::ReadFile(testing::DataPath("extract/pages/" + file));
    ASSERT_FALSE(html.empty()) << file;
    // A whole page read as a fragment: scripts, comments, tables, forms.
    const std::string text = HtmlFragmentToText(html);
    EXPECT_EQ(text, HtmlFragmentToTextReference(html)) << file;
    EXPECT_EQ(SimHash(text), SimHashReference(text)) << file;
    EXPECT_EQ(ContentKey(text), ContentKeyReference(text)) << file;
    // Its paragraphs as feed items: <p> runs the squeeze swaps out.
    std::string item;
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find("\n\n", pos);
      if (end == std::string::npos) end = text.size();
      item += "<p class=\"x\">" + text.substr(pos, end - pos) + "</p>\n";
      pos = end + 2;
    }
    EXPECT_EQ(HtmlFragmentToText(item), HtmlFragmentToTextReference(item)) << file;
  }
}

TEST(FastPathsTest, HtmlTextEqualsReferenceOnGeneratedMarkup) {
  const std::vector<std::string> pieces = {
      "<p>",
      "</p>",
      "<P CLASS=lead>",
      "<div hidden>",
      "</div>",
      "<span style=\"display:none\">",
      "</span>",
      "<a href=\"/x?a=1&b=2\" title=\"a > b\">",
      "<a title='it''s'>",
      "</a>",
      "<a =b>",
      "<a b\"c>",
      "<img src=x alt=y/>",
      "<br>",
      "<br/>",
      "<b>",
      "</i>",
      "<table><tr><td>",
      "</td><td>",
      "</table>",
      "<ul><li>",
      "<select><option>",
      "<pre>",
      "</pre>",
      "<script>var a = '<p>';</script>",
      "<style>p{}</style>",
      "<!-- comment -->",
      "<![CDATA[x]]>",
      "<?php x ?>",
      "<textarea>",
      "<title>",
      "<svg><text>",
      "<form><input value=x>",
      "</form>",
      "<h2>",
      "</h2>",
      "<",
      ">",
      "a < b",
      "&amp;",
      "&nbsp;",
      "&nbsp",
      "&#8217;",
      "&notit;",
      "&",
      "\r\n",
      "\n\n",
      "   ",
      "\t",
      " Some plain words of a sentence here. ",
      "Die Daten sollten nur zur Modellierung genutzt werden, ",
      "「日本語の文章です。」",
      "\u00A0",
      "\uE001",
      "\u008F",
      "\uFDD0",
      "\x01",
      "\x0B",
      "\uFEFF",
      "\xEF\xBB\xBF",
      "word--more",
      "!-- x -->",
      "</body>",
      "<body>",
      "</html>",
      "<frameset>",
      "x"};
  // Half the fragments only from pieces the squeeze accepts, so that its
  // path is taken often, not only refused.
  std::vector<std::string> accepted;
  for (const auto& p : pieces) {
    SqueezedHtml sq;
    if (SqueezeTextRuns(p + " and a run long enough to be swapped", sq)) accepted.push_back(p);
  }
  ASSERT_GT(accepted.size(), 30u);
  std::mt19937 rng(7);
  int squeezed = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string html = Generate(rng, i % 2 ? pieces : accepted, 30);
    SqueezedHtml sq;
    squeezed += SqueezeTextRuns(html, sq) ? 1 : 0;
    ASSERT_EQ(HtmlFragmentToText(html), HtmlFragmentToTextReference(html)) << html;
  }
  EXPECT_GT(squeezed, 500);  // the fast path was exercised, not only refused
}

TEST(FastPathsTest, SqueezeSwapsLongRunsAndRefusesWhatItDoesNotModel) {
  SqueezedHtml sq;
  ASSERT_TRUE(
      SqueezeTextRuns("<p class=\"a>b\">First paragraph of plain text.</p>\n<p>Short</p><p>x &amp; "
                      "then more words after it</p>",
                      sq));
  ASSERT_EQ(sq.runs.size(), 2u);
  EXPECT_EQ(sq.runs[0], "First paragraph of plain text.");
  EXPECT_EQ(sq.runs[1], "then more words after it");
  EXPECT_EQ(sq.html.find("First"), std::string::npos);
  EXPECT_NE(sq.html.find("<p class=\"a>b\">"), std::string::npos);
  EXPECT_NE(sq.html.find("<p>Short</p>"), std::string::npos);
  EXPECT_EQ(ExpandTextRuns("\uE000\n\n\uE001", sq.runs),
            "First paragraph of plain text.\n\nthen more words after it");
  for (const char* refused :
       {"<p>a long enough run of text</p><script>x</script>", "<!-- c --><p>a long enough run</p>",
        "a < b and a long enough run of text", "<pre>a long enough run\n of text</pre>",
        "<p>a long enough run of text \uE000</p>", "<p>only short</p>"}) {
    EXPECT_FALSE(SqueezeTextRuns(refused, sq)) << refused;
  }
}

TEST(LanguageSampleTest, CutsAtWhitespaceOrCharacterBoundary) {
  EXPECT_EQ(LanguageSample("short text", 100), "short text");
  EXPECT_EQ(LanguageSample("one two three", 9), "one two");
  // No whitespace in reach: cut before a multi-byte character, never inside.
  const std::string umlauts(50, 'a');
  const std::string s = umlauts + "äääää";
  const std::string_view cut = LanguageSample(s, 53);
  EXPECT_EQ(cut, umlauts.substr(0, 50) + "ä");
  // A long text keeps its language on a sample.
  std::string german;
  while (german.size() < 20000) {
    german +=
        "Die Regierung hat am Dienstag neue Regeln für den Verkehr in der Stadt "
        "beschlossen, die ab dem kommenden Jahr gelten sollen. ";
  }
  EXPECT_EQ(DetectLanguage(LanguageSample(german, kLanguageSampleBytes), std::nullopt).code, "de");
  EXPECT_LE(LanguageSample(german, kLanguageSampleBytes).size(), kLanguageSampleBytes);
}

}  // namespace
}  // namespace newsd
