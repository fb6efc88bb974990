#include "extract/quote_extractor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "extract/facts_extractor.h"
#include "tests/extract/facts_test_util.h"

namespace newsd::testing {
namespace {

std::vector<Quote> Quotes(const std::string& text) {
  Article a = RunFacts(text, 2021, 10, 4);
  ExpectValidOffsets(a);
  return a.quotes;
}

void ExpectSpeaker(const std::string& text, const std::string& quote,
                   const std::optional<std::string>& speaker) {
  SCOPED_TRACE(text);
  auto qs = Quotes(text);
  auto it = std::find_if(qs.begin(), qs.end(), [&](const Quote& q) { return q.text == quote; });
  ASSERT_NE(it, qs.end()) << "quote not found: " << quote;
  EXPECT_EQ(it->speaker, speaker);
}

TEST(QuoteExtractorTest, MarksOfManyKinds) {
  const std::string body = "We will not accept this situation";
  for (auto [open, close] : std::vector<std::pair<std::string, std::string>>{
           {"\"", "\""}, {"“", "”"}, {"‘", "’"}, {"«", "»"}, {"„", "“"}, {"‚", "‘"}, {"'", "'"}}) {
    ExpectSpeaker("Ilham Aliyev said: " + open + body + close + ".", body, "Ilham Aliyev");
  }
}

TEST(QuoteExtractorTest, ReportingVerbInEitherOrder) {
  ExpectSpeaker("“We are ready to talk,” Ilham Aliyev said.", "We are ready to talk,",
                "Ilham Aliyev");
  ExpectSpeaker("“We are ready to talk,” said Ilham Aliyev.", "We are ready to talk,",
                "Ilham Aliyev");
  ExpectSpeaker("“We are ready to talk,” Aykhan Hajizada, a foreign ministry spokesperson, said.",
                "We are ready to talk,", "Aykhan Hajizada");
  ExpectSpeaker("According to Ilham Aliyev, “the talks are over for now”.",
                "the talks are over for now", "Ilham Aliyev");
  ExpectSpeaker("“Why did they come now?” asked Ilham Aliyev.", "Why did they come now?",
                "Ilham Aliyev");
}

// ICU ends a sentence after `?”` even before a lower-case "he said".
TEST(QuoteExtractorTest, QuestionFollowedByPronounAttribution) {
  ExpectSpeaker(
      "Sir Tony Blair gave an interview. “How on earth do you think I’ve got the time?” "
      "he said, incredulously.",
      "How on earth do you think I’ve got the time?", "Tony Blair");
  ExpectSpeaker(
      "Author Rushdiyah Narker spoke. \"I read everything, all the time and everywhere,\" "
      "she said.",
      "I read everything, all the time and everywhere,", "Rushdiyah Narker");
}

TEST(QuoteExtractorTest, PartialQuoteInsideSentence) {
  ExpectSpeaker("Ilham Aliyev said Azerbaijan was “correctly charging the trucks” at the border.",
                "correctly charging the trucks", "Ilham Aliyev");
}

TEST(QuoteExtractorTest, SpeakerFromPreviousSentence) {
  ExpectSpeaker(
      "President Ilham Aliyev met reporters. Aliyev responded angrily:\n\n“Why now, "
      "after thirty years of silence?”",
      "Why now, after thirty years of silence?", "Ilham Aliyev");
}

TEST(QuoteExtractorTest, PronounAndRole) {
  ExpectSpeaker(
      "Foreign Ministry spokesperson Saeed Khatibzadeh spoke on Monday. “The border is "
      "open to trade,” he said.",
      "The border is open to trade,", "Saeed Khatibzadeh");
  ExpectSpeaker(
      "Foreign Ministry spokesperson Saeed Khatibzadeh spoke on Monday. “The border is "
      "open to trade,” the spokesperson said.",
      "The border is open to trade,", "Saeed Khatibzadeh");
}

TEST(QuoteExtractorTest, NoSpeakerIsNullNotAGuess) {
  ExpectSpeaker("Ilham Aliyev visited Baku.\n\nThe sign read “no entry for any vehicles today”.",
                "no entry for any vehicles today", std::nullopt);
  ExpectSpeaker("“We are ready to talk,” a spokesperson said.", "We are ready to talk,",
                std::nullopt);
}

TEST(QuoteExtractorTest, QuoteSpanningParagraphs) {
  auto qs = Quotes(
      "“The first part of what I have to say is long.\n\n“And the second part is "
      "even longer,” Ilham Aliyev said.");
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].text, "The first part of what I have to say is long.");
  EXPECT_EQ(qs[0].speaker, std::optional<std::string>("Ilham Aliyev"));
  EXPECT_EQ(qs[1].speaker, std::optional<std::string>("Ilham Aliyev"));
}

