#include "extract/date_calendar.h"

#include <cstdio>
#include <cstdlib>

namespace newsd {

using namespace std::chrono;

std::string FormatDay(CivilDay d) {
  year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

CivilDay DayOf(TimePoint t) { return floor<days>(t); }

CivilDay MakeDay(int y, int m, int d) {
  return sys_days(
      year_month_day(year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d))));
}

bool ValidDay(int y, int m, int d) {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  return year_month_day(year(y), month(static_cast<unsigned>(m)), day(static_cast<unsigned>(d)))
      .ok();
}

DayRange MonthRange(int y, int m) {
  auto ym = year(y) / month(static_cast<unsigned>(m));
  return {sys_days(ym / 1), sys_days(ym / last)};
}

DayRange YearRange(int y) { return {MakeDay(y, 1, 1), MakeDay(y, 12, 31)}; }

DayRange SeasonRange(int y, int first_month) {
  int ey = y, em = first_month + 2;
  if (em > 12) {
    em -= 12;
    ++ey;
  }
  return {MonthRange(y, first_month).first, MonthRange(ey, em).last};
}

int WeekdayIndex(CivilDay d) { return static_cast<int>(weekday(d).iso_encoding()) - 1; }

DayRange WeekRange(CivilDay d) {
  CivilDay mon = d - days(WeekdayIndex(d));
  return {mon, mon + days(6)};
}

int YearOf(CivilDay d) { return static_cast<int>(year_month_day(d).year()); }
int MonthOf(CivilDay d) {
  return static_cast<int>(static_cast<unsigned>(year_month_day(d).month()));
}

void AddMonths(CivilDay d, int delta, int* y, int* m) {
  int total = YearOf(d) * 12 + (MonthOf(d) - 1) + delta;
  *y = total / 12;
  *m = total % 12 + 1;
}

int NearestYear(CivilDay pub, int m, int dd) {
  int py = YearOf(pub);
  int best = py;
  long best_dist = -1;
  for (int y = py - 1; y <= py + 1; ++y) {
    long dist;
    if (dd > 0) {
      if (!ValidDay(y, m, dd)) continue;
      dist = std::labs((MakeDay(y, m, dd) - pub).count());
    } else {
      DayRange r = MonthRange(y, m);
      dist = pub < r.first ? (r.first - pub).count() : pub > r.last ? (pub - r.last).count() : 0;
    }
    if (best_dist < 0 || dist < best_dist) {
      best_dist = dist;
      best = y;
    }
  }
  return best;
}

}  // namespace newsd
