// Parts of the entity recogniser: tokenizer, gazetteers, declared entities
// (Hyperscan), the shipped model on a hand-written CoNLL snippet, and real
// English article text from the shared corpus.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "extract/entity_declared.h"
#include "extract/entity_recognizer.h"
#include "extract/ner_conll.h"
#include "extract/ner_gazetteer.h"
#include "extract/ner_text.h"
#include "extract/ner_tokenizer.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

std::vector<std::string> Tokens(const std::string& s) {
  std::vector<ner::TokenSpan> spans;
  ner::Tokenize(s, 0, s.size(), spans);
  std::vector<std::string> out;
  for (const auto& t : spans) out.push_back(s.substr(t.start, t.end - t.start));
  return out;
}

TEST(NerTokenizerTest, FollowsCoNLLConventions) {
  EXPECT_EQ(Tokens("Aliyev's aides met U.S. envoys in Nagorno-Karabakh."),
            (std::vector<std::string>{"Aliyev", "'s", "aides", "met", "U.S.", "envoys", "in",
                                      "Nagorno-Karabakh", "."}));
  EXPECT_EQ(Tokens("“Why now?” asked Mr. Smith (AP)."),
            (std::vector<std::string>{"“", "Why", "now", "?", "”", "asked", "Mr.", "Smith", "(",
                                      "AP", ")", "."}));
  EXPECT_EQ(Tokens("Baku—Tehran, 2021"),
            (std::vector<std::string>{"Baku", "—", "Tehran", ",", "2021"}));
  EXPECT_EQ(Tokens("Aliyev’s  \xC2\xA0 talks"),
            (std::vector<std::string>{"Aliyev", "’s", "talks"}));
  EXPECT_TRUE(Tokens(" \n\t ").empty());
}

TEST(NerTextTest, ShapeAndCase) {
  EXPECT_EQ(ner::Shape("Aliyev"), "Xx");
  EXPECT_EQ(ner::Shape("U.S."), "X.X.");
  EXPECT_EQ(ner::Shape("1996-08-22"), "d-d-d");
  EXPECT_EQ(ner::Shape("Ağdam"), "Xx");
  for (const char* w : {"Aliyev", "U.S.", "1996-08-22", "Ağdam", "", "中文"})
    EXPECT_EQ(ner::ShapeHash(w), ner::HashBytes(ner::Shape(w))) << w;
  EXPECT_EQ(ner::ToLower("ÇAĞDAŞ Baku"), "çağdaş baku");
  auto ci = ner::ClassifyCase("Ünal");
  EXPECT_TRUE(ci.first_upper);
  EXPECT_TRUE(ci.has_lower);
}

class GazetteerTest : public ::testing::Test {
 protected:
  static std::uint64_t Key(const std::string& name) {
    std::uint64_t k = ner::Gazetteer::SeqStart();
    for (const auto& t : Tokens(name)) k = ner::HashMix(k, ner::HashBytes(ner::ToLower(t)));
    return k;
  }
};

TEST_F(GazetteerTest, LoadsDebianSourcesAndCuratedList) {
  ner::GazetteerSources src;
  src.curated_tsv = DefaultEntityDataDir() + "/gazetteer.tsv";
  auto g = ner::Gazetteer::Load(src);
  ASSERT_OK(g);
  const auto* az = g->Find(Key("azerbaijan"));
  ASSERT_NE(az, nullptr);
  EXPECT_TRUE(az->bits & ner::kGazCountry);
  const auto* agdam = g->Find(Key("Agdam"));  // ISO 3166-2 "Ağdam", ASCII-folded
  ASSERT_NE(agdam, nullptr);
  EXPECT_TRUE(agdam->bits & ner::kGazSubdivision);
  const auto* baku = g->Find(Key("Baku"));  // tzdata Asia/Baku
  ASSERT_NE(baku, nullptr);
  EXPECT_TRUE(baku->bits & ner::kGazCity);
  const auto* dem = g->Find(Key("Azerbaijani"));
  ASSERT_NE(dem, nullptr);
  EXPECT_EQ(dem->canonical, "Azerbaijan");
  const auto* irna = g->Find(Key("IRNA"));
  ASSERT_NE(irna, nullptr);
  EXPECT_EQ(irna->canonical, "Islamic Republic News Agency");
  EXPECT_EQ(g->Find(Key("trucks")), nullptr);
  EXPECT_NE(g->CueBits(ner::HashBytes("spokesperson")) & ner::kGazTitle, 0u);
}

