// Internal to the date stage: the token-level date parser shared by
// date_extractor.cpp and date_relative.cpp. Not part of the public API.
//
// Thread rules: a Parser lives for one Extract call on one thread.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "extract/date_calendar.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"

namespace newsd::date_internal {

using std::chrono::days;

using std::chrono::days;

// A parsed date expression over tokens [b, e), not yet resolved when y == 0.
struct Point {
  std::size_t b = 0, e = 0;
  int y = 0, m = 0, d = 0;  // parts; m == 0: year or season; d == 0: month
  int season = 0;           // first month of a season, 0 if none
  bool fixed = false;       // `range` already resolved (relative, decade)
  bool future = false;      // the sentence speaks of the future (year-less dates)
  DayRange range{};
};

inline int ToInt(std::string_view s) {
  int v = -1;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() ? v : -1;
}

class Parser {
 public:
  Parser(const FactLanguage& l, const TextScan& s, std::optional<CivilDay> pub)
      : l_(l), s_(s), pub_(pub) {}

  std::vector<DateSpan> Run() {
    std::vector<DateSpan> out;
    std::size_t i = 0;
    while (i < s_.size()) {
      if (!Trigger(i)) {
        ++i;
        continue;
      }
      std::optional<Point> a = ParseAny(i);
      if (!a) {
        ++i;
        continue;
      }
      std::optional<Point> b;
      std::size_t j = a->e;
      bool between = a->b > 0 && s_.Is(a->b - 1, "between");
      if (j < s_.size() && l_.span_join.count(s_.Lw(j)) && (s_.Lw(j) != "and" || between)) {
        b = ParseAny(j + 1);
        if (!b && a->d > 0 && a->m > 0) b = BareDay(j + 1, a->m);  // "July 11 to 15"
        if (b && !Compatible(*a, *b)) b.reset();
      }
      if (b) {
        Link(*a, *b);
        if (Resolve(*a) && Resolve(*b) && a->range.first <= b->range.last) {
          out.push_back(Make(a->b, b->e, a->range.first, b->range.last));
          i = b->e;
          continue;
        }
      }
      if (Resolve(*a)) out.push_back(Make(a->b, a->e, a->range.first, a->range.last));
      i = a->e;
    }
    return out;
  }

 private:
  DateSpan Make(std::size_t b, std::size_t e, CivilDay first, CivilDay last) const {
    DateSpan ds;
    ds.start = s_.toks[b].start;
    ds.end = s_.toks[e - 1].end;
    ds.text = std::string(s_.text.substr(ds.start, ds.end - ds.start));
    ds.start_date = FormatDay(first);
    ds.end_date = FormatDay(last);
    return ds;
  }

  static bool Compatible(const Point& a, const Point& b) {
    if (a.fixed || b.fixed) return false;
    if (a.season || b.season) return a.season && b.season;
    return (a.m == 0) == (b.m == 0);  // years with years, months/days with months/days
  }

  // Shares the year of a span's ends ("from July 11 to August 8, 2021").
  void Link(Point& a, Point& b) const {
    auto before = [](const Point& x, const Point& y) {
      return x.m * 32 + x.d > y.m * 32 + y.d;  // x later in the year than y
    };
    if (a.y && !b.y && b.m) {
      b.y = before(a, b) ? a.y + 1 : a.y;
    } else if (!a.y && b.y && a.m) {
      a.y = before(a, b) ? b.y - 1 : b.y;
    } else if (!a.y && !b.y && a.m && pub_) {
      b.y = YearFor(b);
      a.y = before(a, b) ? b.y - 1 : b.y;
    }
  }

  bool Resolve(Point& p) const {
    if (p.fixed) return true;
    if (p.y == 0) {
      if (!pub_ || p.m == 0) return false;
      p.y = YearFor(p);
    }
    if (p.season) {
      p.range = SeasonRange(p.y, p.season);
    } else if (p.m == 0) {
      p.range = YearRange(p.y);
    } else if (p.d == 0) {
      p.range = MonthRange(p.y, p.m);
    } else {
      if (!ValidDay(p.y, p.m, p.d)) return false;
      p.range = {MakeDay(p.y, p.m, p.d), MakeDay(p.y, p.m, p.d)};
    }
    return true;
  }

  // Cheap test whether a date can start at token i (one table lookup).
  bool Trigger(std::size_t i) const {
    if (s_.IsNum(i)) return true;
    if (!s_.IsWord(i)) return false;
    if (s_.Is(i, "the")) return s_.IsNum(i + 1) || s_.Is(i + 1, "weekend");
    return s_.Has(i, kLexDateStart);
  }

