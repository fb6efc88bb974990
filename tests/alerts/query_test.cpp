#include "alerts/query.h"

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace newsd::alerts {
namespace {

std::string Parsed(const std::string& q) {
  auto r = ParseQuery(q, "w");
  if (!r) return "ERROR: " + r.error().message;
  return DebugString(*r);
}

std::string ErrorOf(const std::string& q, const std::string& id = "w") {
  auto r = ParseQuery(q, id);
  if (r) return "parsed: " + DebugString(*r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  return r.error().message;
}

TEST(QueryParse, TermsPhrasesPrefixes) {
  EXPECT_EQ(Parsed("iran"), "\"iran\"");
  EXPECT_EQ(Parsed("\"military drills\""), "\"military drills\"");
  EXPECT_EQ(Parsed("milit*"), "\"milit\"*");
  EXPECT_EQ(Parsed("\"military dril\"*"), "\"military dril\"*");
}

TEST(QueryParse, ImplicitAndExplicitBooleans) {
  EXPECT_EQ(Parsed("iran border"), "(\"iran\" AND \"border\")");
  EXPECT_EQ(Parsed("iran AND border AND drills"), "(\"iran\" AND \"border\" AND \"drills\")");
  EXPECT_EQ(Parsed("iran OR turkey"), "(\"iran\" OR \"turkey\")");
  EXPECT_EQ(Parsed("iran NOT turkey"), "(\"iran\" AND NOT \"turkey\")");
  EXPECT_EQ(Parsed("NOT NOT x"), "NOT NOT \"x\"");
  // AND binds tighter than OR; parentheses override.
  EXPECT_EQ(Parsed("a b OR c"), "((\"a\" AND \"b\") OR \"c\")");
  EXPECT_EQ(Parsed("a (b OR c)"), "(\"a\" AND (\"b\" OR \"c\"))");
  // Lower-case operators are plain words.
  EXPECT_EQ(Parsed("cats and dogs"), "(\"cats\" AND \"and\" AND \"dogs\")");
}

TEST(QueryParse, NearAndOnear) {
  EXPECT_EQ(Parsed("iran NEAR/5 drills"), "(\"iran\" NEAR/5 \"drills\")");
  EXPECT_EQ(Parsed("iran ONEAR/0 drills"), "(\"iran\" ONEAR/0 \"drills\")");
  EXPECT_EQ(Parsed("a NEAR/2 b NEAR/3 c"), "((\"a\" NEAR/2 \"b\") NEAR/3 \"c\")");
  EXPECT_EQ(Parsed("(iran OR persia) NEAR/3 \"military drills\""),
            "((\"iran\" OR \"persia\") NEAR/3 \"military drills\")");
  // NEAR binds tighter than AND / OR.
  EXPECT_EQ(Parsed("x a NEAR/1 b OR c"), "((\"x\" AND (\"a\" NEAR/1 \"b\")) OR \"c\")");
}

TEST(QueryParse, FieldScopes) {
  EXPECT_EQ(Parsed("title:iran"), "title:\"iran\"");
  EXPECT_EQ(Parsed("entity:\"Ilham Aliyev\""), "entity:\"Ilham Aliyev\"");
  EXPECT_EQ(Parsed("text:(a OR b)"), "(text:\"a\" OR text:\"b\")");
  EXPECT_EQ(Parsed("quote:surprised"), "quote:\"surprised\"");
  EXPECT_EQ(Parsed("case:US"), "case:\"US\"");
  EXPECT_EQ(Parsed("title:case:US"), "title:case:\"US\"");
  EXPECT_EQ(Parsed("feed:trend-en lang:az"), "(feed:trend-en AND lang:az)");
  EXPECT_EQ(Parsed("feed:\"my feed\""), "feed:my feed");
}

TEST(QueryParse, NonLatinTerms) {
  EXPECT_EQ(Parsed("ایران NEAR/3 رزمایش"), "(\"ایران\" NEAR/3 \"رزمایش\")");
  EXPECT_EQ(Parsed("\"中国 军队\""), "\"中国 军队\"");
}

TEST(QueryErrors, EveryMessage) {
  EXPECT_EQ(ErrorOf("", "iran-drills"),
            "watch \"iran-drills\": column 1: empty query (at end of query)");
  EXPECT_EQ(ErrorOf("   "), "watch \"w\": column 1: empty query (at end of query)");
  EXPECT_EQ(ErrorOf("iran \"military drills"),
            "watch \"w\": column 6: unterminated phrase (at '\"military drills')");
  EXPECT_EQ(ErrorOf("a \" \""), "watch \"w\": column 3: empty phrase (at '\" \"')");
  EXPECT_EQ(ErrorOf("a )"), "watch \"w\": column 3: unexpected ')' (at ')')");
  EXPECT_EQ(ErrorOf("(a OR b"),
            "watch \"w\": column 8: missing ')' for the '(' at column 1 (at end of query)");
  EXPECT_EQ(ErrorOf("a OR"), "watch \"w\": column 5: expected a term (at end of query)");
  EXPECT_EQ(ErrorOf("OR a"), "watch \"w\": column 1: expected a term (at 'OR')");
  EXPECT_EQ(ErrorOf("a AND )"), "watch \"w\": column 7: unexpected ')' (at ')')");
  EXPECT_EQ(ErrorOf("()"), "watch \"w\": column 2: unexpected ')' (at ')')");
  EXPECT_EQ(ErrorOf("a NOT"), "watch \"w\": column 6: expected a term (at end of query)");
  EXPECT_EQ(ErrorOf("color:red"), "watch \"w\": column 1: unknown field 'color:' (at 'color:')");
  EXPECT_EQ(ErrorOf("a : b"), "watch \"w\": column 3: ':' must follow a field name (at ':')");
  EXPECT_EQ(ErrorOf("a NEAR b"),
            "watch \"w\": column 3: NEAR needs a distance such as NEAR/5 (at 'NEAR')");
  EXPECT_EQ(ErrorOf("a ONEAR/x b"),
            "watch \"w\": column 3: ONEAR needs a distance such as ONEAR/5 (at 'ONEAR/x')");
  EXPECT_EQ(ErrorOf("a NEAR/-1 b"),
            "watch \"w\": column 3: NEAR needs a distance such as NEAR/5 (at 'NEAR/-1')");
  EXPECT_EQ(ErrorOf("a NEAR/1001 b"),
            "watch \"w\": column 3: distance must be at most 1000 (at 'NEAR/1001')");
  EXPECT_EQ(ErrorOf("a NEAR/99999999999 b"),
            "watch \"w\": column 3: distance must be at most 1000 (at 'NEAR/99999999999')");
  EXPECT_EQ(ErrorOf("(a b) NEAR/2 c"),
            "watch \"w\": column 1: NEAR/ONEAR operands must be terms, phrases, OR groups or "
            "NEAR (at '(')");
  EXPECT_EQ(ErrorOf("a NEAR/2 feed:x"),
            "watch \"w\": column 10: NEAR/ONEAR operands must be terms, phrases, OR groups or "
            "NEAR (at 'feed:')");
  EXPECT_EQ(ErrorOf("a NEAR/2 NOT b"), "watch \"w\": column 10: expected a term (at 'NOT')");
  EXPECT_EQ(ErrorOf("mi*litary"),
            "watch \"w\": column 3: '*' is only allowed at the end of a word (at 'mi*litary')");
  EXPECT_EQ(ErrorOf("a *"),
            "watch \"w\": column 3: '*' is only allowed at the end of a word (at '*')");
  EXPECT_EQ(ErrorOf("a !!!"), "watch \"w\": column 3: '!!!' has no words to match (at '!!!')");
  EXPECT_EQ(ErrorOf("feed: )"), "watch \"w\": column 1: 'feed:' needs a value (at 'feed:')");
  EXPECT_EQ(ErrorOf("title:lang:az"),
            "watch \"w\": column 1: 'title:' cannot scope feed: or lang: (at 'title:')");
  EXPECT_EQ(ErrorOf("title:"), "watch \"w\": column 7: expected a term (at end of query)");
  EXPECT_EQ(ErrorOf(std::string(300, '(') + "a"),
            "watch \"w\": column 102: query nested too deeply (at '(')");
}

TEST(QueryErrors, ColumnsCountCharactersNotBytes) {
  // "ایران" is 5 code points (10 bytes).
  EXPECT_EQ(ErrorOf("ایران )"), "watch \"w\": column 7: unexpected ')' (at ')')");
}

}  // namespace
}  // namespace newsd::alerts
