// Calendar arithmetic for the date stage: civil days, month and year bounds,
// weeks (Monday first) and meteorological seasons. Plain functions over
// std::chrono calendar types; no time zones (publication times are UTC).
//
// Thread rules: pure functions.
#pragma once

#include <chrono>
#include <string>

#include "core/model.h"

namespace newsd {

using CivilDay = std::chrono::sys_days;

// A closed range of days.
struct DayRange {
  CivilDay first;
  CivilDay last;
};

// "YYYY-MM-DD".
std::string FormatDay(CivilDay d);
// The UTC calendar day of `t`.
CivilDay DayOf(TimePoint t);
// The day y-m-d; the caller guarantees a valid date (use ValidDay to check).
CivilDay MakeDay(int y, int m, int d);
bool ValidDay(int y, int m, int d);
DayRange MonthRange(int y, int m);
DayRange YearRange(int y);
// Meteorological season starting in `first_month` (3, 6, 9 or 12) of year y:
// winter 2020 is 2020-12-01..2021-02-28.
DayRange SeasonRange(int y, int first_month);
// Monday..Sunday of the week that holds d.
DayRange WeekRange(CivilDay d);
// 0 = Monday .. 6 = Sunday.
int WeekdayIndex(CivilDay d);
int YearOf(CivilDay d);
int MonthOf(CivilDay d);
// The month `delta` months from the month holding d, as (year, month).
void AddMonths(CivilDay d, int delta, int* y, int* m);
// Of y-1, y, y+1 (y = year of `pub`), the year that puts month m / day dd
// (dd == 0: the whole month) nearest to `pub`.
int NearestYear(CivilDay pub, int m, int dd);

}  // namespace newsd
