// Cluster mode end to end: three real `newsd run` processes share one feed
// list in a throwaway PostgreSQL and poll a loopback feed server. Each
// instance sends its own User-Agent, so the server's request log says which
// instance polled which feed when.
#include <signal.h>

#include <map>
#include <memory>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "storage/pg_conn.h"
#include "tests/support/http_test_server.h"
#include "tests/support/pg_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using storage::PgConn;
using testing::HttpTestServer;
using testing::PgServer;
using testing::RecordedRequest;
using testing::Subprocess;
using testing::TempDir;
using testing::TestRoute;
using testing::WaitFor;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kFeeds = 9;
constexpr int kLeaseSeconds = 3;
constexpr milliseconds kInterval{2000};
const char* const kInstances[] = {"a", "b", "c"};

// Distinct words per (feed, item), so no two items are (near-)duplicates.
std::string Text(unsigned seed) {
  static const char* kWords[] = {"border",  "trucks",   "ministry", "drills",  "convoy",
                                 "customs", "harbour",  "minister", "protest", "pipeline",
                                 "grain",   "election", "court",    "reactor", "strike",
                                 "flood",   "bridge",   "tariff",   "vaccine", "satellite"};
  std::mt19937 rng(seed * 7919u + 13u);
  std::string text = "Report " + std::to_string(seed) + ".";
  for (int s = 0; s < 5; ++s) {
    text += " The";
    for (int w = 0; w < 9; ++w) text += std::string(" ") + kWords[rng() % 20];
    text += " " + std::to_string(rng() % 100000) + ".";
  }
  return text;
}

std::string Item(const std::string& guid, const std::string& title, const std::string& text) {
  return "<item><title>" + title + "</title><guid>" + guid + "</guid><link>http://farm.example/" +
         guid + "</link><description>" + text + "</description></item>";
}

// Two items of its own plus one story syndicated to every feed (own guid and
// link per feed, same text: the same story by content hash).
std::string FeedBody(int k) {
  std::string x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed " +
                  std::to_string(k) + "</title><link>http://farm.example/</link>";
  for (int i = 0; i < 2; ++i) {
    const unsigned seed = static_cast<unsigned>(k * 10 + i);
    x += Item("f" + std::to_string(k) + "-" + std::to_string(i), "Own " + std::to_string(seed),
              Text(seed));
  }
  x += Item("f" + std::to_string(k) + "-shared", "Shared story", Text(999999));
  return x + "</channel></rss>";
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(PgServer::Available()) << "postgresql-15 is not installed (install-deps --servers)";
    ASSERT_OK(pg_.Start());
    for (int k = 0; k < kFeeds; ++k) {
      TestRoute r;
      r.body = FeedBody(k);
      r.headers = {{"Content-Type", "application/rss+xml"}};
      // Slow answers keep leases held while the fetch runs (takeover test)
      // and keep any one instance from taking every feed of a round.
      r.delay = milliseconds(700);
      server_.Route(Path(k), r);
    }
  }

  static std::string Path(int k) { return "/feed" + std::to_string(k) + ".xml"; }

  std::string WriteConfig(const std::string& name) {
    std::string t = "[daemon]\nstate_dir = \"" + dir_.str() + "/" + name +
                    "\"\nworkers = 1\nshutdown_timeout = \"5s\"\n"
                    "[http]\nenabled = false\n"
                    "[fetch]\nuser_agent = \"newsd-test-" +
                    name +
                    "\"\nhost_gap = \"0s\"\nmax_connections = 2\nmax_per_host = 2\n"
                    "[schedule]\ndefault_interval = \"2s\"\nmin_interval = \"1s\"\n"
                    "jitter = 0.0\nmax_backoff = \"2s\"\n"
                    "[cluster]\npostgres = \"" +
                    pg_.conninfo() + "\"\ninstance_id = \"" + name +
                    "\"\nlease_seconds = " + std::to_string(kLeaseSeconds) + "\n";
    for (int k = 0; k < kFeeds; ++k) {
      t +=
          "[[feed]]\nid = \"f" + std::to_string(k) + "\"\nurl = \"" + server_.Url(Path(k)) + "\"\n";
    }
    return dir_.Write(name + ".toml", t);
  }

  void StartOne(const std::string& name) {
    const std::string cfg = WriteConfig(name);
    procs_[name] =
        std::make_unique<Subprocess>(std::vector<std::string>{NEWSD_BINARY, "--config", cfg, "run"},
                                     "", dir_.str() + "/" + name + ".log");
  }

  void StartAll() {
    for (const char* name : kInstances) StartOne(name);
  }

  // "a", "b", "c" from the User-Agent of a request.
  static std::string Instance(const RecordedRequest& r) {
    const std::string ua = r.Header("user-agent");
    const std::string prefix = "newsd-test-";
    return ua.rfind(prefix, 0) == 0 ? ua.substr(prefix.size()) : ua;
  }

  PgConn Db() {
    auto c = PgConn::Connect(pg_.conninfo());
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().message);
    return c ? std::move(*c) : PgConn();
  }

  std::int64_t QueryInt(PgConn& c, const std::string& sql) {
    auto r = c.Query(sql);
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().message);
    if (!r || r->rows() == 0) return -1;
    return r->Int(0, 0);
  }

  std::string Logs() {
    std::string out;
    for (const char* name : kInstances) {
      out +=
          std::string("--- ") + name + ":\n" + testing::ReadFile(dir_.str() + "/" + name + ".log");
    }
    return out;
  }

  TempDir dir_;
  PgServer pg_;
  HttpTestServer server_;
  std::map<std::string, std::unique_ptr<Subprocess>> procs_;
};

