// The relative-date part of the date parser (see date_parser.h).
#include "extract/date_parser.h"

namespace newsd::date_internal {

std::optional<Point> Parser::Relative(std::size_t i) const {
  if (!pub_ || (!s_.IsWord(i) && !s_.IsNum(i))) return std::nullopt;
  const CivilDay pub = *pub_;
  std::string_view w = s_.Lw(i);
  Point p;
  p.b = i;
  p.fixed = true;
  auto day = [&](CivilDay d, std::size_t e) {
    p.range = {d, d};
    p.e = e;
    return p;
  };
  if (auto it = l_.relative_days.find(w); it != l_.relative_days.end()) {
    return day(pub + days(it->second), i + 1);
  }
  if (w == "last" && s_.Is(i + 1, "night")) return day(pub - days(1), i + 2);
  if (w == "this" &&
      (s_.Is(i + 1, "morning") || s_.Is(i + 1, "afternoon") || s_.Is(i + 1, "evening"))) {
    return day(pub, i + 2);
  }
  if (w == "the" && s_.Is(i + 1, "weekend")) {  // "over the weekend": the last one
    DayRange wk = WeekRange(pub);
    CivilDay sat = wk.first + days(5);
    if (sat > pub) sat -= days(7);
    p.range = {sat, sat + days(1)};
    p.e = i + 2;
    return p;
  }
  int part = 0;  // -1 earlier, +1 later
  std::size_t j = i;
  if (l_.earlier_words.count(w)) {
    part = -1;
    ++j;
  } else if (l_.later_words.count(w)) {
    part = 1;
    ++j;
  }
  std::string_view rel = s_.Lw(j);
  int dir = l_.last_words.count(rel)   ? -1
            : l_.this_words.count(rel) ? 0
            : l_.next_words.count(rel) ? 1
                                       : 2;
  if (dir != 2 && (part == 0 || dir == 0)) {
    std::string_view unit = s_.Lw(j + 1);
    if (auto pw = l_.period_words.find(unit); pw != l_.period_words.end() &&
                                              s_.toks[j + 1].kind == TokenKind::kWord &&
                                              unit.back() != 's') {
      DayRange r{};
      int y, m;
      switch (pw->second) {
        case 'w':
          r = WeekRange(pub + days(7 * dir));
          break;
        case 'e': {
          DayRange wk = WeekRange(pub + days(7 * dir));
          r = {wk.first + days(5), wk.last};
          break;
        }
        case 'm':
          AddMonths(pub, dir, &y, &m);
          r = MonthRange(y, m);
          break;
        case 'y':
          r = YearRange(YearOf(pub) + dir);
          break;
        default:
          return std::nullopt;
      }
      if (part < 0) r.last = pub;
      if (part > 0) r.first = pub;
      if (r.first > r.last) return std::nullopt;
      p.range = r;
      p.e = j + 2;
      return p;
    }
    if (part == 0) {
      if (auto sz = l_.seasons.find(unit); sz != l_.seasons.end()) {
        int y = YearOf(pub);
        DayRange r = SeasonRange(y, sz->second);
        if (sz->second == 12 && MonthOf(pub) <= 2) r = SeasonRange(y - 1, 12);
        if (dir < 0) {
          while (r.last >= pub) r = SeasonRange(YearOf(r.first) - 1, sz->second);
        } else if (dir > 0) {
          while (r.first <= pub) r = SeasonRange(YearOf(r.first) + 1, sz->second);
        }
        p.range = r;
        p.e = j + 2;
        return p;
      }
      if (int m = Month(j + 1); m && dir != 0) {
        int y = YearOf(pub);
        DayRange r = MonthRange(y, m);
        if (dir < 0 && r.last >= pub) r = MonthRange(y - 1, m);
        if (dir > 0 && r.first <= pub) r = MonthRange(y + 1, m);
        p.range = r;
        p.e = AfterMonth(j + 1);
        return p;
      }
      if (auto wd = l_.weekdays.find(unit); wd != l_.weekdays.end()) {
        int delta = wd->second - WeekdayIndex(pub);
        CivilDay d;
        if (dir < 0)
          d = pub + days(delta < 0 ? delta : delta - 7);
        else if (dir > 0)
          d = pub + days(delta > 0 ? delta : delta + 7);
        else
          d = pub + days(delta);
        return day(d, j + 2);
      }
    }
    return std::nullopt;
  }
  if (part != 0) return std::nullopt;
  if (auto wd = l_.weekdays.find(w); wd != l_.weekdays.end() && s_.toks[i].capitalised) {
    // "Tuesday, August 11" is one date: let the absolute parser take it.
    std::size_t k = s_.Is(i + 1, ",") ? i + 2 : i + 1;
    if (MonthFirst(k) || DayFirst(k)) return std::nullopt;
    // "Wednesday next week", "Monday last week".
    std::string_view rel2 = s_.Lw(i + 1);
    int wdir = l_.last_words.count(rel2)   ? -1
               : l_.this_words.count(rel2) ? 0
               : l_.next_words.count(rel2) ? 1
                                           : 2;
    if (wdir != 2 && (s_.Is(i + 2, "week"))) {
      return day(WeekRange(pub + days(7 * wdir)).first + days(wd->second), i + 3);
    }
    if (i > 0 && l_.date_anaphora.count(s_.Lw(i - 1))) return std::nullopt;  // "that Saturday"
    bool future = FutureCue(i);
    int delta = wd->second - WeekdayIndex(pub);
    if (future) return day(pub + days(delta >= 0 ? delta : delta + 7), i + 1);
    return day(pub + days(delta <= 0 ? delta : delta - 7), i + 1);
  }
  // "two days ago", "a year ago".
  double n = -1;
  if (s_.IsNum(i)) {
    n = ToInt(s_.Raw(i));
  } else if (auto nw = l_.number_words.find(w); nw != l_.number_words.end()) {
    n = nw->second;
  } else if (w == "a" || w == "an") {
    n = 1;
  }
  if (n > 0 && n < 1000 && s_.Is(i + 2, l_.ago)) {
    auto pw = l_.period_words.find(s_.Lw(i + 1));
    if (pw == l_.period_words.end()) return std::nullopt;
    int k = static_cast<int>(n);
    int y, m;
    switch (pw->second) {
      case 'd':
        return day(pub - days(k), i + 3);
      case 'w':
        return day(pub - days(7 * k), i + 3);
      case 'm':
        AddMonths(pub, -k, &y, &m);
        p.range = MonthRange(y, m);
        break;
      case 'y':
        p.range = YearRange(YearOf(pub) - k);
        break;
      default:
        return std::nullopt;
    }
    p.e = i + 3;
    return p;
  }
  return std::nullopt;
}

}  // namespace newsd::date_internal
