#include "extract/text_runs.h"

#include <array>
#include <cstring>

namespace newsd {
namespace {

// Runs shorter than this stay: swapping them saves little.
constexpr std::size_t kMinRun = 16;
// U+E000..U+EFFF: 4096 placeholders.
constexpr std::size_t kMaxRuns = 4096;

// HTML's whitespace as Gumbo's tokenizer and TextBuilder see it.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsNameChar(char c) { return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-'; }

// Start tags after which the tokenizer or the renderer reads text
// differently (raw text, RCDATA, preformatted, foreign content).
bool Refused(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 15> kNames = {
      "script", "style",     "xmp", "iframe",  "noembed",  "noframes", "noscript", "textarea",
      "title",  "plaintext", "pre", "listing", "template", "svg",      "math"};
  for (std::string_view n : kNames) {
    if (n == lower_name) return true;
  }
  return false;
}

// Scans the tag starting at html[pos] == '<' following the HTML tokenizer's
// tag and attribute states. Returns the position after its '>', or npos
// when the tag is one the squeeze refuses.
std::size_t ScanTag(std::string_view html, std::size_t pos) {
  const std::size_t n = html.size();
  std::size_t i = pos + 1;
  const bool end_tag = i < n && html[i] == '/';
  if (end_tag) ++i;
  if (i >= n || !IsAsciiLetter(html[i])) return std::string_view::npos;
  const std::size_t name_start = i;
  while (i < n && IsNameChar(html[i])) ++i;
  if (i >= n) return std::string_view::npos;
  if (!end_tag) {
    std::string name(html.substr(name_start, i - name_start));
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (Refused(name)) return std::string_view::npos;
  }
  if (!IsSpace(html[i]) && html[i] != '/' && html[i] != '>') return std::string_view::npos;
  // Attributes.
  for (;;) {
    while (i < n && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= n) return std::string_view::npos;
    if (html[i] == '>') return i + 1;
    if (html[i] == '=') return std::string_view::npos;  // a name starting with '='
    // Attribute name.
    while (i < n && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') {
      const char c = html[i];
      if (c == '"' || c == '\'' || c == '<') return std::string_view::npos;
      ++i;
    }
    while (i < n && IsSpace(html[i])) ++i;
    if (i >= n) return std::string_view::npos;
    if (html[i] != '=') continue;  // '/', '>' or the next attribute
    ++i;
    while (i < n && IsSpace(html[i])) ++i;
    if (i >= n) return std::string_view::npos;
    const char q = html[i];
    if (q == '"' || q == '\'') {
      const std::size_t close = html.find(q, i + 1);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 1;
    } else if (q == '>') {
      return i + 1;
    } else {
      while (i < n && !IsSpace(html[i]) && html[i] != '>') {
        const char c = html[i];
        if (c == '"' || c == '\'' || c == '<' || c == '=' || c == '`') {
          return std::string_view::npos;
        }
        ++i;
      }
    }
  }
}

// Appends `stretch` (no '&', no character Gumbo rewrites, no whitespace at
// either end) to out.html: swapped for its placeholder when long enough.
void AppendStretch(std::string_view stretch, SqueezedHtml& out) {
  if (stretch.size() >= kMinRun && out.runs.size() < kMaxRuns) {
    const auto cp = static_cast<unsigned>(0xE000 + out.runs.size());
    out.html.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.html.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.html.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    out.runs.push_back(stretch);
  } else {
    out.html.append(stretch);
  }
}

// Appends the text run `run` (between two tags) to `out`, swapping its
// plain stretches: whole words without '&' (character references end at
// the latest at whitespace) and without characters Gumbo rewrites, leading
// and trailing whitespace kept in place.
void SqueezeRun(std::string_view run, SqueezedHtml& out) {
  const std::size_t n = run.size();
  std::size_t i = 0;
  if (run.find('&') == std::string_view::npos && !HasCharGumboRewrites(run)) {
    // The usual case: one stretch between the leading and trailing whitespace.
    std::size_t b = 0;
    std::size_t e = n;
    while (b < e && IsSpace(run[b])) ++b;
    while (e > b && IsSpace(run[e - 1])) --e;
    out.html.append(run.substr(0, b));
    AppendStretch(run.substr(b, e - b), out);
    out.html.append(run.substr(e));
    return;
  }
  while (i < n) {
    // Whitespace and words containing '&' are copied as they are.
    if (IsSpace(run[i])) {
      out.html.push_back(run[i++]);
      continue;
    }
    std::size_t word_end = i;
    bool amp = false;
    for (; word_end < n && !IsSpace(run[word_end]); ++word_end) amp = amp || run[word_end] == '&';
    amp = amp || HasCharGumboRewrites(run.substr(i, word_end - i));
    if (amp) {
      out.html.append(run.substr(i, word_end - i));
      i = word_end;
      continue;
    }
    // A stretch of '&'-free words (and the whitespace between them).
    std::size_t end = word_end;
    for (;;) {
      std::size_t j = end;
      while (j < n && IsSpace(run[j])) ++j;
      if (j >= n) break;
      std::size_t k = j;
      bool a = false;
      for (; k < n && !IsSpace(run[k]); ++k) a = a || run[k] == '&';
      if (a || HasCharGumboRewrites(run.substr(j, k - j))) break;
      end = k;
    }
    AppendStretch(run.substr(i, end - i), out);
    i = end;
  }
}

}  // namespace

bool HasCharGumboRewrites(std::string_view s) {
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20) {
      if (c != '\t' && c != '\n' && c != '\f') return true;  // NUL, controls, CR
    } else if (c == 0x7F) {
      return true;
    } else if (c == 0xC2 && i + 1 < n) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      if (c1 >= 0x80 && c1 <= 0x9F) return true;  // C1 controls
    } else if (c == 0xEF && i + 2 < n) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      const auto c2 = static_cast<unsigned char>(s[i + 2]);
      if (c1 == 0xB7 && c2 >= 0x90 && c2 <= 0xAF) return true;  // U+FDD0..U+FDEF
      if (c1 == 0xBF && c2 >= 0xBE) return true;                // U+FFFE, U+FFFF
    } else if (c >= 0xF0 && i + 3 < n) {
      const auto c2 = static_cast<unsigned char>(s[i + 2]);
      const auto c3 = static_cast<unsigned char>(s[i + 3]);
      if ((s[i + 1] & 0x0F) == 0x0F && c2 == 0xBF && c3 >= 0xBE) return true;  // U+xFFFE/F
    }
  }
  return false;
}