  std::optional<Point> ParseAny(std::size_t i) const {
    std::optional<Point> p = Relative(i);
    if (!p) p = Iso(i);
    if (!p) p = MonthFirst(i);
    if (!p) p = DayFirst(i);
    if (!p) p = Season(i);
    if (!p) p = Year(i);
    if (p && !p->fixed && p->y == 0) p->future = FutureCue(p->b);
    return p;
  }

  // True when the sentence around token i speaks of the future ("will", "next").
  bool FutureCue(std::size_t i) const {
    if (i > 0 && (s_.Is(i - 1, "from") || s_.Is(i - 1, "starting"))) return true;
    if (i > 0 && l_.future_before.count(s_.Lw(i - 1))) return true;
    if (i > 1 && s_.IsWord(i - 2) && s_.IsWord(i - 1)) {
      std::string_view two(s_.lower.data() + s_.toks[i - 2].start,
                           s_.toks[i - 1].end - s_.toks[i - 2].start);
      if (l_.future_before.count(two)) return true;
    }
    std::size_t b = i;
    for (int n = 0; n < 14 && b > 0 && !s_.Is(b - 1, ".") && !s_.ParaBreakBefore(b); ++n) --b;
    for (std::size_t k = b; k < s_.size() && k < i + 14; ++k) {
      if (k > i && (s_.Is(k, ".") || s_.ParaBreakBefore(k))) break;
      if (k != i && s_.IsWord(k) && l_.future_cues.count(s_.Lw(k))) return true;
    }
    return false;
  }

  // The year of a year-less month or day: the nearest one, but a date more than
  // 30 days after publication only when the sentence speaks of the future.
  int YearFor(const Point& p) const {
    int y = NearestYear(*pub_, p.m, p.d);
    int d = p.d ? p.d : 1;
    if (!p.future && ValidDay(y, p.m, d) && MakeDay(y, p.m, d) > *pub_ + days(30)) --y;
    return y;
  }

  int Month(std::size_t i) const {
    if (!s_.IsWord(i)) return 0;
    auto it = l_.months.find(s_.Lw(i));
    if (it == l_.months.end()) return 0;
    if (l_.ambiguous_months.count(it->first) && !s_.toks[i].capitalised) return 0;
    return it->second;
  }
  // Index after a month word and its abbreviation period.
  std::size_t AfterMonth(std::size_t i) const {
    std::string_view w = s_.Lw(i);
    bool abbrev = w.size() <= 4 && w != "may" && w != "june" && w != "july";
    return abbrev && s_.Is(i + 1, ".") && s_.Glued(i + 1) ? i + 2 : i + 1;
  }

  int YearAt(std::size_t i) const {
    if (!s_.IsNum(i) || s_.Raw(i).size() != 4) return 0;
    int y = ToInt(s_.Raw(i));
    if (y < 1000 || y > 2999) return 0;
    if (s_.Is(i + 1, "s") && s_.Glued(i + 1)) return 0;  // decade
    return y;
  }

