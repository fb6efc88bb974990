// libFuzzer target: the watch-rule query parser and the matcher compiled
// from whatever parses. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "alerts/matcher.h"
#include "alerts/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string q(reinterpret_cast<const char*>(data), size);
  auto parsed = newsd::alerts::ParseQuery(q, "fuzz");
  if (!parsed) return 0;
  (void)newsd::alerts::DebugString(*parsed);
  newsd::alerts::WatchSpec spec;
  spec.id = "fuzz";
  spec.query = q;
  auto m = newsd::alerts::WatchMatcher::Compile({spec});
  if (m) {
    newsd::Article a;
    a.title = q;
    a.text = "Iran held military drills near the border. " + q;
    (void)(*m)->Match(a);
  }
  return 0;
}