TEST_F(GazetteerTest, MissingSourcesFailWithThePath) {
  ner::GazetteerSources src;
  src.iso_codes_dir = "/nonexistent/iso";
  auto g = ner::Gazetteer::Load(src);
  ASSERT_FALSE(g.has_value());
  EXPECT_NE(g.error().message.find("/nonexistent/iso"), std::string::npos);
  testing::TempDir dir;
  src = ner::GazetteerSources{};
  src.curated_tsv = dir.Write("g.tsv", "country\tX\nbogus\tY\n");
  g = ner::Gazetteer::Load(src);
  ASSERT_FALSE(g.has_value());
  EXPECT_NE(g.error().message.find(":2:"), std::string::npos) << g.error().message;
}

TEST(EntityRecognizerCreateTest, MissingModelIsAnError) {
  testing::TempDir dir;
  std::filesystem::copy_file(DefaultEntityDataDir() + "/gazetteer.tsv",
                             dir.path() / "gazetteer.tsv");
  EntityOptions o;
  o.data_dir = dir.str();
  auto r = EntityRecognizer::Create(o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kNotFound);
  dir.Write("ner_model.bin", "NERWgarbage");
  r = EntityRecognizer::Create(o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kCorruption);
}

TEST(DeclaredEntitiesTest, HyperscanFindsNamesAndAliasesAsWholeWords) {
  DeclaredEntity d1{"Qorvath Lindqvarn", EntityType::kPerson, {"Q. Lindqvarn", "Lindqvarn"}};
  DeclaredEntity d2{"Zelmora Shipping Line", EntityType::kOrg, {"ZSL"}};
  auto m = DeclaredEntityMatcher::Create({d1, d2});
  ASSERT_OK(m);
  std::string text =
      "ZSL ships left. Q. Lindqvarn, head of zsl, met LINDQVARN fans; Lindqvarnism is not "
      "a match, nor is ZSLX.";
  std::vector<Entity> out;
  (*m)->Match(text, out);
  std::vector<std::string> got;
  for (const auto& e : out) {
    EXPECT_EQ(text.substr(e.start, e.end - e.start), e.text);
    got.push_back(e.text + "=" + e.canonical);
  }
  EXPECT_EQ(got,
            (std::vector<std::string>{"ZSL=Zelmora Shipping Line", "Q. Lindqvarn=Qorvath Lindqvarn",
                                      "zsl=Zelmora Shipping Line", "LINDQVARN=Qorvath Lindqvarn"}));
}

TEST(DeclaredEntitiesTest, EmptyNameIsRejected) {
  auto m = DeclaredEntityMatcher::Create({DeclaredEntity{"", EntityType::kOrg, {}}});
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().kind, ErrorKind::kInvalidArgument);
}

TEST(DeclaredEntitiesTest, RecognizerPrefersDeclaredEntity) {
  EntityOptions o;
  o.declared = {DeclaredEntity{"Vexlor Brammity", EntityType::kOrg, {"Brammity Group"}}};
  auto r = EntityRecognizer::Create(o);
  ASSERT_OK(r);
  Article a;
  a.text = "Shares of Brammity Group rose after Vexlor Brammity said profits doubled.";
  (*r)->Recognize(a);
  int found = 0;
  for (const auto& e : a.entities) {
    if (e.canonical == "Vexlor Brammity") {
      EXPECT_EQ(e.type, EntityType::kOrg);
      ++found;
    }
  }
  EXPECT_EQ(found, 2);
}

// Hand-written for this test (not from any corpus), IOB1 like CoNLL-2003.
const char kSnippet[] =
    "-DOCSTART- -X- O O\n\n"
    "Prime NNP I-NP O\nMinister NNP I-NP O\nMarta NNP I-NP I-PER\nOkonkwo NNP I-NP I-PER\n"
    "told VBD I-VP O\nreporters NNS I-NP O\nin IN I-PP O\nNairobi NNP I-NP I-LOC\n"
    "that IN O O\nthe DT I-NP O\nWorld NNP I-NP I-ORG\nBank NNP I-NP I-ORG\nwould MD I-VP O\n"
    "fund VB I-VP O\nthe DT I-NP O\nroad NN I-NP O\n. . O O\n\n"
    "Okonkwo NNP I-NP I-PER\nsaid VBD I-VP O\ntalks NNS I-NP O\nwith IN I-PP O\n"
    "Ethiopia NNP I-NP I-LOC\nand CC O O\nthe DT I-NP O\nAfrican NNP I-NP I-ORG\n"
    "Union NNP I-NP I-ORG\nwould MD I-VP O\ncontinue VB I-VP O\nin IN I-PP O\n"
    "Addis NNP I-NP I-LOC\nAbaba NNP I-NP I-LOC\nnext JJ I-NP O\nweek NN I-NP O\n. . O O\n\n"
    "Shares NNS I-NP O\nof IN I-PP O\nToyota NNP I-NP I-ORG\nMotor NNP I-NP I-ORG\n"
    "Corp NNP I-NP I-ORG\nfell VBD I-VP O\nin IN I-PP O\nTokyo NNP I-NP I-LOC\n, , O O\n"
    "analyst NN I-NP O\nKenji NNP I-NP I-PER\nSato NNP I-NP I-PER\nsaid VBD I-VP O\n. . O O\n";

