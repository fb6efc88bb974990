// Deduplication layers 1-5 and alert creation, on a real database file.
#include <gtest/gtest.h>

#include "storage/outbox.h"
#include "tests/storage/store_fixture.h"

namespace newsd {
namespace {

using testing::BatchOf;
using testing::MakeArticle;
using testing::SubmitAndWait;

class DedupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::Open(testing::TestOptions(dir_));
    ASSERT_OK(s);
    store_ = std::move(*s);
    text_ = testing::TestText("time_001.txt");
    ASSERT_GT(text_.size(), 3000u);
  }

  ArticleOutcome Put(Article a, std::shared_ptr<const AlertRouting> routing = nullptr) {
    WriteBatch b = BatchOf({std::move(a)});
    b.routing = std::move(routing);
    auto r = SubmitAndWait(*store_, std::move(b));
    EXPECT_TRUE(r.has_value()) << r.error().message;
    if (!r || r->size() != 1) return {};
    return (*r)[0];
  }

  StoredArticle Get(std::int64_t id) {
    auto reader = store_->NewReader();
    EXPECT_TRUE(reader.has_value());
    auto a = (*reader)->GetArticle(id);
    EXPECT_TRUE(a.has_value() && a->has_value());
    return a && *a ? **a : StoredArticle{};
  }

