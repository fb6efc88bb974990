// PgConn (libpq wrapper) against a real throwaway PostgreSQL (tests/support/pg_server.h).
#include "storage/pg_conn.h"

#include <gtest/gtest.h>

#include "tests/support/pg_server.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using storage::PgConn;
using storage::PgRow;
using storage::PgTxn;

class PgConnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::PgServer::Available())
        << "PostgreSQL 15 is not installed (scripts/install-deps --servers); this test needs it";
    ASSERT_OK(pg_.Start());
  }
  testing::PgServer pg_;
};

TEST_F(PgConnTest, ParamsTransactionsInsertRowsAndCopy) {
  auto c = PgConn::Connect(pg_.conninfo());
  ASSERT_OK(c);
  ASSERT_OK(c->Exec("CREATE TABLE t (k text PRIMARY KEY, v text, n bigint)"));
  // Parameters are never interpolated: quotes, tabs, newlines and NULL survive.
  const std::string tricky = "it's a \"test\"\twith\nnewline and \\ backslash";
  ASSERT_OK(c->Run("INSERT INTO t VALUES ($1, $2, $3)", {"a", tricky, std::nullopt}));
  auto r = c->Query("SELECT v, n FROM t WHERE k = $1", {"a"});
  ASSERT_OK(r);
  ASSERT_EQ(r->rows(), 1);
  EXPECT_EQ(r->Text(0, 0), tricky);
  EXPECT_TRUE(r->IsNull(0, 1));

  // A transaction that is not committed leaves nothing behind.
  {
    auto t = PgTxn::Begin(*c);
    ASSERT_OK(t);
    ASSERT_OK(c->Run("INSERT INTO t VALUES ('b', 'x', 1)"));
  }
  auto n = c->Query("SELECT count(*) FROM t");
  ASSERT_OK(n);
  EXPECT_EQ(n->Int(0, 0), 1);

  // Multi-row insert with ON CONFLICT: only new keys count, over several statements.
  std::vector<PgRow> rows;
  for (int i = 0; i < 1200; ++i) {
    rows.push_back({"k" + std::to_string(i % 1000), "v", std::to_string(i)});
  }
  rows.push_back({"a", "dup", "0"});
  auto ins = c->InsertRows("t", {"k", "v", "n"}, rows, "ON CONFLICT DO NOTHING", 300);
  ASSERT_OK(ins);
  EXPECT_EQ(*ins, 1000);

  // COPY escapes tabs/newlines/backslashes and NULLs.
  ASSERT_OK(c->Exec("CREATE TEMP TABLE c (k text, v text)"));
  auto copied = c->CopyIn("c", {"k", "v"}, {{"x", tricky}, {"y", std::nullopt}});
  ASSERT_OK(copied);
  EXPECT_EQ(*copied, 2);
  auto cv = c->Query("SELECT v FROM c ORDER BY k");
  ASSERT_OK(cv);
  ASSERT_EQ(cv->rows(), 2);
  EXPECT_EQ(cv->Text(0, 0), tricky);
  EXPECT_TRUE(cv->IsNull(1, 0));

  // Errors carry the SQLSTATE and a kind callers can branch on.
  auto bad = c->Run("INSERT INTO t VALUES ('a', 'again', 1)");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("23505"), std::string::npos) << bad.error().message;

  // A failed statement inside a transaction makes COMMIT fail, not "succeed".
  auto t = PgTxn::Begin(*c);
  ASSERT_OK(t);
  EXPECT_FALSE(c->Run("INSERT INTO t VALUES ('a', 'again', 1)").has_value());
  EXPECT_FALSE(t->Commit().has_value());
}

TEST_F(PgConnTest, StopMakesCallsFailAsIoAndDataSurvivesRestart) {
  auto c = PgConn::Connect(pg_.conninfo());
  ASSERT_OK(c);
  ASSERT_OK(c->Exec("CREATE TABLE kept (k int PRIMARY KEY)"));
  ASSERT_OK(c->Run("INSERT INTO kept VALUES (1), (2), (3)"));
  pg_.Stop();
  EXPECT_FALSE(pg_.Running());
  auto r = c->Query("SELECT 1");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, ErrorKind::kIo) << r.error().message;
  EXPECT_FALSE(c->ok());
  auto down = PgConn::Connect(pg_.conninfo(), 2);
  ASSERT_FALSE(down.has_value());
  EXPECT_EQ(down.error().kind, ErrorKind::kIo);

  ASSERT_OK(pg_.Start());
  auto c2 = PgConn::Connect(pg_.conninfo());
  ASSERT_OK(c2);
  auto n = c2->Query("SELECT count(*) FROM kept");
  ASSERT_OK(n);
  EXPECT_EQ(n->Int(0, 0), 3);
}

}  // namespace
}  // namespace newsd
