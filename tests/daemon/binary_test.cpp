// The real newsd binary: exit codes, signals, end-to-end ingestion of the
// bundled sample feeds, alert delivery to a jsonl sink.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunCommand;
using testing::Subprocess;
using testing::TempDir;
using testing::WaitFor;

std::string Example() { return std::string(NEWSD_SOURCE_DIR) + "/examples/newsd.toml"; }

// A config over the bundled sample feeds with its state in `dir`.
std::string WriteConfig(const TempDir& dir, const std::string& extra = "") {
  std::string text = ReadFile(Example());
  const std::string feeds = std::string(NEWSD_SOURCE_DIR) + "/examples/feeds/";
  text = std::regex_replace(text, std::regex("file:feeds/"), "file://" + feeds);
  text = std::regex_replace(text, std::regex("\"\\.\\./var"), "\"" + dir.str() + "/var");
  text = std::regex_replace(text, std::regex("127\\.0\\.0\\.1:8085"), "127.0.0.1:0");
  text = std::regex_replace(text, std::regex("max_backoff = \"6h\""),
                            "max_backoff = \"6h\"\njitter = 0.0");
  return dir.Write("newsd.toml", text + extra);
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(BinaryTest, CheckConfigAcceptsTheBundledExample) {
  auto r = RunCommand({NEWSD_BINARY, "--config", Example(), "check-config"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OK (12 feeds"));
}

TEST(BinaryTest, CheckConfigRejectsABrokenFileWithPosition) {
  TempDir dir;
  const std::string path = dir.Write("bad.toml",
                                     "[daemon]\nstate_dir = \"/tmp/x\"\n\n[[feed]]\nid = \"a\"\n"
                                     "url = \"https://a.example/\"\ninterval = \"5 mins\"\n");
  auto r = RunCommand({NEWSD_BINARY, "--config", path, "check-config"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr(path + ":7:12: [[feed]] \"a\" interval: invalid duration"));
}

TEST(BinaryTest, ConfigFromEnvironmentAndMissingFile) {
  auto r = RunCommand({NEWSD_BINARY, "check-config"}, std::chrono::seconds(30),
                      {"NEWSD_CONFIG=" + Example()});
  EXPECT_EQ(r.code, 0) << r.err;
  auto missing = RunCommand({NEWSD_BINARY, "--config", "/nonexistent/n.toml", "check-config"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/n.toml"));
}

TEST(BinaryTest, UsageErrorsExitTwo) {
  EXPECT_EQ(RunCommand({NEWSD_BINARY, "no-such-command"}).code, 2);
  EXPECT_EQ(RunCommand({NEWSD_BINARY}).code, 2);
  auto v = RunCommand({NEWSD_BINARY, "version"});
  EXPECT_EQ(v.code, 0);
  EXPECT_THAT(v.out, HasSubstr("newsd " NEWSD_VERSION));
}

TEST(BinaryTest, RunStopsCleanlyOnSigterm) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(WaitFor([&] { return FileText(log).find("running") != std::string::npos; },
                      std::chrono::seconds(30)))
      << FileText(log);
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code.has_value()) << "still running 5 s after SIGTERM";
  EXPECT_EQ(*code, 0) << FileText(log);
}

TEST(BinaryTest, SighupWithBrokenConfigKeepsRunning) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  const std::string log = dir.str() + "/log";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(WaitFor([&] { return FileText(log).find("running") != std::string::npos; },
                      std::chrono::seconds(30)));
  dir.Write("newsd.toml", "[daemon]\nworkerz = 3\n");
  p.Signal(SIGHUP);
  ASSERT_TRUE(WaitFor([&] { return FileText(log).find("reload rejected") != std::string::npos; },
                      std::chrono::seconds(10)))
      << FileText(log);
  EXPECT_THAT(FileText(log), HasSubstr("newsd.toml:2:1: [daemon]: unknown key \"workerz\""));
  EXPECT_TRUE(p.Running());
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST(BinaryTest, OnceIngestsSampleFeedsAndASecondRoundAddsNothing) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  auto first = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(120));
  ASSERT_EQ(first.code, 0) << first.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.err, m, std::regex("feeds 12/12, (\\d+) new articles")))
      << first.err;
  const int stored = std::stoi(m[1]);
  EXPECT_GT(stored, 100);
  auto second = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(120));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_THAT(second.err, HasSubstr("feeds 12/12, 0 new articles"));
  auto exported = RunCommand({NEWSD_BINARY, "--config", cfg, "export"}, std::chrono::seconds(60));
  ASSERT_EQ(exported.code, 0) << exported.err;
  const auto lines = std::count(exported.out.begin(), exported.out.end(), '\n');
  EXPECT_EQ(lines, stored);
}

TEST(BinaryTest, OnceFailsWhenEveryFeedFails) {
  TempDir dir;
  const std::string cfg = dir.Write(
      "n.toml", "[daemon]\nstate_dir = \"" + dir.str() +
                    "/var\"\n[[feed]]\nid = \"gone\"\nurl = \"file:///nonexistent/feed.xml\"\n");
  auto r = RunCommand({NEWSD_BINARY, "--config", cfg, "once"}, std::chrono::seconds(60));
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("gone"));
}

TEST(BinaryTest, RunDeliversAlertsToTheJsonlSink) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  const std::string log = dir.str() + "/log";
  const std::string alerts = dir.str() + "/var/alerts.jsonl";
  Subprocess p({NEWSD_BINARY, "--config", cfg, "run"}, "", log);
  ASSERT_TRUE(
      WaitFor([&] { return FileText(alerts).find("\"watch\":\"russia\"") != std::string::npos; },
              std::chrono::seconds(60)))
      << FileText(log);
  p.Signal(SIGTERM);
  auto code = p.Wait(std::chrono::seconds(5));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST(BinaryTest, IngestTextFileTwiceIsNewThenDuplicate) {
  TempDir dir;
  const std::string cfg = WriteConfig(dir);
  const std::string txt = dir.Write(
      "a.txt",
      "Border talks resume\n\nPresident Ilham Aliyev said that 58 trucks entered Khankendi.\n");
  auto first = RunCommand({NEWSD_BINARY, "--config", cfg, "ingest", txt}, std::chrono::seconds(60));
  ASSERT_EQ(first.code, 0) << first.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.out, m, std::regex("^(\\d+)\tnew\tBorder talks resume\n$")))
      << first.out;
  auto second =
      RunCommand({NEWSD_BINARY, "--config", cfg, "ingest", txt}, std::chrono::seconds(60));
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(second.out, m[1].str() + "\tduplicate of " + m[1].str() + "\tBorder talks resume\n");
  auto exported = RunCommand({NEWSD_BINARY, "--config", cfg, "export"}, std::chrono::seconds(60));
  EXPECT_THAT(exported.out, HasSubstr("\"text\":\"Ilham Aliyev\",\"type\":\"PERSON\""));
  EXPECT_THAT(exported.out, HasSubstr("\"text\":\"58 trucks\""));
  auto missing = RunCommand({NEWSD_BINARY, "--config", cfg, "ingest", dir.str() + "/none.txt"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_THAT(missing.err, HasSubstr("none.txt: cannot read"));
}

}  // namespace
}  // namespace newsd
