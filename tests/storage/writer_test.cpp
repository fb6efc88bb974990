// The writer thread: grouping, back-pressure, atomic batches, readers that
// do not block it, and disk full.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/outbox.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

using testing::BatchOf;
using testing::MakeArticle;
using testing::SubmitAndWait;

std::string Text(int i) {
  static const std::string base = testing::TestText("cnn_article.txt");
  return "Item " + std::to_string(i) + " " + std::to_string(i * 7919) + ".\n\n" + base;
}

Article Numbered(const std::string& feed, int i) {
  auto a = MakeArticle(feed, "g-" + std::to_string(i), "https://n.example/" + std::to_string(i),
                       "Title " + std::to_string(i), Text(i));
  a.simhash = 0;  // distinct stories: keep layer 5 out of these tests
  return a;
}

std::int64_t CountArticles(const std::string& path) {
  auto r = StoreReader::Open(path);
  EXPECT_TRUE(r.has_value());
  auto s = (*r)->Stats();
  EXPECT_TRUE(s.has_value());
  return s ? s->articles : -1;
}

TEST(WriterTest, GroupsManySmallBatchesIntoFewTransactions) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  opts.batch_size = 50;
  opts.batch_interval = std::chrono::milliseconds(1000);
  std::atomic<int> done{0};         // outlives the store and its callbacks
  std::vector<WriteBatch> batches;  // built first: submitting is then quick
  for (int i = 0; i < 100; ++i) batches.push_back(BatchOf({Numbered("f", i)}));
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  for (auto& b : batches) {
    b.done = [&done](const BatchOutcome& r) {
      if (r) done++;
    };
    ASSERT_OK((*store)->Submit(std::move(b)));
  }
  ASSERT_TRUE(testing::WaitFor([&] { return done == 100; }, std::chrono::seconds(30)));
  auto m = (*store)->Metrics();
  EXPECT_EQ(m.batches_committed, 100);
  EXPECT_LE(m.transactions, 10);
  EXPECT_EQ(CountArticles(opts.path), 100);
}

TEST(WriterTest, FullQueuePushesBackUntilTheWriterCanCommit) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  opts.batch_size = 1;
  opts.batch_interval = std::chrono::milliseconds(0);
  opts.queue_capacity = 2;
  opts.busy_timeout_ms = 50;  // the writer retries BUSY itself
  std::atomic<int> done{0};   // outlives the store and its callbacks
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  // Another connection holds the write lock: the writer cannot commit.
  storage::ConnectionOptions co;
  co.path = opts.path;
  auto blocker = storage::OpenConnection(co);
  ASSERT_OK(blocker);
  ASSERT_OK(blocker->Exec("BEGIN IMMEDIATE"));

  auto cb = [&done](const BatchOutcome& r) {
    if (r) done++;
  };
  WriteBatch first = BatchOf({Numbered("f", 0)});
  first.done = cb;
  ASSERT_OK((*store)->Submit(std::move(first)));
  ASSERT_TRUE(testing::WaitFor([&] { return (*store)->Metrics().queued_articles == 0; }));
  for (int i = 1; i <= 2; ++i) {
    WriteBatch b = BatchOf({Numbered("f", i)});
    b.done = cb;
    ASSERT_OK((*store)->TrySubmit(b));
  }
  WriteBatch extra = BatchOf({Numbered("f", 3)});
  extra.done = cb;
  auto full = (*store)->TrySubmit(extra);
  ASSERT_FALSE(full.has_value());
  EXPECT_EQ(full.error().kind, ErrorKind::kResourceExhausted);
  ASSERT_EQ(extra.articles.size(), 1u);  // handed back untouched

  std::atomic<bool> returned{false};
  std::thread producer([&] {
    EXPECT_OK((*store)->Submit(std::move(extra)));
    returned = true;
  });
  ASSERT_TRUE(testing::WaitFor([&] { return (*store)->Metrics().paused; }));
  EXPECT_FALSE(returned.load());  // still blocked: the queue is full
  EXPECT_EQ(done.load(), 0);
  ASSERT_OK(blocker->Exec("ROLLBACK"));
  ASSERT_TRUE(testing::WaitFor([&] { return done == 4; }, std::chrono::seconds(30)));
  producer.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(CountArticles(opts.path), 4);
}

