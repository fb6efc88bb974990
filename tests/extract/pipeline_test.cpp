#include "extract/pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"

namespace newsd {
namespace {

TEST(PipelineTest, DefaultStagesInOrder) {
  auto p = Pipeline::Create({});
  ASSERT_OK(p);
  EXPECT_EQ(p->StageNames(),
            (std::vector<std::string>{"canonical-url", "html-text", "page", "normalize",
                                      "content-hash", "language", "sentences", "simhash"}));
}

TEST(PipelineTest, InsertAfterAndAppend) {
  auto p = Pipeline::Create({});
  ASSERT_OK(p);
  std::vector<std::string> seen;
  ASSERT_OK(p->InsertAfter("sentences", {"facts", [](Article& a) {
                                           a.categories.push_back(
                                               "facts saw " + std::to_string(a.sentences.size()));
                                         }}));
  ASSERT_OK(p->Append({"watch-match", [](Article& a) { a.categories.push_back("watch"); }}));
  const auto names = p->StageNames();
  ASSERT_EQ(names.size(), 10u);
  EXPECT_EQ(names[7], "facts");
  EXPECT_EQ(names[9], "watch-match");
  Article a;
  a.html = "<p>One. Two.</p>";
  p->Run(a);
  EXPECT_EQ(a.categories, (std::vector<std::string>{"facts saw 2", "watch"}));
}

TEST(PipelineTest, RejectsUnknownAnchorDuplicateNameAndEmptyStage) {
  auto p = Pipeline::Create({});
  ASSERT_OK(p);
  auto noop = [](Article&) {};
  EXPECT_EQ(p->InsertAfter("nope", {"x", noop}).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(p->Append({"language", noop}).error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(p->Append({"empty", {}}).error().kind, ErrorKind::kInvalidArgument);
}

TEST(PipelineTest, FeedItemGetsTextHashLanguageSentencesSimHash) {
  auto p = Pipeline::Create({});
  ASSERT_OK(p);
  Article a;
  a.url = "https://Example.com/a?utm_source=x#frag";
  a.html =
      "!-- Google tag (gtag.js) --&gt;<p>The minister said on Monday that the new bridge "
      "will open next spring. Mr. Jones, the engineer, agreed.</p><p>Work began in 2021.</p>";
  p->Run(a);
  EXPECT_EQ(a.canonical_url, "https://example.com/a");
  EXPECT_EQ(a.text.substr(0, 12), "The minister");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.sentences.size(), 3u);
  EXPECT_EQ(a.content_hash.substr(0, 7), "sha256:");
  EXPECT_NE(a.simhash, 0u);
}

TEST(PipelineTest, RunsConcurrentlyAndCountsEveryCall) {
  auto p = Pipeline::Create({});
  ASSERT_OK(p);
  const Pipeline& shared = *p;
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared, &bad] {
      for (int i = 0; i < 50; ++i) {
        Article a;
        a.html = "<p>Same text for everyone. Second sentence here.</p>";
        shared.Run(a);
        if (a.sentences.size() != 2 || a.text != "Same text for everyone. Second sentence here.") {
          ++bad;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
  for (const StageStats& s : shared.Stats()) EXPECT_EQ(s.calls, 200u) << s.name;
}

TEST(PipelineTest, OptionsDropStages) {
  PipelineOptions o;
  o.sentences = false;
  o.simhash = false;
  auto p = Pipeline::Create(o);
  ASSERT_OK(p);
  EXPECT_EQ(p->StageNames().size(), 6u);
}

}  // namespace
}  // namespace newsd
