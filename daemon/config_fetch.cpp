// [fetch] keys of full-text page fetching (docs/FEEDS.md "Full text").
#include "daemon/config_internal.h"
#include "daemon/page_fetch.h"

namespace newsd {

void ReadPageFetch(TableReader& r, FetchSection& f) {
  if (auto v = r.StringList("allow_networks")) {
    for (const auto& text : *v) {
      if (auto n = ParseIpNetwork(text); !n) {
        r.Error("allow_networks", n.error().message);
      } else {
        f.allow_networks.push_back(text);
      }
    }
  }
  if (auto v = r.Int("page_concurrency", 1, 64)) f.page_concurrency = static_cast<int>(*v);
}

}  // namespace newsd
