// Shared set-up of the downstream sink tests: a real Engine (pipeline + store)
// on a temp state_dir with one downstream [[sink]], the delivery workers, and
// real material (tests/data feeds and article texts) to ingest.
#pragma once

#include <future>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/downstream.h"
#include "daemon/engine.h"
#include "storage/schema.h"
#include "storage/sqlite.h"
#include "storage/store.h"
#include "tests/support/test_util.h"

namespace newsd::testing {

class DownstreamFixture : public ::testing::Test {
 protected:
  // Parses `sink_toml` (one [[sink]] table, id `sink_id`) with a temp
  // state_dir and a watch that names the sink, opens the engine and starts
  // delivery with short backoffs.
  void Open(const std::string& sink_id, const std::string& sink_toml) {
    const std::string text = "[daemon]\nstate_dir = \"" + dir_.str() +
                             "/state\"\n[pipeline]\nfacts = true\n" +
                             "[[watch]]\nid = \"moscow\"\nquery = \"Moscow OR Russia\"\n" +
                             "notify = [\"" + sink_id + "\"]\n" + sink_toml;
    auto c = ParseConfig(text, dir_.str() + "/newsd.toml");
    ASSERT_OK(c);
    config_ = *c;
    auto e = Engine::Create(config_);
    ASSERT_OK(e);
    engine_ = std::move(*e);
    DownstreamOptions o;
    o.initial_backoff = std::chrono::milliseconds(100);
    o.max_backoff = std::chrono::milliseconds(400);
    o.idle_poll = std::chrono::milliseconds(500);
    auto d = DownstreamDelivery::Create(config_, engine_->store().options().path, o);
    ASSERT_OK(d);
    delivery_ = std::move(*d);
    DownstreamDelivery* dp = delivery_.get();
    engine_->AddCommitListener([dp](const std::vector<ArticleOutcome>&) { dp->Wake(); });
  }

  // Ingests a real feed file from tests/data/feeds/real through the engine;
  // returns the number of new articles.
  int IngestFeed(const std::string& feed_id, const std::string& file) {
    const std::string body = ReadFile(DataPath("feeds/real/" + file));
    EXPECT_FALSE(body.empty()) << file;
    std::promise<Result<FeedOutcome>> p;
    auto f = p.get_future();
    FeedState st;
    st.feed = feed_id;
    engine_->ProcessFeed(feed_id, st, body, "application/rss+xml", "https://example.org/",
                         [&p](Result<FeedOutcome> r) { p.set_value(std::move(r)); });
    auto r = f.get();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? r->new_articles : 0;
  }

  // Ingests the article texts of tests/data/storage (first line = title) as
  // articles of feed `feed_id`; returns how many were stored as new.
  int IngestTexts(const std::string& feed_id) {
    std::vector<Article> articles;
    for (const char* name : {"cnn_article.txt", "spanish_article.txt", "time_001.txt"}) {
      const std::string body = ReadFile(DataPath(std::string("storage/") + name));
      Article a;
      const auto nl = body.find('\n');
      a.title = body.substr(0, nl);
      a.url = std::string("https://example.org/") + name;
      a.guid = a.url;
      a.feed = feed_id;
      std::string html;
      std::string rest = nl == std::string::npos ? "" : body.substr(nl + 1);
      for (std::size_t pos = 0; pos <= rest.size();) {
        std::size_t end = rest.find("\n\n", pos);
        if (end == std::string::npos) end = rest.size();
        std::string para;
        for (const char ch : rest.substr(pos, end - pos)) {
          if (ch == '<')
            para += "&lt;";
          else if (ch == '&')
            para += "&amp;";
          else
            para += ch;
        }
        html += "<p>" + para + "</p>\n";
        pos = end + 2;
      }
      a.html = html;
      articles.push_back(std::move(a));
    }
    std::promise<BatchOutcome> p;
    auto f = p.get_future();
    engine_->ProcessArticles(std::move(articles), [&p](const BatchOutcome& r) { p.set_value(r); });
    auto r = f.get();
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    int n = 0;
    if (r) {
      for (const auto& o : *r) n += o.layer == DedupLayer::kNone ? 1 : 0;
    }
    return n;
  }

  // One integer from the newsd SQLite file.
  std::int64_t SqliteInt(const std::string& sql) {
    storage::ConnectionOptions co;
    co.path = engine_->store().options().path;
    auto db = storage::OpenConnection(co);
    EXPECT_TRUE(db.has_value());
    if (!db) return -1;
    auto v = db->QueryInt(sql);
    EXPECT_TRUE(v.has_value()) << sql;
    return v ? *v : -1;
  }

  DownstreamStats SinkStats() {
    auto s = delivery_->Stats();
    EXPECT_EQ(s.size(), 1u);
    return s.empty() ? DownstreamStats{} : s[0];
  }

  TempDir dir_;
  Config config_;
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<DownstreamDelivery> delivery_;
};

}  // namespace newsd::testing