TEST(QuoteExtractorTest, ScareQuotesAndApostrophes) {
  auto qs = Quotes("Labor’s “pragmatic” policies and Iran’s plans didn’t change.");
  EXPECT_TRUE(qs.empty());
  // A short quote with a speaker is a quotation.
  ExpectSpeaker("Holcomb said he would “gladly” sign the budget.", "gladly", "Holcomb");
}

TEST(QuoteExtractorTest, ContinuationKeepsSpeaker) {
  ExpectSpeaker("“It is a good budget,” Eric Holcomb said. “It will help the whole state grow.”",
                "It will help the whole state grow.", "Eric Holcomb");
}

// Verbs of saying in any inflection: the lexicon generates -s/-ed/-ing forms.
TEST(QuoteExtractorTest, InflectedReportingVerbs) {
  for (std::string verb : {"insists", "insisted", "snaps", "professed", "informs", "exclaimed"}) {
    ExpectSpeaker("Maria Lopez runs the cooperative. “The plan will not survive the winter,” she " +
                      verb + ".",
                  "The plan will not survive the winter,", "Maria Lopez");
  }
}

// Subjects written around roles and commas.
TEST(QuoteExtractorTest, SubjectShapes) {
  // The name alone between two commas after a long role.
  ExpectSpeaker(
      "The minister for water and sanitation, Thandiwe Mokoena, said: “The dams are full again.”",
      "The dams are full again.", "Thandiwe Mokoena");
  // A run ending in a role names the person introduced with that role.
  ExpectSpeaker(
      "US President Joe Biden met Olaf Scholz, the German chancellor. Afterwards the US "
      "President said: “We stand together on this question.”",
      "We stand together on this question.", "Joe Biden");
  // A lower-case role inside the name after "according to".
  ExpectSpeaker("It is, according to Google Search lead Liz Reid, “the biggest upgrade in years.”",
                "the biggest upgrade in years.", "Liz Reid");
  // A capitalised adjective or conjunction in front of a known name is no part of it.
  ExpectSpeaker(
      "Mariam Malibiche sells maize. Though Mariam rarely talks, she says, “It was hard to find "
      "women in the streets at night.”",
      "It was hard to find women in the streets at night.", "Mariam Malibiche");
}

// A participle clause takes the subject of its own clause, not the sentence opener.
TEST(QuoteExtractorTest, ParticipleClauseSubject) {
  ExpectSpeaker(
      "Donna Smith was asked about the record. However, when pressed, Donna Smith shrugged it "
      "off, noting, “Records are there to be broken by someone.”",
      "Records are there to be broken by someone.", "Donna Smith");
  ExpectSpeaker(
      "Aaron Bell made the news when he recorded himself shouting “Free them all now!” outside.",
      "Free them all now!", "Aaron Bell");
  // "a Spotify executive claimed" is unnamed: the earlier participle's subject is not taken.
  auto qs = Quotes(
      "Commentator Lee Cohen was talking, pointing to the time when a Spotify executive claimed "
      "the pair were “utter frauds”.");
  EXPECT_TRUE(qs.empty());
}

