#include "alerts/matcher.h"

#include <thread>

#include <gtest/gtest.h>

#include "core/hash.h"
#include "core/time.h"
#include "tests/support/test_util.h"

namespace newsd::alerts {
namespace {

WatchSpec Q(const std::string& id, const std::string& query) {
  WatchSpec s;
  s.id = id;
  s.query = query;
  return s;
}

Article Art(const std::string& title, const std::string& text) {
  Article a;
  a.title = title;
  a.text = text;
  a.feed = "trend-en";
  a.lang = "en";
  return a;
}

// The ids of the watches that match, in spec order.
std::vector<std::string> Ids(const WatchMatcher& m, const Article& a) {
  std::vector<std::string> ids;
  for (const auto& w : m.Match(a)) ids.push_back(w.watch);
  return ids;
}

// Compiles one query and says whether it matches the text (title empty).
bool Matches(const std::string& query, const std::string& text, const std::string& title = "") {
  auto m = WatchMatcher::Compile({Q("w", query)});
  EXPECT_TRUE(m.has_value()) << (m ? "" : m.error().message);
  if (!m) return false;
  return !(*m)->Match(Art(title, text)).empty();
}

const char* kText =
    "Azerbaijan and Iran held joint military drills near the border on Monday, "
    "officials said.";

TEST(Matcher, TermsPhrasesPrefix) {
  EXPECT_TRUE(Matches("iran", kText));
  EXPECT_FALSE(Matches("ira", kText));  // whole words only
  EXPECT_TRUE(Matches("ira*", kText));
  EXPECT_TRUE(Matches("\"military drills\"", kText));
  EXPECT_FALSE(Matches("\"drills military\"", kText));
  EXPECT_TRUE(Matches("\"joint milit\"*", kText));
  EXPECT_TRUE(Matches("MILITARY", kText));
}

TEST(Matcher, Booleans) {
  EXPECT_TRUE(Matches("iran border", kText));
  EXPECT_FALSE(Matches("iran turkey", kText));
  EXPECT_TRUE(Matches("iran AND NOT turkey", kText));
  EXPECT_FALSE(Matches("iran NOT border", kText));
  EXPECT_TRUE(Matches("turkey OR iran", kText));
  EXPECT_FALSE(Matches("turkey OR greece", kText));
  EXPECT_TRUE(Matches("(turkey OR iran) (drills OR exercises)", kText));
  EXPECT_TRUE(Matches("NOT turkey", kText));
  EXPECT_FALSE(Matches("NOT iran", kText));
}

TEST(Matcher, NearEdgeCases) {
  // "military drills near the border": military=0 drills=1 near=2 the=3 border=4
  const std::string t = "military drills near the border";
  EXPECT_TRUE(Matches("drills NEAR/2 border", t));  // two words between
  EXPECT_FALSE(Matches("drills NEAR/1 border", t));
  EXPECT_TRUE(Matches("border NEAR/2 drills", t));    // either order
  EXPECT_FALSE(Matches("border ONEAR/2 drills", t));  // in order only
  EXPECT_TRUE(Matches("drills ONEAR/2 border", t));
  EXPECT_TRUE(Matches("military NEAR/0 drills", t));  // adjacent
  EXPECT_FALSE(Matches("military NEAR/0 near", t));
  EXPECT_FALSE(Matches("drills NEAR/5 drills", t));  // one word is not near itself
  EXPECT_TRUE(Matches("drills NEAR/5 drills", "drills and drills"));
  EXPECT_TRUE(Matches("\"military drills\" NEAR/2 border", t));  // phrase end to border
  EXPECT_FALSE(Matches("\"military drills\" NEAR/1 border", t));
  EXPECT_TRUE(Matches("(tanks OR border) NEAR/3 military", t));
  EXPECT_TRUE(Matches("military NEAR/1 drills NEAR/1 the", t));
  EXPECT_FALSE(Matches("military NEAR/1 drills NEAR/0 the", t));
  EXPECT_TRUE(Matches("bord* NEAR/3 drill*", t));
  // Punctuation is not a word: the distance counts words only.
  EXPECT_TRUE(Matches("drills NEAR/0 border", "drills -- , ; border"));
}

TEST(Matcher, DiacriticsAndCase) {
  EXPECT_TRUE(Matches("sao paulo", "Protests in São Paulo"));
  EXPECT_TRUE(Matches("\"São Paulo\"", "SAO PAULO"));
  EXPECT_TRUE(Matches("zurich", "Zürich police"));
  EXPECT_TRUE(Matches("case:US", "the US army"));
  EXPECT_FALSE(Matches("case:US", "let us go"));
  EXPECT_TRUE(Matches("us", "let us go"));
  // case: keeps the marks too.
  EXPECT_FALSE(Matches("case:Zurich", "Zürich"));
  EXPECT_TRUE(Matches("case:Zürich", "Zürich"));
}

TEST(Matcher, TurkishAndAzerbaijani) {
  EXPECT_TRUE(Matches("istanbul", "İSTANBUL'da toplantı"));
  EXPECT_TRUE(Matches("İstanbul", "istanbul"));
  EXPECT_TRUE(Matches("Əliyev", "Prezident İlham ƏLİYEV bildirib"));
  EXPECT_TRUE(Matches("\"ilham əliyev\"", "Prezident İlham Əliyev bildirib"));
  EXPECT_TRUE(Matches("toplanti", "toplantı"));
  EXPECT_FALSE(Matches("aliyev", "Əliyev"));  // Ə is a letter, not a marked A
}

TEST(Matcher, PersianAndChinese) {
  const std::string fa = "رزمایش نظامی ایران در نزدیکی مرز آذربایجان";
  EXPECT_TRUE(Matches("ایران", fa));
  EXPECT_TRUE(Matches("رزمایش NEAR/2 ایران", fa));
  EXPECT_FALSE(Matches("ایران ONEAR/1 رزمایش", fa));
  EXPECT_FALSE(Matches("ترکیه", fa));
  // No spaces in Chinese: ICU's dictionary finds the words.
  const std::string zh = "中国军队在边境举行军事演习";
  EXPECT_TRUE(Matches("军事演习", zh) || Matches("军事 演习", zh));
  EXPECT_TRUE(Matches("边境", zh));
  EXPECT_FALSE(Matches("日本", zh));
}

TEST(Matcher, SpansPointAtOriginalBytes) {
  auto m = WatchMatcher::Compile({Q("w", "title:iran \"São Paulo\"")});
  ASSERT_OK(m);
  Article a = Art("Iran news", "Protests in São Paulo today");
  auto got = (*m)->Match(a);
  ASSERT_EQ(got.size(), 1u);
  ASSERT_EQ(got[0].spans.size(), 2u);
  for (const auto& s : got[0].spans) {
    const std::string& src = s.field == "title" ? a.title : a.text;
    const std::string sub = src.substr(s.start, s.end - s.start);
    if (s.field == "title") {
      EXPECT_EQ(sub, "Iran");
      EXPECT_EQ(s.term, "iran");
    } else {
      EXPECT_EQ(sub, "São Paulo");
      EXPECT_EQ(s.term, "São Paulo");
    }
  }
}

TEST(Matcher, FieldScopes) {
  Article a = Art("Drills near border", "Iran said the exercises were planned.");
  Entity e;
  e.text = "Aliyev";
  e.canonical = "Ilham Aliyev";
  e.type = EntityType::kPerson;
  a.text += " Aliyev was surprised.";
  e.start = a.text.find("Aliyev");
  e.end = e.start + 6;
  a.entities.push_back(e);
  Quote q;
  q.text = "very surprised";
  q.start = 5;
  q.end = 19;
  a.quotes.push_back(q);
  auto m = WatchMatcher::Compile(
      {Q("t1", "title:drills"), Q("t2", "title:iran"), Q("x1", "text:iran"), Q("x2", "text:drills"),
       Q("e1", "entity:\"Ilham Aliyev\""), Q("e2", "entity:iran"), Q("q1", "quote:surprised"),
       Q("q2", "quote:exercises"), Q("f1", "feed:trend-en iran"), Q("f2", "feed:other iran"),
       Q("l1", "lang:EN drills"), Q("l2", "lang:fa drills"), Q("a1", "surprised")});
  ASSERT_OK(m);
  EXPECT_EQ(Ids(**m, a), (std::vector<std::string>{"t1", "x1", "e1", "q1", "f1", "l1", "a1"}));
  auto matches = (*m)->Match(a);
  ASSERT_EQ(matches[2].watch, "e1");
  ASSERT_EQ(matches[2].spans.size(), 1u);
  EXPECT_EQ(matches[2].spans[0].field, "entity");
  EXPECT_EQ(a.text.substr(matches[2].spans[0].start, 6), "Aliyev");
}

TEST(Matcher, EntityPhraseDoesNotJoinTwoEntities) {
  Article a = Art("", "Ilham met Aliyev");
  Entity e1, e2;
  e1.text = e1.canonical = "Ilham";
  e2.text = e2.canonical = "Aliyev";
  a.entities = {e1, e2};
  auto m = WatchMatcher::Compile({Q("e", "entity:\"ilham aliyev\"")});
  ASSERT_OK(m);
  EXPECT_TRUE((*m)->Match(a).empty());
}

TEST(Matcher, WeightedTermsWithThreshold) {
  WatchSpec s;
  s.id = "drills";
  s.terms = {{"military drills", 3}, {"border", 1}, {"Iran", 2}, {"exercis*", 2}};
  s.threshold = 5;
  auto m = WatchMatcher::Compile({s});
  ASSERT_OK(m);
  auto got = (*m)->Match(Art("", kText));  // military drills + border + Iran = 6
  ASSERT_EQ(got.size(), 1u);
  EXPECT_DOUBLE_EQ(got[0].score, 6.0);
  EXPECT_EQ(got[0].spans.size(), 3u);
  EXPECT_TRUE((*m)->Match(Art("", "Iran and the border")).empty());           // 3 < 5
  EXPECT_EQ((*m)->Match(Art("", "Iran exercises, Iran border")).size(), 1u);  // 2+2+1
  // Combined with a boolean query: both must hold.
  s.query = "NOT azerbaijan";
  auto m2 = WatchMatcher::Compile({s});
  ASSERT_OK(m2);
  EXPECT_TRUE((*m2)->Match(Art("", kText)).empty());
  EXPECT_EQ((*m2)->Match(Art("", "Iran military drills")).size(), 1u);
}

TEST(Matcher, Filters) {
  WatchSpec s = Q("w", "iran");
  s.feeds = {"aa-en"};
  s.tags = {"region"};
  s.languages = {"en"};
  auto m = WatchMatcher::Compile({s});
  ASSERT_OK(m);
  Article a = Art("", "Iran");
  EXPECT_TRUE((*m)->Match(a).empty());  // feed trend-en not listed
  a.sources = {"trend-en", "aa-en"};
  EXPECT_TRUE((*m)->Match(a).empty());  // no tag
  a.feed_tags = {"region"};
  EXPECT_EQ((*m)->Match(a).size(), 1u);
  a.lang = "de";
  EXPECT_TRUE((*m)->Match(a).empty());
}

TEST(Matcher, CompileErrorsNameTheWatch) {
  auto bad = WatchMatcher::Compile({Q("ok", "iran"), Q("broken", "iran AND")});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "watch \"broken\": column 9: expected a term (at end of query)");
  auto dup = WatchMatcher::Compile({Q("a", "x"), Q("a", "y")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().message, "watch \"a\": duplicate id");
  WatchSpec w;
  w.id = "weights";
  w.terms = {{"x", 1}};
  EXPECT_EQ(WatchMatcher::Compile({w}).error().message,
            "watch \"weights\": weighted terms need a threshold");
  w.threshold = 1;
  w.terms = {{"x", 0}};
  EXPECT_EQ(WatchMatcher::Compile({w}).error().message,
            "watch \"weights\": terms[0] 'x': weight must be greater than 0");
  w.terms = {{"...", 1}};
  EXPECT_EQ(WatchMatcher::Compile({w}).error().message,
            "watch \"weights\": terms[0] '...': has no words to match");
  w.terms = {{"a*b", 1}};
  EXPECT_EQ(WatchMatcher::Compile({w}).error().message,
            "watch \"weights\": terms[0] 'a*b': '*' is only allowed at the end of a term");
  EXPECT_EQ(WatchMatcher::Compile({Q("e", "")}).error().message,
            "watch \"e\": needs a query or weighted terms");
}

TEST(Matcher, SharedPatternsAcrossRulesAndConcurrentMatch) {
  std::vector<WatchSpec> specs;
  for (int i = 0; i < 200; ++i) {
    specs.push_back(Q("w" + std::to_string(i), "iran NEAR/" + std::to_string(i % 10) + " border"));
  }
  auto m = WatchMatcher::Compile(specs);
  ASSERT_OK(m);
  EXPECT_EQ((*m)->pattern_count(), 2u);
  // "iran" and "border": 6 words between in kText ("Iran held joint military drills near the
  // border").
  const std::size_t expected = 200 - 20 * 6;  // distances 6..9 match
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if ((*m)->Match(Art("", kText)).size() != expected) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(AlertId, StableAndKeyedOnCanonicalUrl) {
  Article a;
  a.content_hash = "sha256:abc";
  EXPECT_EQ(AlertArticleKey(a), "sha256:abc");
  a.canonical_url = "https://x.example/a";
  EXPECT_EQ(AlertArticleKey(a), "https://x.example/a");
  EXPECT_EQ(AlertId("w", "https://x.example/a"), Sha256Hex("w\nhttps://x.example/a"));
  EXPECT_NE(AlertId("w", "k"), AlertId("v", "k"));
  EXPECT_EQ(AlertId("w", "k").size(), 64u);
}

TEST(AlertId, MakeAlertCarriesTheMatch) {
  auto m = WatchMatcher::Compile({Q("iran-drills", "\"military drills\"")});
  ASSERT_OK(m);
  Article a = Art("", kText);
  a.id = 7;
  a.canonical_url = "https://example.com/a";
  auto got = (*m)->Match(a);
  ASSERT_EQ(got.size(), 1u);
  const TimePoint now = *MakeUtc(2026, 11, 23, 6);
  Alert al = MakeAlert(got[0], a, now);
  EXPECT_EQ(al.id, AlertId("iran-drills", "https://example.com/a"));
  EXPECT_EQ(al.article_id, 7);
  EXPECT_EQ(al.created, now);
  ASSERT_EQ(al.matched.size(), 1u);
  EXPECT_EQ(a.text.substr(al.matched[0].start, al.matched[0].end - al.matched[0].start),
            "military drills");
}

}  // namespace
}  // namespace newsd::alerts
