#include "feeds/feed_dates.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

#include "core/time.h"
#include "feeds/date_names.h"

namespace newsd {
namespace {

using std::string_view;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

string_view Trim(string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool ReadInt(string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

int ExpandYear(int y, std::size_t digits) {
  if (digits == 2) return y < 50 ? 2000 + y : 1900 + y;
  if (digits == 3) return 1900 + y;
  return y;
}

// "+0200", "-01:01", "+05", "+5:30" -> minutes; false if malformed.
bool ReadOffset(string_view s, int& minutes) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return false;
  const int sign = s[0] == '-' ? -1 : 1;
  string_view body = s.substr(1);
  int h = 0, m = 0;
  const std::size_t colon = body.find(':');
  if (colon != string_view::npos) {
    if (!ReadInt(body.substr(0, colon), h) || body.size() - colon - 1 != 2 ||
        !ReadInt(body.substr(colon + 1), m))
      return false;
  } else if (body.size() == 4) {
    if (!ReadInt(body.substr(0, 2), h) || !ReadInt(body.substr(2), m)) return false;
  } else if (body.size() <= 2) {
    if (!ReadInt(body, h)) return false;
  } else {
    return false;
  }
  for (char c : body) {
    if (!IsDigit(c) && c != ':') return false;
  }
  if (h > 23 || m > 59) return false;
  minutes = sign * (h * 60 + m);
  return true;
}

// "10:14:55", "9:15", "10:14:55.1234" -> h, m, s; false if malformed.
bool ReadTime(string_view s, int& h, int& m, int& sec) {
  const std::size_t dot = s.find_first_of(".,");
  if (dot != string_view::npos) {
    for (char c : s.substr(dot + 1)) {
      if (!IsDigit(c)) return false;
    }
    s = s.substr(0, dot);
  }
  std::vector<string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t c = s.find(':', start);
    parts.push_back(s.substr(start, c == string_view::npos ? string_view::npos : c - start));
    if (c == string_view::npos) break;
    start = c + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return false;
  sec = 0;
  if (!ReadInt(parts[0], h) || parts[0].size() > 2 || !ReadInt(parts[1], m) || parts[1].size() != 2)
    return false;
  if (parts.size() == 3 && (!ReadInt(parts[2], sec) || parts[2].size() != 2)) return false;
  return h <= 24 && m <= 59 && sec <= 60;
}

std::optional<TimePoint> Build(int y, int mo, int d, int h, int mi, int s, int offset_min) {
  bool next_day = false;
  if (h == 24 && mi == 0 && s == 0) {
    h = 0;
    next_day = true;
  }
  auto t = MakeUtc(y, mo, d, h, mi, s);
  if (!t) return std::nullopt;
  if (next_day) *t += std::chrono::hours(24);
  return *t - std::chrono::minutes(offset_min);
}

// RFC 3339 / ISO 8601 / W3CDTF, also reduced ("2003-12", "2003", "-0312"),
// compact ("20031231", "031231") and with a month name ("2004-július-13").
std::optional<TimePoint> ParseIsoDate(string_view s) {
  std::size_t i = 0;
  auto digits = [&](std::size_t max) {
    const std::size_t start = i;
    while (i < s.size() && IsDigit(s[i]) && i - start < max) ++i;
    return s.substr(start, i - start);
  };
  int year = 0, month = 1, day = 1;
  if (s[0] == '-') {  // -YYMM, -YY-MM
    ++i;
    const string_view yy = digits(2);
    if (i < s.size() && s[i] == '-') ++i;
    const string_view mm = digits(2);
    if (yy.size() != 2 || mm.size() != 2 || i != s.size()) return std::nullopt;
    ReadInt(yy, year);
    ReadInt(mm, month);
    return Build(ExpandYear(year, 2), month, 1, 0, 0, 0, 0);
  }
  const string_view first = digits(8);
  if (first.size() == 8) {
    ReadInt(first.substr(0, 4), year);
    ReadInt(first.substr(4, 2), month);
    ReadInt(first.substr(6, 2), day);
  } else if (first.size() == 6 && (i == s.size() || s[i] == 'T')) {
    ReadInt(first.substr(0, 2), year);
    year = ExpandYear(year, 2);
    ReadInt(first.substr(2, 2), month);
    ReadInt(first.substr(4, 2), day);
  } else if (first.size() == 4 || (first.size() == 2 && i < s.size() && s[i] == '-')) {
    ReadInt(first, year);
    year = ExpandYear(year, first.size());
    if (i < s.size() && s[i] == '-') {
      ++i;
      if (i < s.size() && IsDigit(s[i])) {
        const string_view mm = digits(3);
        if (mm.size() == 3 && mm[0] != '0') return std::nullopt;
        ReadInt(mm, month);
      } else {
        const std::size_t start = i;
        while (i < s.size() && s[i] != '-' && !IsDigit(s[i]) && !IsSpace(s[i])) ++i;
        auto mo = MonthByName(LowerWord(s.substr(start, i - start)));
        if (!mo) return std::nullopt;
        month = *mo;
      }
      if (i < s.size() && s[i] == '-') {
        ++i;
        const string_view dd = digits(2);
        if (dd.empty()) return std::nullopt;
        ReadInt(dd, day);
      }
    } else if (first.size() == 2) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (i == s.size()) return Build(year, month, day, 0, 0, 0, 0);
  if (s[i] != 'T' && s[i] != 't' && !IsSpace(s[i])) return std::nullopt;
  ++i;
  while (i < s.size() && IsSpace(s[i])) ++i;
  const std::size_t t_start = i;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == ':' || s[i] == '.' || s[i] == ',')) ++i;
  int h = 0, mi = 0, sec = 0;
  string_view tpart = s.substr(t_start, i - t_start);
  std::string spaced;
  if (tpart.find(':') == string_view::npos && (tpart.size() == 4 || tpart.size() == 6)) {
    // Compact "100000" / "1000" (basic ISO 8601).
    spaced = std::string(tpart.substr(0, 2)) + ":" + std::string(tpart.substr(2, 2));
    if (tpart.size() == 6) spaced += ":" + std::string(tpart.substr(4, 2));
    tpart = spaced;
  }
  if (!ReadTime(tpart, h, mi, sec)) return std::nullopt;
  while (i < s.size() && IsSpace(s[i])) ++i;
  int offset = 0;
  const string_view zone = s.substr(i);
  if (zone.empty() || zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone[0] == '+' || zone[0] == '-') {
    if (!ReadOffset(zone, offset)) return std::nullopt;
  } else if (auto z = ZoneByName(LowerWord(zone))) {
    offset = *z;
  } else {
    return std::nullopt;
  }
  return Build(year, month, day, h, mi, sec, offset);
}

struct Token {
  enum Kind { kNumber, kWord, kTime, kOffset, kTriple } kind;
  string_view text;
  char suffix = 0;  // Korean unit after a number: 'y' 년, 'm' 월, 'd' 일
};

bool IsWordByte(char c) {
  return IsAsciiAlpha(c) || static_cast<unsigned char>(c) >= 0x80 || c == '/' || c == '.';
}

std::optional<TimePoint> ParseRfc822Like(string_view s) {
  std::vector<Token> tokens;
  std::vector<bool> comma_after;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsSpace(c) || c == ',' || c == '(' || c == ')') {
      if (c == ',' && !comma_after.empty()) comma_after.back() = true;
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (IsDigit(c)) {
      while (i < s.size() && (IsDigit(s[i]) || s[i] == ':' || s[i] == '/' || s[i] == '.' ||
                              (s[i] == '-' && i + 1 < s.size() && IsDigit(s[i + 1]) &&
                               s.substr(start, i - start).find(':') == string_view::npos)))
        ++i;
      string_view t = s.substr(start, i - start);
      while (!t.empty() && t.back() == '.') t.remove_suffix(1);
      Token tok{Token::kNumber, t};
      if (t.find(':') != string_view::npos) {
        tok.kind = Token::kTime;
      } else if (t.find_first_of("/-") != string_view::npos) {
        tok.kind = Token::kTriple;
      }
      // Korean units stuck to the number.
      static constexpr std::pair<string_view, char> kUnits[] = {
          {"\xEB\x85\x84", 'y'}, {"\xEC\x9B\x94", 'm'}, {"\xEC\x9D\xBC", 'd'}};
      for (auto [unit, code] : kUnits) {
        if (s.substr(i, unit.size()) == unit) {
          tok.suffix = code;
          i += unit.size();
        }
      }
      tokens.push_back(tok);
      comma_after.push_back(false);
      continue;
    }
    if ((c == '+' || c == '-') && std::none_of(tokens.begin(), tokens.end(), [](const Token& t) {
          return t.kind == Token::kTime;
        })) {
      ++i;  // "06-Nov-94": a separator before any time
      continue;
    }
    if (c == '+' || c == '-') {
      ++i;
      while (i < s.size() && !IsSpace(s[i]) && s[i] != ',') ++i;
      tokens.push_back({Token::kOffset, s.substr(start, i - start)});
      comma_after.push_back(false);
      continue;
    }
    if (IsWordByte(c)) {
      while (i < s.size() && IsWordByte(s[i])) ++i;
      tokens.push_back({Token::kWord, s.substr(start, i - start)});
      comma_after.push_back(false);
      continue;
    }
    return std::nullopt;  // a character no date contains
  }

