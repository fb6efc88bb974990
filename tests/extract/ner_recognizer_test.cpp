// Entity recogniser: news patterns, coreference, declared entities,
// headline/ALL-CAPS robustness and offsets on mixed-script text.
#include <algorithm>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "extract/entity_recognizer.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

class RecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = EntityRecognizer::Create(EntityOptions{});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    rec_ = r->release();
  }
  static void TearDownTestSuite() {
    delete rec_;
    rec_ = nullptr;
  }
  static Article Run(const std::string& text) {
    Article a;
    a.text = text;
    rec_->Recognize(a);
    return a;
  }
  static const Entity* Find(const Article& a, const std::string& surface) {
    for (const auto& e : a.entities)
      if (e.text == surface) return &e;
    return nullptr;
  }
  static std::string Dump(const Article& a) {
    std::string s;
    for (const auto& e : a.entities)
      s += "[" + e.text + "|" + EntityTypeName(e.type) + "|" + e.canonical + "] ";
    return s;
  }
  static EntityRecognizer* rec_;
};
EntityRecognizer* RecognizerTest::rec_ = nullptr;

void ExpectOffsetsValid(const Article& a) {
  std::size_t last_end = 0;
  for (const auto& e : a.entities) {
    ASSERT_LE(e.start, e.end);
    ASSERT_LE(e.end, a.text.size());
    EXPECT_EQ(a.text.substr(e.start, e.end - e.start), e.text);
    EXPECT_GE(e.start, last_end) << "overlap at " << e.text;
    EXPECT_FALSE(e.canonical.empty()) << e.text;
    last_end = e.end;
  }
}

const char kAgencyStory[] =
    "BAKU, Azerbaijan (AP) - President Ilham Aliyev said on Monday that Iranian trucks had "
    "illegally entered Karabakh. Noting that about 60 Iranian trucks entered the region, "
    "Aliyev said that Azerbaijan was correctly charging the trucks.\n\n"
    "Foreign Ministry spokesperson Saeed Khatibzadeh told reporters in Tehran that the "
    "accusations were baseless, Anadolu Agency reported. Traffic through the Lachin corridor "
    "to Nagorno-Karabakh continued, Khatibzadeh said.";

TEST_F(RecognizerTest, TitleBeforeNameAndSurnameCoreference) {
  Article a = Run(kAgencyStory);
  ExpectOffsetsValid(a);
  const Entity* full = Find(a, "Ilham Aliyev");
  ASSERT_NE(full, nullptr) << Dump(a);
  EXPECT_EQ(full->type, EntityType::kPerson);
  const Entity* ali = Find(a, "Aliyev");
  ASSERT_NE(ali, nullptr) << Dump(a);
  EXPECT_EQ(ali->type, EntityType::kPerson);
  EXPECT_EQ(ali->canonical, "Ilham Aliyev");
  const Entity* kh = Find(a, "Khatibzadeh");
  ASSERT_NE(kh, nullptr) << Dump(a);
  EXPECT_EQ(kh->canonical, "Saeed Khatibzadeh");
}

TEST_F(RecognizerTest, OrganisationsAgenciesAndPlaces) {
  Article a = Run(kAgencyStory);
  auto expect = [&](const char* surface, EntityType type) {
    const Entity* e = Find(a, surface);
    ASSERT_NE(e, nullptr) << surface << " missing: " << Dump(a);
    EXPECT_EQ(e->type, type) << surface;
  };
  expect("Saeed Khatibzadeh", EntityType::kPerson);
  expect("Foreign Ministry", EntityType::kOrg);
  expect("Anadolu Agency", EntityType::kOrg);
  expect("Lachin corridor", EntityType::kLoc);
  expect("Nagorno-Karabakh", EntityType::kLoc);
  expect("Tehran", EntityType::kLoc);
  expect("Azerbaijan", EntityType::kLoc);
  EXPECT_EQ(Find(a, "Iranian"), nullptr) << "demonyms are not places: " << Dump(a);
}

TEST_F(RecognizerTest, AppositionRoleLinksLaterRoleMention) {
  Article a =
      Run("Aykhan Hajizada, a foreign ministry spokesperson, rejected the claims on Tuesday. "
          "Later the spokesperson added that talks would continue in Brussels.");
  ExpectOffsetsValid(a);
  const Entity* p = Find(a, "Aykhan Hajizada");
  ASSERT_NE(p, nullptr) << Dump(a);
  const Entity* role = Find(a, "the spokesperson");
  ASSERT_NE(role, nullptr) << Dump(a);
  EXPECT_EQ(role->type, EntityType::kPerson);
  EXPECT_EQ(role->canonical, "Aykhan Hajizada");
}

TEST_F(RecognizerTest, ReportingVerbAfterName) {
  Article a =
      Run("The border will stay open for trade, said Zaur Mammadov, who heads the customs office. "
          "\"We are ready,\" Mammadov told reporters.");
  ExpectOffsetsValid(a);
  const Entity* p = Find(a, "Zaur Mammadov");
  ASSERT_NE(p, nullptr) << Dump(a);
  EXPECT_EQ(p->type, EntityType::kPerson);
  const Entity* s = Find(a, "Mammadov");
  ASSERT_NE(s, nullptr) << Dump(a);
  EXPECT_EQ(s->canonical, "Zaur Mammadov");
}

TEST_F(RecognizerTest, GazetteerCanonicalNames) {
  Article a = Run("Officials in the U.S. and Britain said the IMF would send a team.");
  ExpectOffsetsValid(a);
  const Entity* us = Find(a, "U.S.");
  ASSERT_NE(us, nullptr) << Dump(a);
  EXPECT_EQ(us->type, EntityType::kLoc);
  EXPECT_EQ(us->canonical, "United States");
  const Entity* imf = Find(a, "IMF");
  ASSERT_NE(imf, nullptr) << Dump(a);
  EXPECT_EQ(imf->canonical, "International Monetary Fund");
}

