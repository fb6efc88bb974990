#include "extract/main_content.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "extract/html_document.h"
#include "extract/page.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

std::string Main(const std::string& html) {
  HtmlDocument doc(html);
  return ExtractMainText(doc.Body());
}

const char* kPage = R"(<html><body>
<header><nav><a href=/>Home</a> <a href=/world>World</a> <a href=/sport>Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<div id="main"><article>
<h1>Bridge opens after ten years</h1>
<p>The long-awaited bridge over the river opened on Monday, ten years after construction began,
the city council said in a statement.</p>
<p>Thousands of residents, many of whom had waited decades for a crossing, walked across it in the
morning, while the mayor, who cut the ribbon, promised lower tolls.</p>
<div class="share-tools"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>
<p>The project cost 1.2 billion euros, twice the original estimate, and was delayed by floods,
lawsuits and a change of contractor.</p>
</article>
<aside class="related"><h3>Related articles</h3><ul><li><a href=/1>Old bridge closes for repairs</a></li>
<li><a href=/2>Council approves new budget</a></li></ul></aside>
<section id="comments"><p>Great news, finally! I have been waiting for this for years, honestly.</p></section>
</div>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><a href=/imprint>Imprint</a></footer>
</body></html>)";

TEST(MainContentTest, KeepsArticleDropsFurniture) {
  const std::string text = Main(kPage);
  EXPECT_NE(text.find("The long-awaited bridge"), std::string::npos) << text;
  EXPECT_NE(text.find("Thousands of residents"), std::string::npos);
  EXPECT_NE(text.find("change of contractor."), std::string::npos);
  for (const char* junk :
       {"World", "cookies", "Share on Facebook", "Related articles", "Old bridge closes",
        "Great news, finally", "All rights reserved", "Imprint"}) {
    EXPECT_EQ(text.find(junk), std::string::npos) << junk << " in:\n" << text;
  }
  // Paragraphs are separated by a blank line.
  EXPECT_NE(text.find("city council said in a statement.\n\nThousands"), std::string::npos);
}

TEST(MainContentTest, ShortPageFallsBackToCleanedBody) {
  const std::string text = Main(
      "<body><div><span>Only a short notice on this page.</span></div>"
      "<nav><a href=/>Home</a></nav></body>");
  EXPECT_EQ(text, "Only a short notice on this page.");
}

TEST(MainContentTest, HostilePages) {
  std::string deep;
  for (int i = 0; i < 50000; ++i) deep += "<div>";
  deep += "<p>Deep text, with a comma.</p>";
  EXPECT_EQ(Main(deep), "Deep text, with a comma.");
  EXPECT_EQ(Main("<script>var a=1;</script><style>b{}</style>"), "");
  EXPECT_EQ(Main(""), "");
}

TEST(MainContentTest, JsonLdArticleBodyRescuesScriptRenderedPages) {
  const Article a = ExtractPage(
      R"(<html><head><script type="application/ld+json">{"@type":"NewsArticle",
      "headline":"H","articleBody":"The whole story is only in the structured data of this page, which is rendered by script in the browser and therefore invisible to a parser that reads the markup alone. It still deserves to be read, and the extractor falls back to it when the visible text is too short to be an article."}</script></head>
      <body><div id=app>Loading…</div></body></html>)",
      "https://example.com/x");
  EXPECT_EQ(a.text.substr(0, 20), "The whole story is o");
  EXPECT_EQ(a.title, "H");
}

// Pages of the Trafilatura evaluation (tests/data/extract/README.md): every
// `with` snippet must be in the text, no `without` snippet may be.
TEST(MainContentGoldenTest, CorpusPages) {
  const std::string json = testing::ReadFile(testing::DataPath("extract/golden.json"));
  ASSERT_FALSE(json.empty());
  const boost::json::value v = boost::json::parse(json);
  ASSERT_GE(v.as_array().size(), 12u);
  for (const auto& item : v.as_array()) {
    const auto& o = item.as_object();
    const std::string file(o.at("file").as_string());
    const std::string html = testing::ReadFile(testing::DataPath("extract/pages/" + file));
    ASSERT_FALSE(html.empty()) << file;
    const Article a = ExtractPage(html, std::string(o.at("url").as_string()));
    std::string flat;
    for (char c : a.text) {
      if (c == '\n') c = ' ';
      if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
      flat.push_back(c);
    }
    for (const auto& s : o.at("with").as_array()) {
      EXPECT_NE(flat.find(std::string(s.as_string())), std::string::npos)
          << file << " lacks: " << s.as_string();
    }
    for (const auto& s : o.at("without").as_array()) {
      EXPECT_EQ(flat.find(std::string(s.as_string())), std::string::npos)
          << file << " leaks: " << s.as_string();
    }
    EXPECT_FALSE(a.lang.empty()) << file;
    EXPECT_FALSE(a.sentences.empty()) << file;
  }
}

}  // namespace
}  // namespace newsd
