// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/) into a ParsedFeed, with
// Boost.JSON. Internal to the feed parser (feeds/parser.h is the entry point).
// Pure function; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "feeds/parser.h"

namespace newsd {

// True when `utf8` starts (after whitespace) with '{'.
bool LooksLikeJson(std::string_view utf8);

// Parses a JSON Feed document into `feed`. Fails with ErrorKind::kParse when
// the text is not JSON or not a JSON Feed (no jsonfeed.org "version").
Status ParseJsonFeed(std::string_view utf8, const ParseOptions& options, ParsedFeed& feed);

}  // namespace newsd
