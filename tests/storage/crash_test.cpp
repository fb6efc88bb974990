// kill -9 loop: a child process (this test binary, re-executed with a filter
// and an environment variable) writes poll batches; the parent SIGKILLs it at
// random moments and after every kill checks the database: integrity, FTS
// consistency, every acknowledged batch present, no batch partial or doubled,
// the feed's saved ETag matching the newest committed batch.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "storage/schema.h"
#include "storage/sqlite.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

constexpr const char* kChildEnv = "NEWSD_STORE_CRASH_CHILD";
constexpr int kPerBatch = 5;

WriteBatch CrashBatch(int k) {
  static const std::string body = testing::TestText("time_001.txt");
  std::vector<Article> v;
  for (int i = 0; i < kPerBatch; ++i) {
    const std::string id = std::to_string(k) + "-" + std::to_string(i);
    auto a = testing::MakeArticle("crash", id, "https://crash.example/" + id, "Item " + id,
                                  "Story " + id + ".\n\n" + body);
    a.simhash = 0;
    a.site_name = std::to_string(k);
    v.push_back(std::move(a));
  }
  WriteBatch b = testing::BatchOf(std::move(v));
  FeedState fs;
  fs.feed = "crash";
  fs.url = "https://crash.example/rss";
  fs.etag = std::to_string(k);
  b.feed_state = fs;
  return b;
}

std::vector<int> ReadAcked(const std::string& path) {
  std::vector<int> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(std::stoi(line));
  }
  return out;
}

// The child: resumes after the newest committed batch (re-sending it, as a
// restarted daemon would re-poll), then writes until killed.
TEST(StoreCrashChild, WritesUntilKilled) {
  const char* dir = std::getenv(kChildEnv);
  if (!dir) GTEST_SKIP() << "only run as the child of StoreCrashTest";
  StoreOptions opts;
  opts.path = std::string(dir) + "/newsd.db";
  opts.batch_size = 20;
  opts.batch_interval = std::chrono::milliseconds(3);
  auto store = Store::Open(opts);
  ASSERT_OK(store);
  int next = 0;
  {
    auto reader = (*store)->NewReader();
    ASSERT_OK(reader);
    auto fs = (*reader)->GetFeedState("crash");
    ASSERT_OK(fs);
    if (fs->has_value()) next = std::stoi((*fs)->etag);
  }
  const int acked =
      ::open((std::string(dir) + "/acked").c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  ASSERT_GE(acked, 0);
  for (int k = next; k < next + 100000; ++k) {
    WriteBatch b = CrashBatch(k);
    b.done = [acked, k](const BatchOutcome& r) {
      if (!r) return;
      const std::string line = std::to_string(k) + "\n";
      (void)!::write(acked, line.data(), line.size());
    };
    ASSERT_OK((*store)->Submit(std::move(b)));
  }
}

void Verify(const std::string& path, const std::vector<int>& acked, int round) {
  auto reader = StoreReader::Open(path);
  ASSERT_OK(reader);
  ASSERT_OK((*reader)->CheckIntegrity());
  storage::ConnectionOptions co;
  co.path = path;
  auto db = storage::OpenConnection(co);
  ASSERT_OK(db);
  auto s = db->Prepare("SELECT site_name, count(*) FROM articles GROUP BY site_name");
  ASSERT_OK(s);
  std::set<int> stored;
  int newest = -1;
  while (true) {
    auto row = s->Step();
    ASSERT_OK(row);
    if (!*row) break;
    const int k = std::stoi(s->Text(0));
    EXPECT_EQ(s->Int(1), kPerBatch) << "batch " << k << " partial or doubled, round " << round;
    stored.insert(k);
    newest = std::max(newest, k);
  }
  for (int k : acked) EXPECT_TRUE(stored.count(k)) << "acknowledged batch " << k << " lost";
  auto fs = (*reader)->GetFeedState("crash");
  ASSERT_OK(fs);
  if (newest >= 0) {
    ASSERT_TRUE(fs->has_value());
    EXPECT_EQ((*fs)->etag, std::to_string(newest)) << "ETag saved without its items";
  }
  auto fts = db->QueryInt("SELECT count(*) FROM articles_fts");
  auto n = db->QueryInt("SELECT count(*) FROM articles");
  ASSERT_OK(fts);
  ASSERT_OK(n);
  EXPECT_EQ(*fts, *n);
}

TEST(StoreCrashTest, SigkillAtRandomMomentsLosesAndDoublesNothing) {
  if (std::getenv(kChildEnv)) GTEST_SKIP();
  testing::TempDir dir;
  const std::string path = dir.str() + "/newsd.db";
  const std::string acked_path = dir.str() + "/acked";
  std::mt19937 rng(std::random_device{}());
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::size_t before = ReadAcked(acked_path).size();
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::setenv(kChildEnv, dir.str().c_str(), 1);
      ::setenv("GTEST_SHUFFLE", "0", 1);
      const char* argv[] = {"storage_tests", "--gtest_filter=StoreCrashChild.WritesUntilKilled",
                            nullptr};
      ::execv("/proc/self/exe", const_cast<char**>(argv));
      ::_exit(127);
    }
    // Wait until the child made progress, then kill it a random moment later.
    const bool progressed = testing::WaitFor([&] { return ReadAcked(acked_path).size() > before; },
                                             std::chrono::seconds(60));
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 40));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(progressed) << "child made no progress in round " << round;
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited by itself, status " << status;
    Verify(path, ReadAcked(acked_path), round);
    if (HasFatalFailure()) return;
  }
  EXPECT_GE(ReadAcked(acked_path).size(), static_cast<std::size_t>(kRounds));
}

}  // namespace
}  // namespace newsd