TEST(ShippedModelTest, ScoresHandWrittenSnippetSensibly) {
  auto docs = ner::ParseConll(kSnippet);
  ASSERT_OK(docs);
  ASSERT_EQ(docs->size(), 1u);
  auto r = EntityRecognizer::Create(EntityOptions{});
  ASSERT_OK(r);
  Article a;
  std::vector<Span> tok;
  a.text = ner::DocumentText((*docs)[0], a.sentences, tok);
  (*r)->Recognize(a);
  std::vector<std::string> gold_tags, pred(tok.size(), "O");
  for (const auto& s : (*docs)[0].sentences)
    gold_tags.insert(gold_tags.end(), s.tags.begin(), s.tags.end());
  for (const auto& e : a.entities) {
    const char* t = e.type == EntityType::kPerson ? "PER"
                    : e.type == EntityType::kOrg  ? "ORG"
                                                  : "LOC";
    bool first = true;
    for (std::size_t i = 0; i < tok.size(); ++i)
      if (tok[i].start < e.end && e.start < tok[i].end) {
        pred[i] = std::string(first ? "B-" : "I-") + t;
        first = false;
      }
  }
  auto gold = ner::TagsToChunks(gold_tags, 0);
  auto got = ner::TagsToChunks(pred, 0);
  ASSERT_EQ(gold.size(), 10u);
  ner::ChunkCounts c;
  c.gold = gold.size();
  c.predicted = got.size();
  for (const auto& g : got)
    if (std::find(gold.begin(), gold.end(), g) != gold.end()) ++c.correct;
  EXPECT_GE(c.F1(), 0.8) << "correct " << c.correct << " of " << c.gold << ", predicted "
                         << c.predicted;
}

TEST(RealArticlesTest, EnglishNewsPagesGiveValidSparseEntities) {
  std::string root = testing::CorpusPath("news-pages");
  if (root.empty()) GTEST_SKIP() << "shared corpus not present";
  auto r = EntityRecognizer::Create(EntityOptions{});
  ASSERT_OK(r);
  int articles = 0;
  for (const char* name :
       {"us/APNews.json", "uk/BBC.json", "us/CNBC.json", "uk/TheGuardian.json"}) {
    std::ifstream in(root + "/" + name);
    if (!in) continue;
    std::stringstream ss;
    ss << in.rdbuf();
    auto v = boost::json::parse(ss.str());
    for (const auto& ver : v.as_object()) {
      const auto* body = ver.value().as_object().if_contains("body");
      if (body == nullptr) continue;
      Article a;
      for (const auto& sec : body->as_object().at("sections").as_array())
        for (const auto& p : sec.as_object().at("paragraphs").as_array())
          a.text += std::string(p.as_string()) + "\n\n";
      if (a.text.size() < 500) continue;
      (*r)->Recognize(a);
      ++articles;
      std::size_t words = std::count(a.text.begin(), a.text.end(), ' ');
      EXPECT_FALSE(a.entities.empty()) << name;
      EXPECT_LT(a.entities.size() * 6, words) << name << ": too many entities";
      for (const auto& e : a.entities) {
        ASSERT_LE(e.end, a.text.size());
        EXPECT_EQ(a.text.substr(e.start, e.end - e.start), e.text);
      }
    }
  }
  EXPECT_GE(articles, 2);
}

}  // namespace
}  // namespace newsd

namespace newsd {
namespace {

TEST(ParseEntityTypeTest, AcceptsExportNamesOnly) {
  for (EntityType t : {EntityType::kPerson, EntityType::kOrg, EntityType::kLoc}) {
    auto r = ParseEntityType(EntityTypeName(t));
    ASSERT_OK(r);
    EXPECT_EQ(*r, t);
  }
  auto bad = ParseEntityType("person");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("'person'"), std::string::npos);
}

}  // namespace
}  // namespace newsd
