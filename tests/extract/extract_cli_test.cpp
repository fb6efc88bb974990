// `newsd extract` end to end (INTERFACES.md §3) on a corpus page.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "tests/support/test_util.h"

namespace newsd {
namespace {

struct PipeCloser {
  void operator()(FILE* f) const { pclose(f); }
};

std::string RunExtract(const std::string& args, int* status) {
  const std::string cmd = std::string(NEWSD_BINARY) + " extract " + args + " 2>/dev/null";
  std::unique_ptr<FILE, PipeCloser> p(popen(cmd.c_str(), "r"));
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  *status = pclose(p.release());
  return out;
}

TEST(ExtractCliTest, PlainPrintsMainTextJsonPrintsExportObject) {
  const std::string page =
      testing::DataPath("extract/pages/berliner-feuerwehr.de-Ehrenzeichen.html");
  int status = -1;
  const std::string text = RunExtract("'" + page + "'", &status);
  EXPECT_EQ(status, 0);
  EXPECT_FALSE(text.empty());
  EXPECT_EQ(text.find('{'), std::string::npos);

  const std::string json = RunExtract(
      "'" + page + "' --json --url https://www.berliner-feuerwehr.de/x?utm_medium=a", &status);
  EXPECT_EQ(status, 0);
  const boost::json::object o = boost::json::parse(json).as_object();
  EXPECT_FALSE(o.contains("id"));
  EXPECT_FALSE(o.contains("feed"));
  EXPECT_FALSE(o.contains("sources"));
  EXPECT_EQ(std::string(o.at("text").as_string()) + "\n", text);
  EXPECT_EQ(o.at("lang").as_string(), "de");
  EXPECT_EQ(std::string(o.at("content_hash").as_string()).substr(0, 7), "sha256:");
  EXPECT_TRUE(o.at("title").is_string());
}

TEST(ExtractCliTest, MissingFileFails) {
  int status = -1;
  RunExtract("/nonexistent/page.html", &status);
  EXPECT_NE(status, 0);
}

}  // namespace
}  // namespace newsd