  // Day number at i (1..31, optional glued ordinal suffix); sets *next.
  int DayAt(std::size_t i, std::size_t* next) const {
    if (!s_.IsNum(i) || s_.Raw(i).size() > 2) return 0;
    int d = ToInt(s_.Raw(i));
    if (d < 1 || d > 31) return 0;
    std::size_t j = i + 1;
    auto suf = s_.Lw(j);
    if (s_.Glued(j) && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th")) ++j;
    if (s_.Is(j, ":") || (s_.Is(j, ".") && s_.IsNum(j + 1))) return 0;  // a time
    *next = j;
    return d;
  }

  bool IsDash(std::size_t i) const {
    return s_.Is(i, "-") || s_.Is(i, "\xE2\x80\x93") || s_.Is(i, "\xE2\x80\x94");
  }

  bool Cue(std::size_t i) const {  // a word before a month/year that makes it a date
    return i > 0 && s_.IsWord(i - 1) && l_.year_cues.count(s_.Lw(i - 1)) > 0;
  }

  std::optional<Point> Iso(std::size_t i) const {
    if (!s_.IsNum(i) || s_.Raw(i).size() != 4) return std::nullopt;
    if (!(s_.Is(i + 1, "-") && s_.Glued(i + 1) && s_.IsNum(i + 2) && s_.Glued(i + 2) &&
          s_.Raw(i + 2).size() == 2 && s_.Is(i + 3, "-") && s_.Glued(i + 3) && s_.IsNum(i + 4) &&
          s_.Glued(i + 4) && s_.Raw(i + 4).size() == 2)) {
      return std::nullopt;
    }
    Point p{i, i + 5, ToInt(s_.Raw(i)), ToInt(s_.Raw(i + 2)), ToInt(s_.Raw(i + 4))};
    if (!ValidDay(p.y, p.m, p.d)) return std::nullopt;
    return p;
  }

  // Optional ", 2021" / "of 2021" / "2021" after a month or day; returns the year.
  int TrailingYear(std::size_t* j) const {
    std::size_t k = *j;
    if (s_.Is(k, ",") || s_.Is(k, "of")) ++k;
    int y = YearAt(k);
    if (y) *j = k + 1;
    return y;
  }

  std::optional<Point> MonthFirst(std::size_t i) const {
    int m = Month(i);
    if (!m) return std::nullopt;
    Point p;
    p.b = i;
    p.m = m;
    std::size_t j = AfterMonth(i);
    std::size_t k = j;
    if (int d = DayAt(j, &k)) {
      p.d = d;
      j = k;
      p.y = TrailingYear(&j);
      p.e = j;
      return p;
    }
    if (int y = TrailingYear(&j)) {
      p.y = y;
      p.e = j;
      return p;
    }
    // A month alone is a date only after a cue ("in August", "last March").
    if (!Cue(i) && !(i > 0 && (l_.span_join.count(s_.Lw(i - 1)) || s_.Is(i - 1, "-")))) {
      return std::nullopt;
    }
    p.e = j;
    return p;
  }

  std::optional<Point> DayFirst(std::size_t i) const {
    std::size_t b = i;
    if (s_.Is(i, "the")) ++i;
    std::size_t j = i;
    int d = DayAt(i, &j);
    if (!d) return std::nullopt;
    if (s_.Is(j, "of")) ++j;
    int m = Month(j);
    if (!m) return std::nullopt;
    Point p;
    p.b = b == i ? i : i;  // "the" is not part of the mention
    p.m = m;
    p.d = d;
    j = AfterMonth(j);
    p.y = TrailingYear(&j);
    p.e = j;
    return p;
  }

  std::optional<Point> BareDay(std::size_t i, int month) const {
    std::size_t j = i;
    int d = DayAt(i, &j);
    if (!d) return std::nullopt;
    Point p;
    p.b = i;
    p.m = month;
    p.d = d;
    p.y = TrailingYear(&j);
    p.e = j;
    return p;
  }

  std::optional<Point> Season(std::size_t i) const {
    if (!s_.IsWord(i)) return std::nullopt;
    auto it = l_.seasons.find(s_.Lw(i));
    if (it == l_.seasons.end()) return std::nullopt;
    std::size_t j = i + 1;
    if (s_.Is(j, "of")) ++j;
    int y = YearAt(j);
    if (!y) return std::nullopt;
    Point p;
    p.b = i;
    p.e = j + 1;
    p.y = y;
    p.season = it->second;
    return p;
  }

  std::optional<Point> Year(std::size_t i) const {
    if (!s_.IsNum(i) || s_.Raw(i).size() != 4) return std::nullopt;
    int y = ToInt(s_.Raw(i));
    if (y < 1800 || y > 2100) return std::nullopt;
    if (i > 0 && s_.Glued(i) && !IsDash(i - 1)) return std::nullopt;  // "$2020", "A2020"
    if (i > 0 && (s_.Is(i - 1, "$") || s_.Is(i - 1, "\xE2\x82\xAC") || s_.Is(i - 1, "\xC2\xA3"))) {
      return std::nullopt;
    }
    Point p;
    p.b = i;
    p.e = i + 1;
    if (int m = Month(i + 1)) {  // "the 2021 July unrest"
      p.y = y;
      p.m = m;
      p.e = AfterMonth(i + 1);
      return p;
    }
    if (s_.Is(i + 1, "s") && s_.Glued(i + 1)) {  // "the 1990s"
      if (y % 10) return std::nullopt;
      p.fixed = true;
      p.range = {MakeDay(y, 1, 1), MakeDay(y + 9, 12, 31)};
      p.e = i + 2;
      return p;
    }
    std::string_view nx = s_.Lw(i + 1);
    if (s_.Is(i + 1, "%") || l_.percent_words.count(nx) || l_.scale_words.count(nx) ||
        s_.Is(i + 1, ":")) {
      return std::nullopt;
    }
    // A count, not a year: "about 2000 people".
    for (int len = 1; len <= 2 && i >= static_cast<std::size_t>(len); ++len) {
      std::string phrase(s_.Lw(i - len));
      if (len == 2) phrase += " " + std::string(s_.Lw(i - 1));
      if (l_.approx_before.count(phrase)) return std::nullopt;
    }
    p.y = y;
    return p;
  }

  // "yesterday", "last week", "earlier this month", "on Tuesday", "two days ago"
  // (date_relative.cpp).
  std::optional<Point> Relative(std::size_t i) const;

  const FactLanguage& l_;
  const TextScan& s_;
  std::optional<CivilDay> pub_;
};

}  // namespace newsd::date_internal
