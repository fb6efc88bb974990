// The per-request deadline covers the handler's own time: a handler that
// cannot answer in time (worker pool busy, database locked by another
// connection) is answered 503 within [http] request_timeout, and its database
// work is interrupted so it does not hold a worker thread.
#include <sqlite3.h>

#include <atomic>
#include <future>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "tests/daemon/http_test_util.h"

namespace newsd {
namespace {

using testing::ApiHarness;
using testing::ExampleFeed;
using ::testing::HasSubstr;
using testing::HttpCall;

// A second connection that holds the database's write lock until destroyed.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return;
    locked_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~WriteLockHolder() {
    if (locked_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }
  bool locked() const { return locked_; }

 private:
  sqlite3* db_ = nullptr;
  bool locked_ = false;
};

TEST(HttpDeadlineTest, HandlerStuckBehindBusyWorkersIsAnswered503AtTheDeadline) {
  ApiHarness h("request_timeout = \"1s\"");
  // Occupy both worker threads until the answer is in (or 15 s pass).
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> started{0};
  for (int i = 0; i < 2; ++i) {
    boost::asio::post(h.workers(), [released, &started] {
      started++;
      released.wait_for(std::chrono::seconds(15));
    });
  }
  ASSERT_TRUE(testing::WaitFor([&] { return started == 2; }, std::chrono::seconds(5)));
  auto r = HttpCall("GET", h.Url("/v1/articles?q=drills"));
  release.set_value();
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_THAT(r.body, HasSubstr("\"error\":\"request deadline of 1s passed"));
  // The server is fine afterwards; the late answer went nowhere.
  auto again = HttpCall("GET", h.Url("/v1/articles"));
  EXPECT_EQ(again.status, 200) << again.body;
}

TEST(HttpDeadlineTest, LockedDatabaseIsInterruptedAtTheDeadlineAndFreesTheWorkers) {
  ApiHarness h("request_timeout = \"1s\"");
  h.Ingest("guardian", ExampleFeed("guardian.xml"));
  WriteLockHolder lock(h.config().daemon.state_dir + "/newsd.db");
  ASSERT_TRUE(lock.locked());
  // Two readiness probes wait for the write lock on both worker threads; the
  // readers' busy timeout (5 s) is far beyond the request deadline.
  auto a = std::async(std::launch::async, [&] { return HttpCall("GET", h.Url("/readyz")); });
  auto b = std::async(std::launch::async, [&] { return HttpCall("GET", h.Url("/readyz")); });
  for (auto* f : {&a, &b}) {
    auto r = f->get();
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.content_type, "application/json");
    // Either the probe's own answer (interrupted lock wait) or the server's.
    EXPECT_TRUE(r.body.find("SQLITE_BUSY") != std::string::npos ||
                r.body.find("request deadline") != std::string::npos)
        << r.body;
  }
  // The lock is still held, but the workers were released at the deadline:
  // a read (WAL readers do not need the write lock) is served at once. Had
  // the probes kept waiting for the lock, this request would queue behind
  // them past its own deadline.
  auto read = HttpCall("GET", h.Url("/v1/articles?limit=1"));
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_THAT(read.body, HasSubstr("\"articles\":[{"));
}

}  // namespace
}  // namespace newsd
