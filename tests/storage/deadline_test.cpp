// QueryDeadline: SQLite work of the thread stops at the deadline.
#include "storage/deadline.h"

#include <gtest/gtest.h>

#include "storage/sqlite.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using testing::TempDir;

TEST(QueryDeadlineTest, InterruptsARunawayQueryWithATimeout) {
  TempDir dir;
  auto db = storage::Db::Open(dir.str() + "/t.db", /*create=*/true, 5000);
  ASSERT_TRUE(db) << db.error().message;
  // Counts to 10^12: hours of VM work without the deadline.
  constexpr const char* kRunaway =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000) "
      "SELECT count(*) FROM c";
  {
    QueryDeadline d(std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
    ASSERT_TRUE(QueryDeadline::Current().has_value());
    auto r = db->QueryInt(kRunaway);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::kTimeout) << r.error().message;
    EXPECT_NE(r.error().message.find("SQLITE_INTERRUPT"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(QueryDeadline::Current().has_value());
  // Without a deadline the same connection works as before.
  auto ok = db->QueryInt("SELECT count(*) FROM (SELECT 1 UNION ALL SELECT 2)");
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(*ok, 2);
}

TEST(QueryDeadlineTest, EndsAWaitForAnotherConnectionsLock) {
  TempDir dir;
  const std::string path = dir.str() + "/t.db";
  auto holder = storage::Db::Open(path, true, 5000);
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->Exec("PRAGMA journal_mode=WAL; CREATE TABLE t(x)"));
  ASSERT_TRUE(holder->Exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)"));
  // A busy timeout far longer than any test may take.
  auto waiter = storage::Db::Open(path, false, 600000);
  ASSERT_TRUE(waiter);
  {
    QueryDeadline d(std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
    auto st = waiter->Exec("BEGIN IMMEDIATE");
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().kind, ErrorKind::kTimeout) << st.error().message;
  }
  ASSERT_TRUE(holder->Exec("COMMIT"));
  ASSERT_TRUE(waiter->Exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2); COMMIT"));
  EXPECT_EQ(*waiter->QueryInt("SELECT count(*) FROM t"), 2);
}

}  // namespace
}  // namespace newsd