TEST(WriterTest, BacklogIsCommittedInGroupsOfUpToFourBatchSizes) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  opts.batch_size = 10;
  opts.batch_interval = std::chrono::milliseconds(0);
  opts.busy_timeout_ms = 50;  // the writer retries BUSY itself
  std::atomic<int> done{0};   // outlives the store and its callbacks
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  storage::ConnectionOptions co;
  co.path = opts.path;
  auto blocker = storage::OpenConnection(co);
  ASSERT_OK(blocker);
  ASSERT_OK(blocker->Exec("BEGIN IMMEDIATE"));
  auto cb = [&done](const BatchOutcome& r) {
    if (r) done++;
  };
  WriteBatch first = BatchOf({Numbered("f", 0)});
  first.done = cb;
  ASSERT_OK((*store)->Submit(std::move(first)));
  // The writer holds a group of one and waits for the lock; 59 more queue up.
  ASSERT_TRUE(testing::WaitFor([&] { return (*store)->Metrics().paused; }));
  for (int i = 1; i < 60; ++i) {
    WriteBatch b = BatchOf({Numbered("f", i)});
    b.done = cb;
    ASSERT_OK((*store)->Submit(std::move(b)));
  }
  ASSERT_OK(blocker->Exec("ROLLBACK"));
  ASSERT_TRUE(testing::WaitFor([&] { return done == 60; }, std::chrono::seconds(30)));
  // 1, then 40 (4 x batch_size) and 19: not six groups of 10.
  EXPECT_EQ((*store)->Metrics().transactions, 3);
  EXPECT_EQ(CountArticles(opts.path), 60);
}

TEST(WriterTest, FeedStateArticlesAndOutboxCommitTogetherOrNotAtAll) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  auto routing = std::make_shared<AlertRouting>();
  (*routing)["w"] = WatchRoute{{"hook"}, false};
  FeedState st1;
  st1.feed = "f";
  st1.url = "https://f.example/rss";
  st1.etag = "\"v1\"";
  WriteBatch ok = BatchOf({Numbered("f", 1)});
  ok.feed_state = st1;
  ASSERT_OK(SubmitAndWait(**store, std::move(ok)));

  // Fault injection in the database: inserting a "poison" title aborts.
  storage::ConnectionOptions co;
  co.path = opts.path;
  auto admin = storage::OpenConnection(co);
  ASSERT_OK(admin);
  ASSERT_OK(
      admin->Exec("CREATE TRIGGER poison BEFORE INSERT ON articles WHEN new.title = 'poison' "
                  "BEGIN SELECT RAISE(ABORT, 'poisoned article'); END"));

  FeedState st2 = st1;
  st2.etag = "\"v2\"";
  auto good = Numbered("f", 2);
  good.matches = {WatchMatch{"w", 1, {}}};
  auto bad = Numbered("f", 3);
  bad.title = "poison";
  WriteBatch failing = BatchOf({good, bad});
  failing.feed_state = st2;
  failing.routing = routing;
  // A healthy batch of another feed committed in the same group survives.
  WriteBatch other = BatchOf({Numbered("g", 4)});
  auto f1 = std::make_shared<std::promise<BatchOutcome>>();
  failing.done = [f1](const BatchOutcome& r) { f1->set_value(r); };
  auto fut1 = f1->get_future();
  ASSERT_OK((*store)->Submit(std::move(failing)));
  auto r2 = SubmitAndWait(**store, std::move(other));
  ASSERT_EQ(fut1.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto r1 = fut1.get();
  ASSERT_FALSE(r1.has_value());
  EXPECT_NE(r1.error().message.find("poisoned article"), std::string::npos) << r1.error().message;
  EXPECT_NE(r1.error().message.find(opts.path), std::string::npos);
  ASSERT_OK(r2);

  auto reader = StoreReader::Open(opts.path);
  ASSERT_OK(reader);
  auto fs = (*reader)->GetFeedState("f");
  ASSERT_OK(fs);
  ASSERT_TRUE(fs->has_value());
  EXPECT_EQ((*fs)->etag, "\"v1\"");  // the ETag of the failed poll was not saved
  EXPECT_EQ(CountArticles(opts.path), 2);
  auto outbox = Outbox::Open(opts.path);
  ASSERT_OK(outbox);
  auto pending = (*outbox)->PendingCount();
  ASSERT_OK(pending);
  EXPECT_EQ(*pending, 0);
}

