// [[sink]] type = "postgres": articles ingested through the real Engine reach a
// real PostgreSQL (tests/support/pg_server.h) with all their child rows, and
// an outage of PostgreSQL loses and duplicates nothing.
#include <gtest/gtest.h>

#include "storage/pg_conn.h"
#include "tests/daemon/downstream_fixture.h"
#include "tests/support/pg_server.h"

namespace newsd {
namespace {

using storage::PgConn;

class DownstreamPgTest : public testing::DownstreamFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::PgServer::Available())
        << "PostgreSQL 15 server binaries are not installed (scripts/install-deps --servers); "
           "this test needs them";
    ASSERT_OK(pg_.Start());
    Open("warehouse", "[[sink]]\nid = \"warehouse\"\ntype = \"postgres\"\ndsn = \"" +
                          pg_.conninfo() +
                          "\"\nschema = \"news mirror\"\nbatch_size = 7\ntimeout = \"2s\"\n");
  }

  std::int64_t PgInt(const std::string& sql) {
    auto c = PgConn::Connect(pg_.conninfo());
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
    if (!c) return -1;
    auto r = c->Query(sql);
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
    return r && r->rows() == 1 ? r->Int(0, 0) : -1;
  }

  // Waits until the outbox is empty and PostgreSQL holds `articles` rows.
  bool WaitDelivered(std::int64_t articles) {
    return testing::WaitFor(
        [&] {
          return SqliteInt("SELECT count(*) FROM downstream_outbox") == 0 &&
                 PgInt("SELECT count(*) FROM \"news mirror\".articles") == articles;
        },
        std::chrono::seconds(15));
  }

  // Every PostgreSQL table matches what newsd stored, and nothing is doubled.
  void ExpectMirrorMatchesStore() {
    const std::string s = "\"news mirror\".";
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "articles"),
              SqliteInt("SELECT count(DISTINCT content_hash) FROM articles"));
    // One article per (feed, guid): a redelivery would have to come with a new hash.
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "articles"),
              PgInt("SELECT count(DISTINCT (feed, guid)) FROM " + s + "articles"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "entities"),
              SqliteInt("SELECT count(*) FROM entities"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "quotes"),
              SqliteInt("SELECT count(*) FROM quotes"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "quantities"),
              SqliteInt("SELECT count(*) FROM quantities"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "dates"),
              SqliteInt("SELECT count(*) FROM dates"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "alerts"),
              SqliteInt("SELECT count(*) FROM alerts"));
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "sources"),
              SqliteInt("SELECT count(DISTINCT article_id || ' ' || feed) FROM article_sources"));
    // Offsets point into the text: the mention is text[start:end] (bytes).
    EXPECT_EQ(PgInt("SELECT count(*) FROM " + s + "entities e JOIN " + s +
                    "articles a USING (content_hash) WHERE convert_from(substring(convert_to("
                    "a.text, 'UTF8') FROM e.start_offset + 1 FOR e.end_offset - e.start_offset), "
                    "'UTF8') <> e.text"),
              0);
  }

  testing::PgServer pg_;
};

TEST_F(DownstreamPgTest, IngestedArticlesArriveWithAllChildRows) {
  const int n =
      IngestFeed("moscow-times", "FeedReader_Rss20MoscowTimes.xml") + IngestTexts("texts");
  ASSERT_GT(n, 40);
  ASSERT_GT(SqliteInt("SELECT count(*) FROM entities"), 0) << "the material must have entities";
  ASSERT_GT(SqliteInt("SELECT count(*) FROM alerts"), 0) << "the watch must match something";
  ASSERT_TRUE(WaitDelivered(n)) << "outbox " << SqliteInt("SELECT count(*) FROM downstream_outbox")
                                << ", last error: " << SinkStats().last_error;
  ExpectMirrorMatchesStore();
  EXPECT_EQ(PgInt("SELECT max(version) FROM \"news mirror\".schema_version"), 1);
  // A watch naming a downstream sink gets no alert-dispatcher rows for it
  // (the dispatcher has no such sink; the downstream outbox carries alerts).
  EXPECT_EQ(SqliteInt("SELECT count(*) FROM alert_outbox"), 0);
  const auto st = SinkStats();
  EXPECT_EQ(st.delivered,
            SqliteInt("SELECT count(*) FROM articles") + SqliteInt("SELECT count(*) FROM alerts"));
  EXPECT_EQ(st.backlog, 0);
  EXPECT_FALSE(st.retrying);

  // At-least-once: the same rows delivered again (as after a crash between
  // COMMIT and marking them done) add nothing.
  const std::int64_t before = PgInt("SELECT count(*) FROM \"news mirror\".articles");
  ASSERT_GT(SqliteInt("SELECT count(*) FROM articles"), 0);
  {
    storage::ConnectionOptions co;
    co.path = engine_->store().options().path;
    auto db = storage::OpenConnection(co);
    ASSERT_OK(db);
    ASSERT_OK(db->Exec(
        "INSERT INTO downstream_outbox(sink, kind, article_id, revision, next_attempt, created) "
        "SELECT 'warehouse', 'article', id, revision, 0, 0 FROM articles"));
  }
  delivery_->Wake();
  ASSERT_TRUE(WaitDelivered(before));
  ExpectMirrorMatchesStore();
}

TEST_F(DownstreamPgTest, PostgresDownThenBackLosesAndDuplicatesNothing) {
  int n = IngestFeed("reuters", "FeedReader_Rss20Reuters.xml");
  ASSERT_GT(n, 0);
  ASSERT_TRUE(WaitDelivered(n)) << SinkStats().last_error;

  pg_.Stop();
  n += IngestFeed("moscow-times", "FeedReader_Rss20MoscowTimes.xml");
  n += IngestTexts("texts");
  // The sink notices and keeps the rows.
  ASSERT_TRUE(testing::WaitFor([&] { return SinkStats().retrying; }, std::chrono::seconds(15)));
  EXPECT_FALSE(SinkStats().last_error.empty());
  EXPECT_GT(SqliteInt("SELECT count(*) FROM downstream_outbox"), 40);
  EXPECT_GT(SqliteInt("SELECT max(attempts) FROM downstream_outbox"), 0);

  ASSERT_OK(pg_.Start());
  ASSERT_TRUE(WaitDelivered(n)) << "outbox " << SqliteInt("SELECT count(*) FROM downstream_outbox")
                                << ", last error: " << SinkStats().last_error;
  ExpectMirrorMatchesStore();
  EXPECT_TRUE(testing::WaitFor([&] { return !SinkStats().retrying; }));
  EXPECT_GT(SinkStats().failures, 0);
}

}  // namespace
}  // namespace newsd
