// The downstream_outbox table: rows written in the article's transaction for
// every downstream sink, and the delivery side (fetch, retry, done).
#include "storage/downstream_outbox.h"

#include <gtest/gtest.h>

#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

using testing::BatchOf;
using testing::MakeArticle;
using testing::SubmitAndWait;

class DownstreamOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(testing::TestOptions(dir_));
    ASSERT_OK(s);
    store_ = std::move(*s);
    sinks_ = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"pg", "js"});
  }
  BatchOutcome Write(std::vector<Article> articles) {
    WriteBatch b = BatchOf(std::move(articles));
    b.downstream = sinks_;
    return SubmitAndWait(*store_, std::move(b));
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<const std::vector<std::string>> sinks_;
};

TEST_F(DownstreamOutboxTest, NewAndRevisedArticlesGetOneRowPerSinkUnchangedNone) {
  auto r = Write({MakeArticle("f", "1", "https://x.example/1", "One", "First text here."),
                  MakeArticle("f", "2", "https://x.example/2", "Two", "Second text here.")});
  ASSERT_OK(r);
  auto o = DownstreamOutbox::Open(store_->options().path);
  ASSERT_OK(o);
  EXPECT_EQ(*(*o)->Backlog("pg"), 2);
  EXPECT_EQ(*(*o)->Backlog("js"), 2);
  EXPECT_EQ(*(*o)->Backlog("other"), 0);

  // The same items again: unchanged, no rows. A changed text: a revision, one row per sink.
  ASSERT_OK(Write({MakeArticle("f", "1", "https://x.example/1", "One", "First text here.")}));
  EXPECT_EQ(*(*o)->Backlog("pg"), 2);
  ASSERT_OK(Write({MakeArticle("f", "2", "https://x.example/2", "Two", "Second text, revised.")}));
  EXPECT_EQ(*(*o)->Backlog("pg"), 3);

  auto due = (*o)->FetchDue("pg", std::chrono::system_clock::now(), 10);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 3u);
  for (const auto& it : *due) {
    EXPECT_TRUE(it.found);
    EXPECT_EQ(it.row.kind, DownstreamKind::kArticle);
    EXPECT_EQ(it.article.id, it.row.article_id);
    EXPECT_FALSE(it.article.content_hash.empty());
  }
  // The revised article is loaded in its newest form for both of its rows.
  EXPECT_EQ((*due)[2].row.revision, 2);
  EXPECT_EQ((*due)[2].article.text, "Second text, revised.");
}

TEST_F(DownstreamOutboxTest, RetryPushesRowsBackAndDoneDeletesThem) {
  ASSERT_OK(Write({MakeArticle("f", "1", "https://x.example/1", "One", "First text here."),
                   MakeArticle("f", "2", "https://x.example/2", "Two", "Second text here.")}));
  auto o = DownstreamOutbox::Open(store_->options().path);
  ASSERT_OK(o);
  const auto now = std::chrono::system_clock::now();
  auto due = (*o)->FetchDue("pg", now, 1);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);  // the limit holds
  const std::int64_t first = (*due)[0].row.id;
  ASSERT_OK((*o)->MarkRetry({first}, now + std::chrono::minutes(5), "connection refused"));
  due = (*o)->FetchDue("pg", now, 10);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);  // the retried row is not due yet
  EXPECT_NE((*due)[0].row.id, first);
  auto next = (*o)->NextDue("pg");
  ASSERT_OK(next);
  ASSERT_TRUE(next->has_value());
  EXPECT_LE(**next, now + std::chrono::seconds(1));  // the other row is due now

  auto later = (*o)->FetchDue("pg", now + std::chrono::minutes(6), 10);
  ASSERT_OK(later);
  ASSERT_EQ(later->size(), 2u);
  const auto& retried = (*later)[0].row.id == first ? (*later)[0] : (*later)[1];
  EXPECT_EQ(retried.row.attempts, 1);
  EXPECT_EQ(retried.row.last_error, "connection refused");

  ASSERT_OK((*o)->MarkDone({(*later)[0].row.id, (*later)[1].row.id}));
  EXPECT_EQ(*(*o)->Backlog("pg"), 0);
  EXPECT_EQ(*(*o)->Backlog("js"), 2);  // the other sink's rows are its own
  auto none = (*o)->NextDue("pg");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

TEST_F(DownstreamOutboxTest, RetentionDropsRowsOfDeletedArticles) {
  const TimePoint old = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now() - std::chrono::hours(24 * 30));
  ASSERT_OK(Write({MakeArticle("f", "1", "https://x.example/1", "Old", "An old text.", old),
                   MakeArticle("f", "2", "https://x.example/2", "New", "A new text.")}));
  auto rep = store_->RunRetention(old + std::chrono::hours(1));
  ASSERT_OK(rep);
  EXPECT_EQ(rep->articles_deleted, 1);
  auto o = DownstreamOutbox::Open(store_->options().path);
  ASSERT_OK(o);
  EXPECT_EQ(*(*o)->Backlog("pg"), 1);
}

TEST_F(DownstreamOutboxTest, VersionTwoFileMigratesToDownstreamOutbox) {
  const std::string path = store_->options().path;
  store_.reset();
  {
    storage::ConnectionOptions co;
    co.path = path;
    auto db = storage::OpenConnection(co);
    ASSERT_OK(db);
    ASSERT_OK(
        db->Exec("DROP TABLE downstream_outbox; ALTER TABLE feeds DROP COLUMN config_url; "
                 "PRAGMA user_version = 2"));
  }
  auto s = Store::Open(testing::TestOptions(dir_));
  ASSERT_OK(s);
  store_ = std::move(*s);
  ASSERT_OK(Write({MakeArticle("f", "1", "https://x.example/1", "One", "First text here.")}));
  auto o = DownstreamOutbox::Open(path);
  ASSERT_OK(o);
  EXPECT_EQ(*(*o)->Backlog("js"), 1);
}

}  // namespace
}  // namespace newsd