TEST_F(ClusterTest, EveryFeedPolledByOneInstancePerRoundAndSharedStoryStoredOnce) {
  StartAll();
  // Two rounds of every feed.
  const bool rounds = WaitFor(
      [&] {
        for (int k = 0; k < kFeeds; ++k) {
          if (server_.Hits(Path(k)) < 2) return false;
        }
        return true;
      },
      std::chrono::seconds(25));
  ASSERT_TRUE(rounds) << Logs();
  // Clean stop: every instance drains, reports its last polls and gives its
  // leases back.
  for (auto& [name, p] : procs_) p->Signal(SIGTERM);
  for (auto& [name, p] : procs_) {
    auto rc = p->Wait(std::chrono::seconds(15));
    ASSERT_TRUE(rc.has_value()) << name;
    EXPECT_EQ(*rc, 0) << name << "\n" << Logs();
  }

  std::set<std::string> pollers;
  int total = 0;
  for (int k = 0; k < kFeeds; ++k) {
    auto reqs = server_.Requests(Path(k));
    total += static_cast<int>(reqs.size());
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      pollers.insert(Instance(reqs[i]));
      if (i == 0) continue;
      // The next poll is due an interval after the previous one finished
      // (stored in whole seconds, so at least interval + 700 ms - 1 s later):
      // two polls closer together would be two instances in the same round.
      const auto gap = reqs[i].received - reqs[i - 1].received;
      EXPECT_GE(gap, kInterval / 2)
          << "feed " << k << ": polls " << i - 1 << " by " << Instance(reqs[i - 1]) << " and " << i
          << " by " << Instance(reqs[i]) << " only "
          << std::chrono::duration_cast<milliseconds>(gap).count() << " ms apart";
    }
  }
  // The work was shared (no instance can hold more than 4 leases at a time).
  EXPECT_GE(pollers.size(), 2u);
  for (const auto& p : pollers) EXPECT_TRUE(p == "a" || p == "b" || p == "c") << p;

  PgConn db = Db();
  // Every poll was reported exactly once, and no lease is left behind.
  EXPECT_EQ(QueryInt(db, "SELECT sum(polls) FROM newsd_cluster.feeds"), total);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM newsd_cluster.feeds"), kFeeds);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM newsd_cluster.feeds WHERE leased_by IS NOT NULL"),
            0);
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM newsd_cluster.feeds WHERE last_status = 200"),
            kFeeds);
  // The syndicated story: one row cluster-wide, all nine feeds as sources,
  // recorded by more than one instance (each stored it in its own SQLite).
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM newsd_cluster.stories WHERE title = 'Shared story'"),
            1);
  EXPECT_EQ(QueryInt(db,
                     "SELECT count(*) FROM newsd_cluster.story_sources s JOIN "
                     "newsd_cluster.stories USING (content_hash) WHERE title = 'Shared story'"),
            kFeeds);
  EXPECT_GE(QueryInt(db,
                     "SELECT count(DISTINCT instance) FROM newsd_cluster.story_sources s JOIN "
                     "newsd_cluster.stories USING (content_hash) WHERE title = 'Shared story'"),
            2)
      << Logs();
  // Every other story once: two of each feed's own, plus the shared one.
  EXPECT_EQ(QueryInt(db, "SELECT count(*) FROM newsd_cluster.stories"), 2 * kFeeds + 1);
}