bool SqueezeTextRuns(std::string_view html, SqueezedHtml& out) {
  out.html.clear();
  out.runs.clear();
  // 0xEE leads exactly U+E000..U+EFFF; NUL is rewritten by Gumbo.
  if (html.find('\xEE') != std::string_view::npos || html.find('\0') != std::string_view::npos ||
      html.starts_with("\xEF\xBB\xBF")) {
    return false;
  }
  out.html.reserve(html.size() / 4 + 64);
  const std::size_t n = html.size();
  std::size_t text_start = 0;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    const std::size_t end = ScanTag(html, pos);
    if (end == std::string_view::npos) return false;
    SqueezeRun(html.substr(text_start, pos - text_start), out);
    out.html.append(html.substr(pos, end - pos));
    text_start = pos = end;
  }
  SqueezeRun(html.substr(text_start, n - text_start), out);
  return !out.runs.empty();
}

std::string ExpandTextRuns(std::string_view text, const std::vector<std::string_view>& runs) {
  std::string out;
  std::size_t size = text.size();
  for (std::string_view r : runs) size += r.size();
  out.reserve(size);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t lead = text.find('\xEE', i);
    if (lead == std::string_view::npos || lead + 2 >= text.size()) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, lead - i));
    const auto b1 = static_cast<unsigned char>(text[lead + 1]);
    const auto b2 = static_cast<unsigned char>(text[lead + 2]);
    const std::size_t index = ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    if (index < runs.size()) {
      // Words copied whole, each whitespace run as one space.
      const std::string_view run = runs[index];
      std::size_t w = 0;
      while (w < run.size()) {
        std::size_t e = w;
        while (e < run.size() && !IsSpace(run[e])) ++e;
        out.append(run.substr(w, e - w));
        if (e == run.size()) break;
        out.push_back(' ');
        w = e;
        while (w < run.size() && IsSpace(run[w])) ++w;
      }
    } else {
      out.append(text.substr(lead, 3));
    }
    i = lead + 3;
  }
  return out;
}

}  // namespace newsd
