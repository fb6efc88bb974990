#include "extract/fetch_policy.h"

#include <gtest/gtest.h>

namespace newsd {
namespace {

TEST(FetchPolicyTest, RefusesLiteralInternalAddresses) {
  for (const char* url :
       {"http://127.0.0.1/x", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
        "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1:8080/",
        "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://0.0.0.0/",
        "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fd00::1]/",
        "http://[::ffff:10.0.0.1]/", "http://localhost/", "http://LOCALHOST./",
        "http://api.localhost/", "http://224.0.0.1/"}) {
    EXPECT_FALSE(CheckArticleFetchAllowed(url, false).has_value()) << url;
    EXPECT_TRUE(CheckArticleFetchAllowed(url, true).has_value()) << url;
  }
}

TEST(FetchPolicyTest, AllowsPublicHostsAndRefusesOtherSchemes) {
  for (const char* url :
       {"https://example.com/a", "http://93.184.216.34/", "http://[2606:4700::1]/",
        "https://10.example.com/", "http://172.32.0.1/"}) {
    EXPECT_TRUE(CheckArticleFetchAllowed(url, false).has_value()) << url;
  }
  EXPECT_FALSE(CheckArticleFetchAllowed("file:///etc/passwd", true).has_value());
  EXPECT_FALSE(CheckArticleFetchAllowed("gopher://example.com/", true).has_value());
  EXPECT_FALSE(CheckArticleFetchAllowed("not a url", true).has_value());
}

TEST(FetchPolicyTest, IsInternalHostForms) {
  EXPECT_TRUE(IsInternalHost("[::1]"));
  EXPECT_TRUE(IsInternalHost("::1"));
  EXPECT_FALSE(IsInternalHost("example.org"));
  EXPECT_FALSE(IsInternalHost(""));
}

}  // namespace
}  // namespace newsd