TEST(WriterTest, LongReadTransactionDoesNotBlockTheWriter) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  ASSERT_OK(SubmitAndWait(**store, BatchOf({Numbered("f", 0)})));
  storage::ConnectionOptions co;
  co.path = opts.path;
  auto holder = storage::OpenConnection(co);
  ASSERT_OK(holder);
  ASSERT_OK(holder->Exec("BEGIN"));
  auto before = holder->QueryInt("SELECT count(*) FROM articles");
  ASSERT_OK(before);
  for (int i = 1; i <= 20; ++i) {
    auto r = SubmitAndWait(**store, BatchOf({Numbered("f", i)}));
    ASSERT_OK(r);
  }
  EXPECT_FALSE((*store)->Metrics().paused);
  auto during = holder->QueryInt("SELECT count(*) FROM articles");
  ASSERT_OK(during);
  EXPECT_EQ(*during, *before);  // the reader keeps its snapshot
  ASSERT_OK(holder->Exec("COMMIT"));
  EXPECT_EQ(CountArticles(opts.path), 21);
}

TEST(WriterTest, DiskFullPausesReportsAndResumesWithoutDamage) {
  testing::TempDir dir;
  auto opts = testing::TestOptions(dir);
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  std::vector<Article> first;
  for (int i = 0; i < 10; ++i) first.push_back(Numbered("f", i));
  ASSERT_OK(SubmitAndWait(**store, BatchOf(first)));
  auto reader = StoreReader::Open(opts.path);
  ASSERT_OK(reader);
  auto stats = (*reader)->Stats();
  ASSERT_OK(stats);
  storage::ConnectionOptions co;
  co.path = opts.path;
  auto admin = storage::OpenConnection(co);
  ASSERT_OK(admin);
  auto page_size = admin->QueryInt("PRAGMA page_size");
  ASSERT_OK(page_size);
  // Room for a few more pages (the WAL pages count too), not for 60 articles.
  const std::int64_t pages = stats->db_bytes / *page_size + 3;
  auto limit = (*store)->SetMaxPageCount(pages);
  ASSERT_OK(limit);

  std::vector<Article> big;
  for (int i = 100; i < 160; ++i) big.push_back(Numbered("f", i));
  auto p = std::make_shared<std::promise<BatchOutcome>>();
  auto fut = p->get_future();
  WriteBatch b = BatchOf(big);
  b.done = [p](const BatchOutcome& r) { p->set_value(r); };
  ASSERT_OK((*store)->Submit(std::move(b)));
  ASSERT_TRUE(testing::WaitFor([&] { return (*store)->Metrics().paused; }));
  const auto m = (*store)->Metrics();
  EXPECT_NE(m.last_error.find("SQLITE_FULL"), std::string::npos) << m.last_error;
  EXPECT_NE(m.last_error.find(opts.path), std::string::npos) << m.last_error;
  EXPECT_EQ(fut.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  ASSERT_OK((*reader)->CheckIntegrity());
  EXPECT_EQ(CountArticles(opts.path), 10);

  ASSERT_OK((*store)->SetMaxPageCount(0));
  ASSERT_EQ(fut.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  auto r = fut.get();
  ASSERT_OK(r);
  EXPECT_EQ(r->size(), 60u);
  EXPECT_FALSE((*store)->Metrics().paused);
  EXPECT_EQ(CountArticles(opts.path), 70);
  ASSERT_OK((*reader)->CheckIntegrity());
}

}  // namespace
}  // namespace newsd
