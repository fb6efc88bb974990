// libFuzzer target for the feed parser entry point: any bytes, with and
// without a Content-Type and base URL, must parse or fail cleanly, and the
// result must serialise to JSON. Run with scripts/fuzz parse_fuzz [SECONDS].
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "feeds/feed_dates.h"
#include "feeds/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  newsd::ParseOptions options;
  options.base_url = "http://example.com/feeds/a/";
  options.max_items = 50;
  options.max_depth = 64;
  // The first byte picks a declared charset, to reach the conversion paths.
  static constexpr const char* kTypes[] = {"", "text/xml; charset=koi8-r",
                                           "application/rss+xml; charset=utf-16", "text/plain",
                                           "application/atom+xml; charset=bogus"};
  if (size > 0) options.content_type = kTypes[data[0] % 5];
  auto feed = newsd::ParseFeed(bytes, options);
  if (feed) {
    const std::string out = boost::json::serialize(newsd::ParsedFeedToJson(*feed));
    if (out.empty()) __builtin_trap();
  }
  (void)newsd::ParseFeedDate(bytes.substr(0, 200));
  return 0;
}
