// Repair of broken XML feeds, as a person reading the feed would repair it.
//
// RepairXml rewrites a document that an XML parser rejects into well-formed
// XML: garbage before the first tag is dropped, bare '&' and '<' are escaped,
// control characters removed, unquoted or valueless attributes quoted,
// duplicate attributes dropped, mismatched end tags matched to the nearest
// open element (or dropped), unterminated comments, CDATA sections, tags and
// documents closed, DOCTYPEs removed (so no entity they declare can expand).
// Every repair is reported as "LINE:COLUMN: what" against the input text.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsd {

struct RepairedXml {
  std::string xml;                    // well-formed (as far as tags go) UTF-8 XML
  std::vector<std::string> warnings;  // "LINE:COL: message", in document order
};

// Repairs `utf8`. Elements nested deeper than `max_depth` are dropped (with
// their tags; text is kept). At most `max_warnings` warnings are recorded, then
// one summary line.
RepairedXml RepairXml(std::string_view utf8, std::size_t max_depth, std::size_t max_warnings = 100);

// "LINE:COL" of byte `offset` in `text` (1-based; columns count bytes).
std::string LineColumn(std::string_view text, std::size_t offset);

}  // namespace newsd
