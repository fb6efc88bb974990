// One test per main-content rule (docs/EXTRACTION.md): each page is built so
// that the rule decides the outcome.
#include <gtest/gtest.h>
#include <pthread.h>

#include <string>

#include "extract/html_document.h"
#include "extract/main_content.h"

namespace newsd {
namespace {

std::string Main(const std::string& html) {
  HtmlDocument doc(html);
  return ExtractMainText(doc.Body());
}

bool Has(const std::string& text, const std::string& s) {
  return text.find(s) != std::string::npos;
}

// A paragraph of ordinary prose (~300 characters, a few commas).
std::string Prose(const std::string& tag) {
  return "<p>Paragraph " + tag +
         " tells the story, with details from the council meeting, quotes from residents, and a "
         "careful account of what the decision means for the budget of the town over the next "
         "years, as officials explained when they presented the figures to the press on "
         "Tuesday.</p>\n";
}

TEST(MainContentRulesTest, ListOfNamesWithCommasDoesNotBeatProse) {
  // Every line of a signatories list has a comma; the letter itself has
  // fewer per character. Commas count at most one per 100 characters.
  std::string names;
  for (int i = 0; i < 60; ++i) names += "Name" + std::to_string(i) + " Surname, University<br>";
  const std::string text =
      Main("<body><div class=letter>" + Prose("one") + Prose("two") + Prose("three") +
           "<table><tr><td>" + names + "</td></tr></table></div></body>");
  EXPECT_TRUE(Has(text, "Paragraph one")) << text;
  EXPECT_TRUE(Has(text, "Paragraph three")) << text;
}

TEST(MainContentRulesTest, RubyAnnotationsAndLinkedWordsInsideParagraphs) {
  // Furigana (<rt>) is not part of the text; a fully linked word inside a
  // paragraph (a dictionary link around <ruby>) stays.
  const std::string text = Main(
      "<body><div class=article-body><p><ruby>子<rt>こ</rt></ruby>どもへの<a href=#><ruby><span>"
      "虐待</span><rt>ぎゃくたい</rt></ruby></a>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>"
      "ができて、親が子どもを教育するために、たたいたり蹴ったりする体罰を禁止することになりまし"
      "た。最近、親に虐待されて子どもが亡くなる事件が続いています。このため、法律では児童相談所"
      "の力を強くしました。</p></div></body>");
  EXPECT_TRUE(Has(text, "子どもへの虐待をなくすための法律ができて、")) << text;
  EXPECT_FALSE(Has(text, "ぎゃくたい")) << text;
}

TEST(MainContentRulesTest, OrphanHeadingsGoWithTheirDroppedSection) {
  const std::string text = Main(
      "<body><div class=entry-content>" + Prose("one") + Prose("two") +
      "<h3>A heading over prose</h3>" + Prose("three") +
      "<p><strong>Read also:</strong></p><ul><li><a href=/1>Another story about the town</a></li>"
      "<li><a href=/2>Yet another story about the budget</a></li></ul>" +
      Prose("four") +
      "<h4>The mayor said it was a good day.</h4>"
      "<h3>You might also like</h3><div class=related><a href=/3>Old news</a></div>"
      "</div></body>");
  EXPECT_TRUE(Has(text, "A heading over prose")) << text;
  EXPECT_TRUE(Has(text, "Paragraph four")) << text;
  EXPECT_FALSE(Has(text, "Read also")) << text;  // label of a dropped link list
  EXPECT_FALSE(Has(text, "Another story")) << text;
  EXPECT_FALSE(Has(text, "You might also like")) << text;               // nothing left below it
  EXPECT_TRUE(Has(text, "The mayor said it was a good day.")) << text;  // a sentence stays
}

TEST(MainContentRulesTest, SectionsOfOneClassAreJoined) {
  // A CMS cuts the article into sections in separate wrappers, with an ad
  // between them: the sections share their class and are all kept, what
  // lies between them is not.
  auto section = [](const std::string& n, int paragraphs) {
    std::string s = "<div class=row><div class=col><section class=\"article-section cms\">";
    for (int i = 0; i < paragraphs; ++i) s += Prose(n + static_cast<char>('a' + i));
    return s + "</section></div></div>";
  };
  const std::string text =
      Main("<body><div class=page>" + section("1", 8) +
           "<div class=ad-slot><a href=/buy>Buy now</a></div>" + section("2", 6) +
           "<div class=teaser><p>Short teaser.</p></div>" + section("3", 5) + "</div></body>");
  EXPECT_TRUE(Has(text, "Paragraph 1a")) << text;
  EXPECT_TRUE(Has(text, "Paragraph 2b")) << text;
  EXPECT_TRUE(Has(text, "Paragraph 3c")) << text;
  EXPECT_FALSE(Has(text, "Buy now")) << text;
  EXPECT_FALSE(Has(text, "Short teaser")) << text;
  EXPECT_LT(text.find("Paragraph 1a"), text.find("Paragraph 3c"));  // document order
}

TEST(MainContentRulesTest, LeadFoundAboveThinWrappers) {
  const std::string text = Main(
      "<body><nav><a href=/>Home</a></nav><div class=page><div class=article-intro><p>The intro "
      "sums the story up in two sentences for readers in a hurry.</p></div>"
      "<div class=article-main><div class=x><div class=y><div class=body>" +
      Prose("one") + Prose("two") + Prose("three") +
      "</div></div></div></div></div><footer>Footer text of the site</footer></body>");
  EXPECT_TRUE(Has(text, "The intro sums the story up")) << text;
  EXPECT_LT(text.find("The intro"), text.find("Paragraph one"));
  EXPECT_FALSE(Has(text, "Footer text")) << text;
}

TEST(MainContentRulesTest, FigureWithTableIsContentFigureWithImageIsNot) {
  const std::string text =
      Main("<body><article>" + Prose("one") + Prose("two") +
           "<figure><img src=a.jpg><figcaption>Photo: agency credit line</figcaption></figure>"
           "<figure><table><tr><td>Fee</td><td>1.5 per cent per trade</td></tr></table></figure>" +
           Prose("three") + "</article></body>");
  EXPECT_TRUE(Has(text, "1.5 per cent per trade")) << text;
  EXPECT_FALSE(Has(text, "agency credit line")) << text;
}

TEST(MainContentRulesTest, ClassHintsReadJoinedWordsAndOtherLanguages) {
  // Checked through extraction: each furniture box would otherwise leak.
  for (const char* cls :
       {"news-letter-box", "most_read", "kommentarModul", "no-print contact", "tagCloud"}) {
    const std::string text =
        Main("<body><article>" + Prose("one") + Prose("two") + "<div class=\"" + cls +
             "\"><p>Furniture box text that is long enough to be a paragraph of its own, written "
             "to look like prose.</p></div>" +
             Prose("three") + "</article></body>");
    EXPECT_TRUE(Has(text, "Paragraph three")) << cls << ": " << text;
    EXPECT_FALSE(Has(text, "Furniture box")) << cls << ": " << text;
  }
}

TEST(MainContentRulesTest, AdNamedWrapperAroundProseIsNotAnAd) {
  // "cuerpo-ad": the slot wrapper a CMS put around the body text (which is
  // less than half of the page's text, so only this rule saves it).
  const std::string text =
      Main("<body><div class=article><div class=\"cuerpo-ad\">" + Prose("one") + Prose("two") +
           Prose("three") + Prose("four") +
           "</div><div class=ad><p><a href=/x>Buy the new phone today</a></p>" +
           "</div></div><div class=sidebar><ul><li><a href=/1>Most read story one</a></li>" +
           "<li><a href=/2>Most read story two</a></li></ul></div><footer>" + Prose("f1") +
           Prose("f2") + Prose("f3") + Prose("f4") + "</footer></body>");
  EXPECT_TRUE(Has(text, "Paragraph one")) << text;
  EXPECT_TRUE(Has(text, "Paragraph three")) << text;
  EXPECT_FALSE(Has(text, "Buy the new phone")) << text;
  EXPECT_FALSE(Has(text, "Paragraph f1")) << text;
}

// Runs ExtractMainText on a thread with a small stack (512 KB), so that
// recursion per nesting level overflows where a default 8 MB stack might not.
std::string MainOnSmallStack(const HtmlDocument& doc) {
  struct Job {
    const HtmlDocument* doc;
    std::string text;
  } job{&doc, {}};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 512 * 1024);
  pthread_t thread;
  const int rc = pthread_create(
      &thread, &attr,
      [](void* arg) -> void* {
        auto* j = static_cast<Job*>(arg);
        j->text = ExtractMainText(j->doc->Body());
        return nullptr;
      },
      &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) return "pthread_create failed";
  pthread_join(thread, nullptr);
  return job.text;
}

TEST(MainContentRulesTest, DeeplyNestedHeadingsAreRenderedWithoutDeepRecursion) {
  // <h2><div><h2><div>...: the parser keeps headings nested through other
  // elements; rendering a heading must not recurse once per level.
  std::string html = "<body><div class=content>" + Prose("one") + Prose("two") + Prose("three");
  for (int i = 0; i < 5000; ++i) html += "<h2>Heading level<div>";
  html += "<p>Innermost paragraph text.</p>";
  const HtmlDocument doc(html);
  const std::string text = MainOnSmallStack(doc);
  EXPECT_TRUE(Has(text, "Paragraph one")) << text.substr(0, 500);
  EXPECT_TRUE(Has(text, "Innermost paragraph text.")) << text.substr(0, 500);
}

}  // namespace
}  // namespace newsd
