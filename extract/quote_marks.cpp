#include "extract/quote_marks.h"

#include <algorithm>

#include "extract/facts_text.h"

namespace newsd {
namespace {

struct Mark {
  std::size_t pos = 0, len = 0;
  char32_t c = 0;
};

bool IsSpaceAt(std::string_view t, std::size_t i) {
  if (i >= t.size()) return true;
  char c = t[i];
  if (c == ' ' || c == '\n' || c == '\t' || c == '\r') return true;
  std::size_t len;
  char32_t cp = DecodeUtf8(t, i, &len);
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F;
}

// Code point that ends just before byte i (0 at the start).
char32_t Before(std::string_view t, std::size_t i, std::size_t from) {
  if (i <= from) return 0;
  std::size_t k = i - 1;
  while (k > from && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
  std::size_t len;
  return DecodeUtf8(t, k, &len);
}

bool IsWordChar(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c < 0x2000);
}

// Left context allows an opening mark: start, space or opening punctuation.
bool OpenContext(char32_t prev) {
  return prev == 0 || prev == ' ' || prev == '\n' || prev == '\t' || prev == '(' || prev == '[' ||
         prev == 0xA0 || prev == 0x2014 || prev == 0x2013 || prev == '-' || prev == ':' ||
         prev == '/' || prev == 0x201C || prev == 0x201E || prev == 0xAB || prev == '"';
}

void Trim(std::string_view t, std::size_t* a, std::size_t* b) {
  while (*a < *b && IsSpaceAt(t, *a)) ++*a;
  while (*b > *a && (t[*b - 1] == ' ' || t[*b - 1] == '\n' || t[*b - 1] == '\t')) --*b;
}

// `runs_on`: the next paragraph opens with a quotation mark, or there is none,
// so an unclosed quote may run to the end of this paragraph.
void ScanParagraph(std::string_view t, std::size_t ps, std::size_t pe, bool runs_on,
                   std::vector<QuoteMarks>* out) {
  std::vector<Mark> marks;
  for (std::size_t i = ps; i < pe;) {
    auto b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {  // ASCII: only " and ' are marks; no decoding, no call
      if (b == '"' || b == '\'') marks.push_back({i, 1, b});
      ++i;
      continue;
    }
    std::size_t len = 1;
    char32_t c = DecodeUtf8(t, i, &len);
    if (IsQuoteMark(c)) marks.push_back({i, len, c});
    i += len;
  }
  auto is_open_double = [&](const Mark& m) {
    char32_t prev = Before(t, m.pos, ps);
    bool next_space = IsSpaceAt(t, m.pos + m.len) || m.pos + m.len >= pe;
    if (m.c == 0x201C || m.c == 0x201E || m.c == 0xAB) return !next_space;
    if (m.c == '"') return OpenContext(prev) && !next_space;
    return false;
  };
  auto closes_double = [&](char32_t open, const Mark& m) {
    if (open == 0x201C) return m.c == 0x201D || m.c == '"';
    if (open == 0x201E) return m.c == 0x201C || m.c == 0x201D;
    if (open == 0xAB) return m.c == 0xBB;
    if (open == '"') {
      return m.c == '"' || m.c == 0x201D;
    }
    return false;
  };
  std::vector<std::pair<std::size_t, std::size_t>> covered;  // double-quote ranges
  std::size_t k = 0;
  while (k < marks.size()) {
    const Mark& o = marks[k];
    if (!is_open_double(o)) {
      ++k;
      continue;
    }
    std::size_t j = k + 1;
    while (j < marks.size() && !closes_double(o.c, marks[j])) ++j;
    QuoteMarks q;
    q.open = o.pos;
    q.start = o.pos + o.len;
    if (j < marks.size()) {
      q.end = marks[j].pos;
      q.close = marks[j].pos + marks[j].len;
    } else if (o.pos == ps || runs_on) {
      q.end = pe;
      q.close = pe;
      q.continues = true;
    } else {
      ++k;
      continue;
    }
    Trim(t, &q.start, &q.end);
    if (q.start < q.end) {
      out->push_back(q);
      covered.emplace_back(q.open, q.close);
    }
    k = j + 1;
  }
  // Single marks, outside double quotes.
  auto inside = [&](std::size_t pos) {
    for (auto& r : covered) {
      if (pos >= r.first && pos < r.second) return true;
    }
    return false;
  };
  for (k = 0; k < marks.size(); ++k) {
    const Mark& o = marks[k];
    if (inside(o.pos)) continue;
    if (!(o.c == 0x2018 || o.c == '\'' || o.c == 0x201A || o.c == 0x2039)) continue;
    char32_t prev = Before(t, o.pos, ps);
    if (!OpenContext(prev) || IsSpaceAt(t, o.pos + o.len)) continue;
    std::size_t j = k + 1;
    for (; j < marks.size(); ++j) {
      const Mark& m = marks[j];
      if (inside(m.pos)) break;
      bool ok = o.c == 0x2039   ? m.c == 0x203A
                : o.c == 0x201A ? m.c == 0x2018 || m.c == 0x2019
                                : m.c == 0x2019 || m.c == '\'';
      if (!ok) continue;
      std::size_t len;
      char32_t next = m.pos + m.len < pe ? DecodeUtf8(t, m.pos + m.len, &len) : 0;
      char32_t before = Before(t, m.pos, ps);
      if (IsWordChar(next) || before == ' ') continue;  // an apostrophe, not a closing mark
      break;
    }
    if (j >= marks.size() || inside(marks[j].pos)) continue;
    QuoteMarks q;
    q.open = o.pos;
    q.start = o.pos + o.len;
    q.end = marks[j].pos;
    q.close = marks[j].pos + marks[j].len;
    Trim(t, &q.start, &q.end);
    if (q.start < q.end) out->push_back(q);
    k = j;
  }
}

}  // namespace

std::vector<QuoteMarks> FindQuoteMarks(std::string_view text) {
  std::vector<QuoteMarks> out;
  std::size_t a = 0;
  while (a < text.size()) {
    std::size_t b = text.find("\n\n", a);
    if (b == std::string_view::npos) b = text.size();
    std::size_t ps = a, pe = b;
    while (ps < pe && IsSpaceAt(text, ps)) ++ps;
    std::size_t before = out.size();
    std::size_t next = b + 2;
    while (next < text.size() && IsSpaceAt(text, next)) ++next;
    bool runs_on = next >= text.size();
    if (!runs_on) {
      std::size_t len;
      char32_t c = DecodeUtf8(text, next, &len);
      runs_on = c == '"' || c == 0x201C || c == 0x201E || c == 0xAB;
    }
    if (ps < pe) ScanParagraph(text, ps, pe, runs_on, &out);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
              [](const QuoteMarks& x, const QuoteMarks& y) { return x.open < y.open; });
    a = b + 2;
  }
  return out;
}

}  // namespace newsd
