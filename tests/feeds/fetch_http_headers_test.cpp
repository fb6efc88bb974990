#include <gtest/gtest.h>

#include "core/time.h"
#include "feeds/http_headers.h"

namespace newsd {
namespace {

using namespace std::chrono_literals;

TEST(HttpHeadersTest, SplitsHeaderLines) {
  auto h = SplitHeaderLine("ETag:  \"abc\" \r\n");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->name, "etag");
  EXPECT_EQ(h->value, "\"abc\"");
  EXPECT_FALSE(SplitHeaderLine("HTTP/1.1 200 OK\r\n"));
  EXPECT_FALSE(SplitHeaderLine("\r\n"));
}

TEST(HttpHeadersTest, StatusLines) {
  EXPECT_EQ(ParseStatusLine("HTTP/1.1 301 Moved Permanently\r\n"), 301);
  EXPECT_EQ(ParseStatusLine("HTTP/2 200 \r\n"), 200);
  EXPECT_FALSE(ParseStatusLine("Location: x"));
  EXPECT_FALSE(ParseStatusLine("HTTP/1.1 2x0"));
}

TEST(HttpHeadersTest, HttpDatesInAllThreeForms) {
  const TimePoint want = *MakeUtc(1994, 11, 6, 8, 49, 37);
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), want);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), want);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), want);
  EXPECT_FALSE(ParseHttpDate("soon"));
}

TEST(HttpHeadersTest, RetryAfter) {
  const TimePoint now = *MakeUtc(2026, 11, 23, 10);
  EXPECT_EQ(ParseRetryAfter("120", now), 120s);
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), 0s);
  EXPECT_EQ(ParseRetryAfter("Mon, 23 Nov 2026 10:02:00 GMT", now), 120s);
  EXPECT_EQ(ParseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now), 0s);
  EXPECT_FALSE(ParseRetryAfter("-5", now));
  EXPECT_FALSE(ParseRetryAfter("", now));
  EXPECT_FALSE(ParseRetryAfter("later", now));
}

TEST(HttpHeadersTest, MaxAge) {
  EXPECT_EQ(ParseMaxAge("public, max-age=300"), 300s);
  EXPECT_EQ(ParseMaxAge("Max-Age=\"60\""), 60s);
  EXPECT_FALSE(ParseMaxAge("no-cache, max-age=300"));
  EXPECT_FALSE(ParseMaxAge("private"));
  EXPECT_FALSE(ParseMaxAge("max-age=abc"));
}

}  // namespace
}  // namespace newsd
