#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;

std::string Errors(const std::string& text) {
  auto c = ParseConfig(text, "/etc/newsd/c.toml");
  return c ? "" : c.error().message;
}

TEST(ConfigClusterTest, DefaultsToSingleInstance) {
  auto c = ParseConfig("", "/etc/newsd/c.toml");
  ASSERT_OK(c);
  EXPECT_EQ(c->cluster.postgres, "");
  EXPECT_EQ(c->cluster.instance_id, "");
  EXPECT_EQ(c->cluster.lease, std::chrono::seconds(60));
}

TEST(ConfigClusterTest, ReadsEveryKey) {
  auto c = ParseConfig(
      "[cluster]\npostgres = \"host=127.0.0.1 port=5432 dbname=newsd\"\n"
      "instance_id = \"poller-2\"\nlease_seconds = 3\n",
      "/etc/newsd/c.toml");
  ASSERT_OK(c);
  EXPECT_EQ(c->cluster.postgres, "host=127.0.0.1 port=5432 dbname=newsd");
  EXPECT_EQ(c->cluster.instance_id, "poller-2");
  EXPECT_EQ(c->cluster.lease, std::chrono::seconds(3));
  auto d = ParseConfig("[cluster]\npostgres = \"dbname=x\"\nlease = \"2m\"\n", "/c.toml");
  ASSERT_OK(d);
  EXPECT_EQ(d->cluster.lease, std::chrono::seconds(120));
}

TEST(ConfigClusterTest, BadValuesNameFileLineAndKey) {
  EXPECT_THAT(Errors("[cluster]\npostgres = \"dbname=x\"\nlease_seconds = 0\n"),
              HasSubstr("/etc/newsd/c.toml:3"));
  EXPECT_THAT(Errors("[cluster]\npostgres = \"dbname=x\"\nlease_seconds = 0\n"),
              HasSubstr("lease_seconds"));
  EXPECT_THAT(Errors("[cluster]\n\ninstance_id = \"a b\"\n"), HasSubstr("/etc/newsd/c.toml:3"));
  EXPECT_THAT(Errors("[cluster]\n\ninstance_id = \"a b\"\n"), HasSubstr("instance_id"));
  EXPECT_THAT(Errors("[cluster]\npostgres = \"\"\n"), HasSubstr("postgres"));
  EXPECT_THAT(Errors("[cluster]\nlease = \"5s\"\nlease_seconds = 5\n"), HasSubstr("not both"));
  EXPECT_THAT(Errors("[cluster]\nleese_seconds = 5\n"), HasSubstr("lease_seconds"));
}

}  // namespace
}  // namespace newsd