// Quotes after the attributed one: in the same sentence, or after "..., X said."
TEST(QuoteExtractorTest, FollowingQuotesKeepTheSpeaker) {
  ExpectSpeaker(
      "“I am about to leave the company,” Mark Evans had announced on a podcast, “but nobody "
      "believed me at all.”",
      "but nobody believed me at all.", "Mark Evans");
  ExpectSpeaker(
      "The crowd grew quickly, Tanya Holt said. “Some were standing far away from the stage.”",
      "Some were standing far away from the stage.", "Tanya Holt");
}

// Pronouns: the main clause's subject, a possessor is no antecedent, a newly
// introduced full name is the new topic.
TEST(QuoteExtractorTest, PronounAntecedents) {
  ExpectSpeaker(
      "After Lily Moore won her match on Monday, it was Kate Byrne who impressed on Tuesday. "
      "“Hopefully I have started everyone off well,” she said.",
      "Hopefully I have started everyone off well,", "Kate Byrne");
  ExpectSpeaker(
      "Donna Kelce praised the new album. Speaking in Las Vegas, she mentioned Travis Kelce’s "
      "season. “I was just very impressed with it,” she added.",
      "I was just very impressed with it,", "Donna Kelce");
  ExpectSpeaker(
      "“Nobody helps us at night,” says Aisha Mohamed. While Aisha waits, Mariam Malibiche walks "
      "home. She passes the lamps, insisting, “evils disappear when there is light.”",
      "evils disappear when there is light.", "Mariam Malibiche");
}

// The engine runs the entity stage first; its names feed attribution.
std::optional<std::string> SpeakerWithEntities(
    const std::string& text, const std::string& quote,
    const std::vector<std::tuple<std::string, EntityType, std::string>>& ents) {
  Article a;
  a.text = text;
  for (const auto& [surface, type, canonical] : ents) {
    std::size_t from = 0;
    for (std::size_t p; (p = text.find(surface, from)) != std::string::npos; from = p + 1) {
      a.entities.push_back(Entity{surface, type, p, p + surface.size(), canonical});
    }
  }
  std::sort(a.entities.begin(), a.entities.end(),
            [](const Entity& x, const Entity& y) { return x.start < y.start; });
  auto fx = FactExtractor::Create();
  EXPECT_TRUE(fx.has_value());
  (*fx)->Extract(a);
  for (const auto& q : a.quotes) {
    if (q.text == quote) return q.speaker;
  }
  ADD_FAILURE() << "quote not found: " << quote;
  return std::nullopt;
}

TEST(QuoteExtractorTest, EntityNamesFeedSpeakers) {
  using E = EntityType;
  // Titles are no part of a canonical name.
  EXPECT_EQ(SpeakerWithEntities("King Charles said: “We will serve with pride and honour.”",
                                "We will serve with pride and honour.",
                                {{"King Charles", E::kPerson, "King Charles"}}),
            "Charles");
  // An unlinked surname takes the fullest earlier name, even when tagged ORG.
  EXPECT_EQ(SpeakerWithEntities(
                "US President Donald Trump spoke. Trump has questioned the alliance, calling "
                "it a “paper tiger”.",
                "paper tiger",
                {{"US President Donald Trump", E::kOrg, "US President Donald Trump"},
                 {"Trump", E::kOrg, "Trump"}}),
            "Donald Trump");
  // Coreference keeps the type: the company Strava is not the event Camp Strava.
  EXPECT_EQ(SpeakerWithEntities(
                "Strava held its annual Camp Strava event. Now Strava says it will detect "
                "“questionable” activities.",
                "questionable", {{"Strava", E::kOrg, "Strava"}}),
            "Strava");
  // "The agency warns": the organisation the article names most.
  EXPECT_EQ(SpeakerWithEntities(
                "The Storm Prediction Center drew up a risk map. The National Weather Service "
                "agreed. The Storm Prediction Center updated it. The agency warns that “all "
                "hazards will be possible tonight.”",
                "all hazards will be possible tonight.",
                {{"Storm Prediction Center", E::kOrg, "Storm Prediction Center"},
                 {"National Weather Service", E::kOrg, "National Weather Service"}}),
            "Storm Prediction Center");
}

}  // namespace
}  // namespace newsd::testing