TEST_F(RecognizerTest, AllCapsTextDoesNotFlood) {
  Article a =
      Run("BREAKING NEWS: MARKETS TUMBLE AS OIL PRICES SURGE AFTER WEEKEND OF TALKS.\n\n"
          "Stocks fell sharply on Monday as oil prices rose after talks over the weekend.");
  ExpectOffsetsValid(a);
  EXPECT_TRUE(a.entities.empty()) << Dump(a);
}

TEST_F(RecognizerTest, TitleCaseHeadlineDoesNotFlood) {
  Article a =
      Run("Markets Tumble As Oil Prices Surge Over Supply Fears\n\n"
          "Stocks fell sharply on Monday as oil prices rose on fears about supply.");
  ExpectOffsetsValid(a);
  EXPECT_LE(a.entities.size(), 1u) << Dump(a);
}

TEST_F(RecognizerTest, SentenceInitialCapitalsAreNotEntities) {
  Article a =
      Run("Prices rose again. Analysts expect more. However, traders were calm. Meanwhile the "
          "central bank kept rates on hold. Inflation remains high.");
  ExpectOffsetsValid(a);
  EXPECT_TRUE(a.entities.empty()) << Dump(a);
}

TEST_F(RecognizerTest, OffsetsValidOnMixedScriptText) {
  std::string text =
      "Президент Ильхам Алиев встретился с делегацией. President Ilham Aliyev met "
      "“Tehran’s envoy” in Baku — 🇦🇿 الرئيس in Ağdam… Aliyev’s aides, 中文 text, Zürich.";
  Article a = Run(text);
  ExpectOffsetsValid(a);
  EXPECT_NE(Find(a, "Ilham Aliyev"), nullptr) << Dump(a);
  EXPECT_NE(Find(a, "Baku"), nullptr) << Dump(a);
  // Invalid UTF-8 and control bytes must not break offsets either.
  std::string junk = "Talks in \xff\xfe Geneva \xc3 ended. \x01 Mr. Smith\xe2\x80 left for Paris.";
  Article b = Run(junk);
  ExpectOffsetsValid(b);
}

TEST_F(RecognizerTest, GivenSentencesAndIcuSentencesAgree) {
  Article a = Run(kAgencyStory);
  Article b;
  b.text = kAgencyStory;
  // Whole paragraphs as "sentences" still give valid, mostly identical output.
  std::size_t p = b.text.find("\n\n");
  b.sentences = {{0, p}, {p + 2, b.text.size()}};
  rec_->Recognize(b);
  ExpectOffsetsValid(b);
  EXPECT_NE(Find(b, "Ilham Aliyev"), nullptr) << Dump(b);
  EXPECT_GE(b.entities.size() + 2, a.entities.size());
}

TEST_F(RecognizerTest, ConcurrentRecognizeGivesSameResult) {
  Article ref = Run(kAgencyStory);
  std::vector<std::size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        Article a;
        a.text = kAgencyStory;
        rec_->Recognize(a);
        if (a.entities.size() == ref.entities.size()) ++counts[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (auto c : counts) EXPECT_EQ(c, 20u);
}

TEST_F(RecognizerTest, EmptyTextGivesNoEntities) {
  Article a = Run("");
  EXPECT_TRUE(a.entities.empty());
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

TEST_F(RecognizerTest, OrganisationHeadsAndAcronyms) {
  Article a =
      Run("Azerbaijan's Ministry of Foreign Affairs summoned the ambassador, while the Defense "
          "Ministry said troops were on alert. The Islamic Republic News Agency (IRNA) quoted an "
          "official as saying the drills were routine. IRNA later published a statement.");
  ExpectOffsetsValid(a);
  const Entity* mfa = Find(a, "Ministry of Foreign Affairs");
  ASSERT_NE(mfa, nullptr) << Dump(a);
  EXPECT_EQ(mfa->type, EntityType::kOrg);
  const Entity* def = Find(a, "Defense Ministry");
  ASSERT_NE(def, nullptr) << Dump(a);
  EXPECT_EQ(def->type, EntityType::kOrg);
  int irna = 0;
  for (const auto& e : a.entities) {
    if (e.text == "IRNA") {
      EXPECT_EQ(e.type, EntityType::kOrg);
      EXPECT_EQ(e.canonical, "Islamic Republic News Agency");
      ++irna;
    }
  }
  EXPECT_EQ(irna, 2) << Dump(a);
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

TEST_F(RecognizerTest, BadSentenceSpansAreClipped) {
  Article a;
  a.text = "President Ilham Aliyev visited Shusha on Monday.";
  a.sentences = {{0, 30}, {10, 25}, {28, 5000}, {40, 12}};
  rec_->Recognize(a);
  ExpectOffsetsValid(a);
  EXPECT_FALSE(a.entities.empty()) << Dump(a);
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

TEST_F(RecognizerTest, DemonymsMapToCountries) {
  EXPECT_EQ(rec_->CountryOfDemonym("Azerbaijani"), "Azerbaijan");
  EXPECT_EQ(rec_->CountryOfDemonym("iranian"), "Iran");
  EXPECT_EQ(rec_->CountryOfDemonym("Armenians"), "Armenia");
  EXPECT_EQ(rec_->CountryOfDemonym("trucks"), "");
  EXPECT_EQ(rec_->CountryOfDemonym("Baku"), "");
}

}  // namespace
}  // namespace newsd