  int year = -1, month = -1, day = -1, h = 0, mi = 0, sec = 0;
  std::size_t year_digits = 4;
  bool have_time = false, have_zone = false, korean = false;
  int offset = 0, pm = -1;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    const Token& t = tokens[k];
    switch (t.kind) {
      case Token::kWord: {
        const std::string w = LowerWord(t.text);
        const bool weekday_position =
            k == 0 && (comma_after[0] || (tokens.size() > 1 && tokens[1].kind == Token::kWord));
        if (w == "am" || w == "a.m" || w == "\xEC\x98\xA4\xEC\xA0\x84") {  // 오전
          pm = 0;
          korean = korean || w[0] != 'a';
        } else if (w == "pm" || w == "p.m" || w == "\xEC\x98\xA4\xED\x9B\x84") {  // 오후
          pm = 1;
          korean = korean || w[0] != 'p';
        } else if (auto mo = MonthByName(w); mo && !weekday_position && month < 0) {
          month = *mo;
        } else if (auto z = ZoneByName(w); z && have_time && !have_zone) {
          offset = *z;
          have_zone = true;
          // "GMT+02:00", "UTC -5".
          if (k + 1 < tokens.size() && tokens[k + 1].kind == Token::kOffset) {
            int extra = 0;
            if (!ReadOffset(tokens[k + 1].text, extra)) return std::nullopt;
            offset += extra;
            ++k;
          }
        }
        break;  // weekdays and other words carry no date
      }
      case Token::kTime:
        if (have_time || !ReadTime(t.text, h, mi, sec)) return std::nullopt;
        have_time = true;
        break;
      case Token::kOffset:
        if (!have_time || have_zone || !ReadOffset(t.text, offset)) return std::nullopt;
        have_zone = true;
        break;
      case Token::kTriple: {
        // 2006/09/15, 2006-09-15, 15/09/2006 (day first, as outside the US).
        int a = 0, b = 0, c = 0;
        const std::size_t p1 = t.text.find_first_of("/-");
        const std::size_t p2 = t.text.find_first_of("/-", p1 + 1);
        if (p2 == string_view::npos || !ReadInt(t.text.substr(0, p1), a) ||
            !ReadInt(t.text.substr(p1 + 1, p2 - p1 - 1), b) || !ReadInt(t.text.substr(p2 + 1), c) ||
            year >= 0)
          return std::nullopt;
        if (p1 == 4) {
          year = a, month = b, day = c;
        } else if (t.text.size() - p2 - 1 == 4) {
          year = c, month = b, day = a;
        } else {
          return std::nullopt;
        }
        break;
      }
      case Token::kNumber: {
        int v = 0;
        if (!ReadInt(t.text, v)) return std::nullopt;
        if (t.suffix) korean = true;
        if (t.suffix == 'y') {
          year = v, year_digits = t.text.size();
        } else if (t.suffix == 'm') {
          month = v;
        } else if (t.suffix == 'd') {
          day = v;
        } else if (t.text.size() >= 3 && year < 0) {
          year = v, year_digits = t.text.size();
        } else if (t.text.size() <= 2 && day < 0) {
          day = v;
        } else if (t.text.size() <= 2 && year < 0) {
          year = v, year_digits = 2;
        } else {
          return std::nullopt;
        }
        break;
      }
    }
  }
  if (year < 0 || month < 1 || day < 1) return std::nullopt;
  year = ExpandYear(year, year_digits);
  if (pm == 1 && h < 12) h += 12;
  if (pm == 0 && h == 12) h = 0;
  if (!have_zone && korean) offset = 540;
  return Build(year, month, day, h, mi, sec, offset);
}

}  // namespace

std::optional<TimePoint> ParseFeedDate(string_view text) {
  const string_view s = Trim(text);
  if (s.empty() || s.size() > 128) return std::nullopt;
  // Epoch seconds (9+ digits, so it cannot be a compact ISO date).
  if (s.size() >= 9 && s.size() <= 12) {
    bool digits = true;
    for (char c : s) digits = digits && IsDigit(c);
    if (digits) {
      long long v = 0;
      std::from_chars(s.data(), s.data() + s.size(), v);
      return TimePoint{std::chrono::seconds{v}};
    }
  }
  if (IsDigit(s[0]) || s[0] == '-') {
    if (auto t = ParseIsoDate(s)) return t;
  }
  return ParseRfc822Like(s);
}

}  // namespace newsd
