// GET /v1/articles?q= with fact terms (entity:, quote:) over loopback against a
// real store filled through the Engine (real entity and quote extraction).
#include <set>

#include <gtest/gtest.h>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "tests/daemon/http_test_util.h"

namespace newsd {
namespace {

using testing::ApiHarness;
using testing::ExampleFeed;
using testing::HttpCall;
namespace json = boost::json;

std::string Enc(const std::string& s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::set<std::int64_t> ApiIds(ApiHarness& h, const std::string& q, const std::string& extra = "") {
  auto r = HttpCall("GET", h.Url("/v1/articles?limit=1000&q=" + Enc(q) + extra));
  EXPECT_EQ(r.status, 200) << q << ": " << r.body;
  std::set<std::int64_t> ids;
  if (r.status != 200) return ids;
  const json::value body = json::parse(r.body);
  for (const auto& a : body.at("articles").as_array()) {
    ids.insert(a.at("id").as_int64());
  }
  return ids;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(HttpFactSearchTest, EntityAndQuoteTermsMatchTheStoredFacts) {
  ApiHarness h;
  h.Ingest("reuters", ExampleFeed("reuters-world.xml"));
  h.Ingest("guardian", ExampleFeed("guardian.xml"));  // has quotations
  auto all = HttpCall("GET", h.Url("/v1/articles?limit=1000"));
  ASSERT_EQ(all.status, 200);
  const json::array arts = json::parse(all.body).at("articles").as_array();
  // A canonical name that some article reaches only through a shorter surface
  // ("Trump" -> "Donald Trump") when there is one; else any entity.
  std::string name;
  for (const auto& a : arts) {
    for (const auto& e : a.at("entities").as_array()) {
      std::string canon(e.at("canonical").as_string()), text(e.at("text").as_string());
      if (name.empty() || (canon != text && canon.find(' ') != std::string::npos)) name = canon;
    }
  }
  ASSERT_FALSE(name.empty()) << "no entities extracted";
  std::set<std::int64_t> expect;  // from the export objects themselves
  for (const auto& a : arts) {
    for (const auto& e : a.at("entities").as_array()) {
      if (Lower(e.at("canonical").as_string()) == Lower(name) ||
          Lower(e.at("text").as_string()) == Lower(name)) {
        expect.insert(a.at("id").as_int64());
      }
    }
  }
  ASSERT_FALSE(expect.empty());
  EXPECT_EQ(ApiIds(h, "entity:\"" + name + "\""), expect) << name;
  EXPECT_EQ(ApiIds(h, "entity:\"" + Lower(name) + "\""), expect) << name;
  // The same ids as `newsd search` (StoreReader::Search).
  auto reader = StoreReader::Open(h.config().daemon.state_dir + "/newsd.db");
  ASSERT_OK(reader);
  SearchQuery sq;
  sq.query = "entity:\"" + name + "\"";
  sq.limit = 1000;
  auto page = (*reader)->Search(sq);
  ASSERT_OK(page);
  std::set<std::int64_t> cli;
  for (const auto& hit : page->hits) cli.insert(hit.id);
  EXPECT_EQ(cli, expect);
  // Combined with the other parameters.
  for (const auto& id : ApiIds(h, "entity:\"" + name + "\"", "&feed=guardian")) {
    EXPECT_TRUE(expect.count(id));
  }
  EXPECT_TRUE(ApiIds(h, "entity:\"" + name + "\"", "&until=2000-01-01T00:00:00Z").empty());
  // quote: a word of some stored quotation finds exactly the articles quoting it.
  std::string word;
  for (const auto& a : arts) {
    for (const auto& q : a.at("quotes").as_array()) {
      std::string t(q.at("text").as_string());
      auto sp = t.find(' ');
      if (word.empty() && sp != std::string::npos && sp >= 5) word = t.substr(0, sp);
    }
  }
  ASSERT_FALSE(word.empty()) << "no quotes extracted";
  {
    std::set<std::int64_t> quoted;
    for (const auto& a : arts) {
      for (const auto& q : a.at("quotes").as_array()) {
        if (Lower(q.at("text").as_string()).find(Lower(word)) != std::string::npos) {
          quoted.insert(a.at("id").as_int64());
        }
      }
    }
    EXPECT_EQ(ApiIds(h, "quote:\"" + word + "\""), quoted) << word;
  }
  EXPECT_TRUE(ApiIds(h, "entity:\"No Such Person Anywhere\"").empty());
  EXPECT_EQ(HttpCall("GET", h.Url("/v1/articles?q=" + Enc("entity:"))).status, 400);
}

}  // namespace
}  // namespace newsd
