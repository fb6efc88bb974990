// The matcher's shortcuts must not change its answers: terms shared by many
// rules are one Hyperscan literal (each rule still reports its own spans),
// and the cheap checks made before a rule is evaluated (every required term
// hit; the weights of the weighted terms hit reach the threshold) never drop
// a match, including the borderline cases below.
#include <gtest/gtest.h>

#include "alerts/matcher.h"
#include "tests/support/test_util.h"

namespace newsd::alerts {
namespace {

WatchSpec Q(const std::string& id, const std::string& query) {
  WatchSpec s;
  s.id = id;
  s.query = query;
  return s;
}

WatchSpec W(const std::string& id, std::vector<std::pair<std::string, double>> terms,
            double threshold) {
  WatchSpec s;
  s.id = id;
  s.terms = std::move(terms);
  s.threshold = threshold;
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

std::vector<std::string> Ids(const std::vector<WatchMatch>& ms) {
  std::vector<std::string> ids;
  for (const auto& m : ms) ids.push_back(m.watch);
  return ids;
}

TEST(MatcherPrefilter, SharedTermsAreOneLiteralAndEveryRuleGetsItsSpans) {
  // "iran" (any case), "border", "military drills", the prefix "iran*" and
  // the case-sensitive "Iran": 5 literals for 6 rules.
  auto m = WatchMatcher::Compile({Q("a", "iran border"), Q("b", "BORDER Iran"),
                                  Q("c", "\"Military Drills\" IRAN"),
                                  W("d", {{"Iran", 1}, {"border", 1}}, 2), Q("e", "iran*"),
                                  Q("f", "case:Iran NEAR/8 border")});
  ASSERT_OK(m);
  EXPECT_EQ((*m)->pattern_count(), 5u);
  const Article a = Art("", "Iran and Iranian forces held military drills at the border.");
  const auto got = (*m)->Match(a);
  ASSERT_EQ(Ids(got), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
  const auto lower = [](std::string v) {
    for (char& ch : v) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return v;
  };
  for (const auto& wm : got) {
    ASSERT_FALSE(wm.spans.empty()) << wm.watch;
    for (const auto& s : wm.spans) {
      // Each span is the rule's own term as written, over the original bytes.
      std::string want = lower(s.term);
      const bool prefix = !want.empty() && want.back() == '*';
      if (prefix) want.pop_back();
      std::string sub = lower(a.text.substr(s.start, s.end - s.start));
      if (prefix) sub = sub.substr(0, want.size());
      EXPECT_EQ(sub, want) << wm.watch << " " << s.term;
    }
  }
  // The prefix rule sees both "Iran" and "Iranian"; the others only "Iran".
  EXPECT_EQ(got[4].spans.size(), 2u);
  EXPECT_EQ(got[0].spans.size(), 2u);  // iran + border
  EXPECT_EQ(got[0].spans[0].term, "iran");
  EXPECT_EQ(got[1].spans[0].term, "Iran");
  EXPECT_EQ(got[1].spans[1].term, "BORDER");
}

TEST(MatcherPrefilter, NecessaryConditionsNeverDropAMatch) {
  auto m = WatchMatcher::Compile({
      Q("or-of-and", "(iran border) OR (iran drills)"),  // required: iran only
      Q("and-of-or", "iran (border OR football)"),
      Q("near-or", "(football OR drills) NEAR/3 military"),
      W("at-threshold", {{"iran", 2}, {"football", 5}, {"border", 1}}, 3),  // 2 + 1 = 3
      Q("not-only", "NOT football"),                                        // no hit needed
      Q("meta-only", "feed:trend-en"),
  });
  ASSERT_OK(m);
  EXPECT_EQ(Ids((*m)->Match(Art("", "Iran held military drills near the border."))),
            (std::vector<std::string>{"or-of-and", "and-of-or", "near-or", "at-threshold",
                                      "not-only", "meta-only"}));
  EXPECT_EQ(Ids((*m)->Match(Art("", "Iran drills"))),
            (std::vector<std::string>{"or-of-and", "not-only", "meta-only"}));
}

TEST(MatcherPrefilter, ConditionsThatPassStillEvaluateTheRule) {
  // Every required term is hit, but not where the rule wants it; and the
  // weights of the terms hit reach the threshold only if a hit in an entity
  // name counted (weighted terms look at title and text).
  auto m = WatchMatcher::Compile({Q("title-scope", "title:iran border"),
                                  Q("near-too-far", "iran NEAR/1 border"),
                                  W("entity-hit", {{"iran", 2}, {"football", 1}}, 3)});
  ASSERT_OK(m);
  Article a = Art("News", "Iran said the border was calm.");
  Entity e;
  e.text = e.canonical = "Football Club";
  e.type = EntityType::kOrg;
  a.entities.push_back(e);
  EXPECT_TRUE((*m)->Match(a).empty());
  a.text += " Football fans agreed.";
  EXPECT_EQ(Ids((*m)->Match(a)), (std::vector<std::string>{"entity-hit"}));
  a.title = "Iran news";
  EXPECT_EQ(Ids((*m)->Match(a)), (std::vector<std::string>{"title-scope", "entity-hit"}));
}

TEST(MatcherPrefilter, BuffersReusedAcrossArticlesAndMatchers) {
  // Per-thread buffers are reused between calls and between matchers of
  // different sizes: nothing from one call may leak into the next.
  auto big = WatchMatcher::Compile({Q("x", "alpha beta"), Q("y", "gamma"), Q("z", "delta")});
  auto small = WatchMatcher::Compile({Q("s", "beta")});
  ASSERT_OK(big);
  ASSERT_OK(small);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Ids((*big)->Match(Art("", "alpha beta gamma"))),
              (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE((*big)->Match(Art("", "alpha")).empty());  // beta was hit in the previous call
    EXPECT_EQ(Ids((*small)->Match(Art("", "beta"))), (std::vector<std::string>{"s"}));
    EXPECT_EQ(Ids((*big)->Match(Art("", "delta"))), (std::vector<std::string>{"z"}));
    EXPECT_TRUE((*small)->Match(Art("", "delta")).empty());
  }
}

}  // namespace
}  // namespace newsd::alerts