  std::int64_t ArticleCount() {
    auto reader = store_->NewReader();
    auto st = (*reader)->Stats();
    EXPECT_TRUE(st.has_value());
    return st ? st->articles : -1;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string text_;
};

TEST_F(DedupTest, SameArticleThroughTwoFeedsWithTrackingParamsIsOneArticleTwoSources) {
  auto first = Put(MakeArticle("feed-a", "a-1", "https://Example.com/news/hansen?utm_source=rss",
                               "Hansen warns", text_));
  auto second = Put(MakeArticle("feed-b", "b-77", "https://example.com/news/hansen?fbclid=xyz#top",
                                "Hansen warns", text_));
  EXPECT_EQ(first.layer, DedupLayer::kNone);
  EXPECT_EQ(second.layer, DedupLayer::kCanonicalUrl);
  EXPECT_EQ(second.article_id, first.article_id);
  EXPECT_EQ(ArticleCount(), 1);
  auto got = Get(first.article_id);
  EXPECT_EQ(got.article.sources, (std::vector<std::string>{"feed-a", "feed-b"}));
  ASSERT_EQ(got.source_items.size(), 2u);
}

TEST_F(DedupTest, ResyndicatedWithDifferentWhitespaceAndMarkupIsOneArticle) {
  auto first = Put(MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", text_));
  std::string marked = "<p>" + text_ + "</p>";
  for (std::size_t p = marked.find("\n\n"); p != std::string::npos;
       p = marked.find("\n\n", p + 9)) {
    marked.replace(p, 2, " </p>\n <p>");
  }
  auto copy =
      MakeArticle("feed-b", "b-1", "https://b.example/syndicated/123", "Hansen  warns", marked);
  ASSERT_EQ(copy.content_hash, MakeArticle("", "", "", "Hansen warns", text_).content_hash);
  auto second = Put(copy);
  EXPECT_EQ(second.layer, DedupLayer::kContentHash);
  EXPECT_EQ(second.article_id, first.article_id);
  EXPECT_EQ(ArticleCount(), 1);
  EXPECT_EQ(Get(first.article_id).article.sources.size(), 2u);
}

TEST_F(DedupTest, LightlyEditedCopyIsStoredWithDuplicateOf) {
  auto first = Put(MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", text_));
  std::string edited = text_;
  const auto p = edited.find("controversial");
  ASSERT_NE(p, std::string::npos);
  edited.replace(p, 13, "disputed");
  auto second = Put(MakeArticle("feed-b", "b-1", "https://b.example/y",
                                "Hansen warns of faster warming", edited));
  EXPECT_EQ(second.layer, DedupLayer::kNearDuplicate);
  ASSERT_TRUE(second.duplicate_of.has_value());
  EXPECT_EQ(*second.duplicate_of, first.article_id);
  EXPECT_NE(second.article_id, first.article_id);
  EXPECT_EQ(ArticleCount(), 2);
  auto got = Get(second.article_id);
  ASSERT_TRUE(got.article.duplicate_of.has_value());
  EXPECT_EQ(*got.article.duplicate_of, first.article_id);
  // A different story is not a near-duplicate.
  auto other = Put(MakeArticle("feed-b", "b-2", "https://b.example/z", "CNN",
                               testing::TestText("cnn_article.txt")));
  EXPECT_EQ(other.layer, DedupLayer::kNone);
}

TEST_F(DedupTest, EditedInPlaceBecomesRevisionTwoWithOldTextKept) {
  auto first = Put(MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", text_));
  const std::string edited = text_ + "\n\nCorrection: an earlier version misstated the year.";
  auto second = Put(MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", edited));
  EXPECT_EQ(second.layer, DedupLayer::kRevision);
  EXPECT_EQ(second.article_id, first.article_id);
  EXPECT_EQ(second.revision, 2);
  auto got = Get(first.article_id);
  EXPECT_EQ(got.article.revision, 2);
  EXPECT_EQ(got.article.text, edited);
  ASSERT_EQ(got.revisions.size(), 1u);
  EXPECT_EQ(got.revisions[0].revision, 1);
  EXPECT_EQ(got.revisions[0].text, text_);
  EXPECT_EQ(ArticleCount(), 1);
}

TEST_F(DedupTest, SameItemAgainIsUnchangedAndLayerOneSeesIt) {
  auto a = MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", text_);
  const std::string raw = Sha256Hex(a.title + a.text);
  auto reader = store_->NewReader();
  ASSERT_OK(reader);
  auto before = (*reader)->IsUnchanged("feed-a", "a-1", raw);
  ASSERT_OK(before);
  EXPECT_FALSE(*before);
  auto first = Put(a);
  auto again = Put(a);
  EXPECT_EQ(again.layer, DedupLayer::kUnchanged);
  EXPECT_EQ(again.article_id, first.article_id);
  auto after = (*reader)->AreUnchanged(
      {{"feed-a", "a-1", raw}, {"feed-a", "a-1", "other"}, {"feed-b", "a-1", raw}});
  ASSERT_OK(after);
  EXPECT_EQ(*after, (std::vector<bool>{true, false, false}));
  auto stats = (*reader)->Stats();
  ASSERT_OK(stats);
  EXPECT_EQ(stats->by_layer[0], 1);
  EXPECT_EQ(stats->by_layer[1], 1);
}

TEST_F(DedupTest, AlertsOncePerWatchAndArticleWithOutboxRowPerSink) {
  auto routing = std::make_shared<AlertRouting>();
  (*routing)["climate"] = WatchRoute{{"hook", "file"}, false};
  (*routing)["edits"] = WatchRoute{{"hook"}, true};
  auto a = MakeArticle("feed-a", "a-1", "https://a.example/x", "Hansen warns", text_);
  a.matches = {WatchMatch{"climate", 2.0, {MatchSpan{"text", 0, 5, "james"}}},
               WatchMatch{"edits", 1.0, {}}};
  auto first = Put(a, routing);
  ASSERT_EQ(first.alert_ids.size(), 2u);
  EXPECT_EQ(first.alert_ids[0], Sha256Hex("climate\nurl:" + a.canonical_url));

  // Exact duplicate from another feed: no new alert.
  auto b = a;
  b.feed = "feed-b";
  b.guid = "b-1";
  EXPECT_TRUE(Put(b, routing).alert_ids.empty());
  // Near-duplicate: no new alert for a watch the original already alerted.
  auto near = MakeArticle("feed-c", "c-1", "https://c.example/1", "Other title",
                          text_.substr(0, text_.size() - 20));
  near.matches = a.matches;
  auto n = Put(near, routing);
  ASSERT_EQ(n.layer, DedupLayer::kNearDuplicate);
  EXPECT_TRUE(n.alert_ids.empty());
  // Revision: only the watch with realert = on_revision alerts again.
  auto rev = a;
  rev.text += "\n\nUpdated.";
  rev.content_hash = "sha256:" + Sha256Hex(testing::NormaliseForTest(rev.title + "\n" + rev.text));
  auto r = Put(rev, routing);
  ASSERT_EQ(r.layer, DedupLayer::kRevision);
  ASSERT_EQ(r.alert_ids.size(), 1u);
  EXPECT_EQ(r.alert_ids[0], Sha256Hex("edits\nurl:" + a.canonical_url + "\nrevision 2"));

  auto outbox = store_->NewOutbox();
  ASSERT_OK(outbox);
  auto due = (*outbox)->FetchDue(a.fetched + std::chrono::hours(1), 100);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 4u);  // climate x2 sinks, edits x1, edits revision x1
  EXPECT_NE((*due)[0].payload.find("\"watch\":"), std::string::npos);
  ASSERT_OK((*outbox)->MarkDone((*due)[0].id));
  ASSERT_OK((*outbox)->MarkRetry((*due)[1].id, a.fetched + std::chrono::hours(5), "HTTP 503"));
  ASSERT_OK((*outbox)->MarkDead((*due)[2].id, "HTTP 400"));
  auto again = (*outbox)->FetchDue(a.fetched + std::chrono::hours(1), 100);
  ASSERT_OK(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].id, (*due)[3].id);
  auto later = (*outbox)->FetchDue(a.fetched + std::chrono::hours(6), 100);
  ASSERT_OK(later);
  ASSERT_EQ(later->size(), 2u);
  EXPECT_EQ((*later)[1].attempts + (*later)[0].attempts, 1);

  // Several marks in one transaction: another connection sees none of them
  // until Commit, then all.
  auto other = store_->NewOutbox();
  ASSERT_OK(other);
  ASSERT_OK((*outbox)->Begin());
  ASSERT_OK((*outbox)->MarkDone((*later)[0].id));
  ASSERT_OK((*outbox)->MarkDone((*later)[1].id));
  auto before = (*other)->FetchDue(a.fetched + std::chrono::hours(6), 100);
  ASSERT_OK(before);
  EXPECT_EQ(before->size(), 2u);
  ASSERT_OK((*outbox)->Commit());
  auto after = (*other)->FetchDue(a.fetched + std::chrono::hours(6), 100);
  ASSERT_OK(after);
  EXPECT_TRUE(after->empty());
}

}  // namespace
}  // namespace newsd
