#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"

namespace newsd {
namespace {

TEST(HashTest, Sha256KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, HmacRfc4231Case2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

TEST(JsonTest, ExportObjectHasEveryFieldAndNulls) {
  Article a;
  a.id = 123;
  a.feed = "trend-en";
  a.sources = {"trend-en", "aa-en"};
  a.url = "https://x.example/a";
  a.title = "T";
  a.fetched = *MakeUtc(2026, 11, 23, 6);
  a.text = "Ilham Aliyev spoke.";
  a.simhash = 0xabc;
  a.entities.push_back({"Ilham Aliyev", EntityType::kPerson, 0, 12, ""});
  a.dates.push_back({"from August 11 to September 10", "2021-08-11", "2021-09-10", 3, 33});
  auto o = ArticleToJson(a);
  for (const char* k :
       {"id",           "feed",    "sources",      "url",      "canonical_url", "guid",
        "title",        "author",  "published",    "fetched",  "lang",          "text",
        "content_hash", "simhash", "duplicate_of", "revision", "entities",      "quotes",
        "quantities",   "dates",   "alerts"}) {
    EXPECT_TRUE(o.contains(k)) << k;
  }
  EXPECT_TRUE(o["author"].is_null());
  EXPECT_TRUE(o["published"].is_null());
  EXPECT_EQ(o["fetched"].as_string(), "2026-11-23T06:00:00Z");
  EXPECT_EQ(o["simhash"].as_string(), "0000000000000abc");
  EXPECT_EQ(o["entities"].as_array()[0].as_object().at("type").as_string(), "PERSON");
  EXPECT_EQ(o["entities"].as_array()[0].as_object().at("canonical").as_string(), "Ilham Aliyev");
  EXPECT_EQ(o["dates"].as_array()[0].as_object().at("start").as_string(), "2021-08-11");
  ArticleJsonOptions brief;
  brief.include_ids = false;
  brief.include_text = false;
  auto b = ArticleToJson(a, brief);
  EXPECT_FALSE(b.contains("id"));
  EXPECT_FALSE(b.contains("text"));
}

TEST(JsonTest, AlertObject) {
  Alert al;
  al.id = "abc";
  al.watch = "iran-drills";
  al.article_id = 7;
  al.created = *MakeUtc(2026, 11, 23, 6);
  al.matched.push_back({"text", 61, 75, "military drills"});
  al.score = 5;
  auto o = AlertToJson(al, nullptr);
  EXPECT_EQ(o["watch"].as_string(), "iran-drills");
  EXPECT_EQ(o["matched"].as_array()[0].as_object().at("term").as_string(), "military drills");
  EXPECT_TRUE(o["article"].is_null());
  const std::string line = ToJsonLine(o);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace newsd
