#include "extract/date_extractor.h"

#include "extract/date_calendar.h"
#include "extract/date_parser.h"

namespace newsd {

using date_internal::Parser;

std::vector<DateSpan> DateExtractor::Extract(const TextScan& scan,
                                             std::optional<TimePoint> published) const {
  std::optional<CivilDay> pub;
  if (published) pub = DayOf(*published);
  return Parser(lang_, scan, pub).Run();
}

}  // namespace newsd
