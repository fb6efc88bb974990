// The [[sink]] keys of the downstream sinks (postgres, nats).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/downstream.h"
#include "tests/support/test_util.h"

namespace newsd {
namespace {

using ::testing::HasSubstr;

TEST(ConfigDownstreamTest, PostgresAndNatsKeysAreReadWithDefaults) {
  auto c = ParseConfig(R"([[sink]]
id = "pg"
type = "postgres"
dsn = "host=127.0.0.1 dbname=news"
schema = "mirror"
batch_size = 200

[[sink]]
id = "bus"
type = "nats"
create_stream = true

[[sink]]
id = "file"
type = "jsonl"
path = "a.jsonl"
)",
                       "/etc/newsd/t.toml");
  ASSERT_OK(c);
  ASSERT_EQ(c->sinks.size(), 3u);
  EXPECT_EQ(c->sinks[0].dsn, "host=127.0.0.1 dbname=news");
  EXPECT_EQ(c->sinks[0].schema, "mirror");
  EXPECT_EQ(c->sinks[0].batch_size, 200);
  EXPECT_EQ(c->sinks[1].schema, "newsd");
  EXPECT_EQ(c->sinks[1].batch_size, 500);
  EXPECT_TRUE(c->sinks[1].create_stream);
  EXPECT_EQ(DownstreamSinkIds(*c), (std::vector<std::string>{"pg", "bus"}));
}

TEST(ConfigDownstreamTest, BadValuesNameFileLineAndKey) {
  auto c = ParseConfig(
      "[[sink]]\nid = \"pg\"\ntype = \"postgres\"\ndsn = \"x\"\n"
      "batch_size = 0\nschema = \"\"\n",
      "/etc/newsd/t.toml");
  ASSERT_FALSE(c.has_value());
  EXPECT_THAT(c.error().message, HasSubstr("t.toml:5:"));
  EXPECT_THAT(c.error().message, HasSubstr("batch_size"));
  EXPECT_THAT(c.error().message, HasSubstr("t.toml:6:"));
  EXPECT_THAT(c.error().message, HasSubstr("schema"));
  auto missing = ParseConfig("[[sink]]\nid = \"pg\"\ntype = \"postgres\"\n", "/etc/newsd/t.toml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(missing.error().message, HasSubstr("dsn"));
  auto wrong =
      ParseConfig("[[sink]]\nid = \"bus\"\ntype = \"nats\"\nschema = \"s\"\n", "/etc/newsd/t.toml");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_THAT(wrong.error().message, HasSubstr("unknown key \"schema\""));
}

}  // namespace
}  // namespace newsd
