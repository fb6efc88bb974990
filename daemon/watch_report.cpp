#include "daemon/watch_report.h"

#include <algorithm>
#include <utility>

namespace newsd {
namespace {

using Range = std::pair<std::size_t, std::size_t>;

bool IsTextField(std::string_view f) { return f == "text" || f == "entity" || f == "quote"; }

// The spans of the selected fields as sorted, merged, clamped byte ranges.
std::vector<Range> Ranges(std::size_t size, const std::vector<MatchSpan>& spans,
                          bool (*want)(std::string_view, std::string_view),
                          std::string_view field) {
  std::vector<Range> r;
  for (const auto& s : spans) {
    if (!want(s.field, field) || s.start >= s.end || s.start >= size) continue;
    r.emplace_back(s.start, std::min(s.end, size));
  }
  std::sort(r.begin(), r.end());
  std::vector<Range> merged;
  for (const auto& x : r) {
    if (!merged.empty() && x.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, x.second);
    } else {
      merged.push_back(x);
    }
  }
  return merged;
}

bool SameField(std::string_view a, std::string_view b) { return a == b; }
bool TextLike(std::string_view a, std::string_view) { return IsTextField(a); }

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Moves `p` back (or forward) to the start of a UTF-8 character.
std::size_t CharStart(std::string_view s, std::size_t p, bool forward) {
  if (p >= s.size()) return s.size();
  while (p > 0 && p < s.size() && IsContinuation(static_cast<unsigned char>(s[p]))) {
    p = forward ? p + 1 : p - 1;
  }
  return std::min(p, s.size());
}

// Appends s[a, b) with hits marked; `ranges` are merged and sorted.
void AppendMarked(std::string_view s, std::size_t a, std::size_t b,
                  const std::vector<Range>& ranges, HitStyle style, std::string& out) {
  const char* open = style == HitStyle::kAnsi ? "\x1b[1m" : "[[";
  const char* close = style == HitStyle::kAnsi ? "\x1b[0m" : "]]";
  std::size_t p = a;
  for (const auto& [rs, re] : ranges) {
    if (re <= a || rs >= b) continue;
    const std::size_t x = std::max(rs, a), y = std::min(re, b);
    out.append(s.substr(p, x - p));
    out += open;
    out.append(s.substr(x, y - x));
    out += close;
    p = y;
  }
  out.append(s.substr(p, b - p));
}

std::string OneLine(std::string s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

std::string Highlight(std::string_view text, const std::vector<MatchSpan>& spans,
                      std::string_view field, HitStyle style) {
  std::string out;
  AppendMarked(text, 0, text.size(), Ranges(text.size(), spans, SameField, field), style, out);
  return OneLine(std::move(out));
}

std::vector<std::string> Snippets(std::string_view text, const std::vector<MatchSpan>& spans,
                                  HitStyle style, std::size_t context, std::size_t max) {
  const auto ranges = Ranges(text.size(), spans, TextLike, "");
  // Group hits whose contexts overlap into one window.
  std::vector<Range> windows;
  for (const auto& [rs, re] : ranges) {
    const std::size_t a = rs > context ? rs - context : 0;
    const std::size_t b = std::min(text.size(), re + context);
    if (!windows.empty() && a <= windows.back().second) {
      windows.back().second = std::max(windows.back().second, b);
    } else {
      if (windows.size() == max) break;
      windows.emplace_back(a, b);
    }
  }
  std::vector<std::string> out;
  for (auto [a, b] : windows) {
    a = CharStart(text, a, false);
    b = CharStart(text, b, true);
    std::string s = a > 0 ? "…" : "";
    AppendMarked(text, a, b, ranges, style, s);
    if (b < text.size()) s += "…";
    out.push_back(OneLine(std::move(s)));
  }
  return out;
}

}  // namespace newsd