TEST_F(ClusterTest, KilledInstanceFeedsAreTakenOverWithinOneLease) {
  StartAll();
  PgConn db = Db();
  // Wait until "b" holds leases (its fetches take 700 ms), then kill it.
  ASSERT_TRUE(WaitFor(
      [&] {
        // (The schema may not exist yet: an error here just means "not yet".)
        auto r = db.Query("SELECT count(*) FROM newsd_cluster.feeds WHERE leased_by = 'b'");
        return r && r->rows() == 1 && r->Int(0, 0) > 0;
      },
      std::chrono::seconds(20)))
      << Logs();
  procs_["b"]->Signal(SIGKILL);
  const auto killed = Clock::now();
  ASSERT_TRUE(procs_["b"]->Wait(std::chrono::seconds(5)).has_value());
  std::vector<std::string> orphans;
  {
    auto r = db.Query("SELECT id FROM newsd_cluster.feeds WHERE leased_by = 'b' ORDER BY id");
    ASSERT_OK(r);
    for (int i = 0; i < r->rows(); ++i) orphans.push_back(r->Text(i, 0));
  }
  // Usually b died holding some; if its polls all completed in the gap,
  // nothing is orphaned and the takeover is trivially true, so require some.
  ASSERT_FALSE(orphans.empty()) << "b held no lease when killed";

  // Each orphan is polled again by a or c within one lease period (plus one
  // lease tick and the server's answer delay).
  const auto bound = std::chrono::seconds(kLeaseSeconds) + milliseconds(2500);
  for (const auto& id : orphans) {
    const std::string path = "/feed" + id.substr(1) + ".xml";
    std::optional<Clock::duration> taken;
    WaitFor(
        [&] {
          for (const auto& r : server_.Requests(path)) {
            if (r.received > killed && Instance(r) != "b") {
              taken = r.received - killed;
              return true;
            }
          }
          return false;
        },
        bound + std::chrono::seconds(5));
    ASSERT_TRUE(taken.has_value()) << id << " not taken over\n" << Logs();
    EXPECT_LE(*taken, bound) << id << " taken over after "
                             << std::chrono::duration_cast<milliseconds>(*taken).count() << " ms";
    // The lease table agrees: the feed was completed by a survivor.
    ASSERT_TRUE(WaitFor([&] {
      auto r =
          db.Query("SELECT coalesce(polled_by, '') FROM newsd_cluster.feeds WHERE id = $1", {id});
      return r && r->rows() == 1 && (r->Text(0, 0) == "a" || r->Text(0, 0) == "c");
    })) << id;
  }
  // Nothing was polled by b after its death.
  for (int k = 0; k < kFeeds; ++k) {
    for (const auto& r : server_.Requests(Path(k))) {
      if (Instance(r) == "b") {
        EXPECT_LT(r.received, killed) << "feed " << k;
      }
    }
  }
}

// Regression: an instance restarted under the same instance_id used to renew
// the leases of its previous (killed) life along with its new ones, so those
// feeds were never polled again.
TEST_F(ClusterTest, RestartUnderSameIdDoesNotKeepLeasesOfItsPreviousLife) {
  StartOne("a");
  PgConn db = Db();
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = db.Query("SELECT count(*) FROM newsd_cluster.feeds WHERE leased_by = 'a'");
        return r && r->rows() == 1 && r->Int(0, 0) > 0;
      },
      std::chrono::seconds(20)))
      << Logs();
  procs_["a"]->Signal(SIGKILL);
  ASSERT_TRUE(procs_["a"]->Wait(std::chrono::seconds(5)).has_value());
  std::vector<std::string> orphans;
  {
    auto r = db.Query("SELECT id FROM newsd_cluster.feeds WHERE leased_by = 'a' ORDER BY id");
    ASSERT_OK(r);
    for (int i = 0; i < r->rows(); ++i) orphans.push_back(r->Text(i, 0));
  }
  ASSERT_FALSE(orphans.empty());
  std::map<std::string, int> hits;
  for (const auto& id : orphans) hits[id] = server_.Hits("/feed" + id.substr(1) + ".xml");
  StartOne("a");
  // It holds other feeds within a tick; the orphans must be polled again too.
  for (const auto& id : orphans) {
    const std::string path = "/feed" + id.substr(1) + ".xml";
    EXPECT_TRUE(WaitFor([&] { return server_.Hits(path) > hits[id]; },
                        std::chrono::seconds(kLeaseSeconds) + std::chrono::seconds(5)))
        << id << " not polled after the restart\n"
        << Logs();
  }
}

}  // namespace
}  // namespace newsd
