#include "feeds/feed_text.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "feeds/html_entities.h"
#include "feeds/link_resolver.h"

namespace newsd {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view XmlEntity(std::string_view name) {
  if (name == "amp") return "&";
  if (name == "lt") return "<";
  if (name == "gt") return ">";
  if (name == "quot") return "\"";
  if (name == "apos") return "'";
  return {};
}

// "U+00A0" (or "U+0061 U+0301") for the UTF-8 text `s`.
std::string CodePoints(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%sU+%04X", out.empty() ? "" : " ", cp);
    out += buf;
    i += len;
  }
  return out;
}

// Decodes the reference starting at raw[i] == '&'. Returns the number of
// bytes consumed (0 = not a reference; the '&' stays as text).
std::size_t DecodeOne(std::string_view raw, std::size_t i, std::string& out,
                      EntityWarningSink* sink) {
  std::size_t j = i + 1;
  if (j < raw.size() && raw[j] == '#') {
    ++j;
    bool hex = j < raw.size() && (raw[j] == 'x' || raw[j] == 'X');
    if (hex) ++j;
    const std::size_t digits_start = j;
    std::uint32_t cp = 0;
    while (j < raw.size() &&
           (hex ? std::isxdigit(static_cast<unsigned char>(raw[j])) : IsAsciiDigit(raw[j]))) {
      const char c = raw[j];
      const std::uint32_t d = IsAsciiDigit(c) ? c - '0' : (Lower(c) - 'a' + 10);
      cp = cp > 0x10FFFF ? cp : cp * (hex ? 16 : 10) + d;
      ++j;
    }
    if (j == digits_start) return 0;
    const bool semi = j < raw.size() && raw[j] == ';';
    if (semi) {
      ++j;
    } else if (sink) {
      sink->Warn(i, "character reference without ';'");
    }
    AppendNumericReference(out, cp);
    return j - i;
  }
  while (j < raw.size() && IsAsciiAlnum(raw[j]) && j - i < 40) ++j;
  const std::string_view name = raw.substr(i + 1, j - i - 1);
  if (name.empty()) return 0;
  const bool semi = j < raw.size() && raw[j] == ';';
  if (semi) {
    if (std::string_view x = XmlEntity(name); !x.empty()) {
      out.append(x);
      return j + 1 - i;
    }
    if (auto v = LookupHtmlEntity(name)) {
      if (sink) {
        std::string msg = "undefined entity &" + std::string(name) + "; read as " + CodePoints(*v);
        sink->Warn(i, std::move(msg));
      }
      out.append(*v);
      return j + 1 - i;
    }
    if (sink) sink->Warn(i, "unknown entity &" + std::string(name) + "; kept as text");
    return 0;
  }
  // No ';': HTML's legacy names (&amp, &copy, ...), longest prefix first.
  for (std::size_t len = name.size(); len >= 2; --len) {
    const std::string_view prefix = name.substr(0, len);
    if (IsLegacyHtmlEntity(prefix)) {
      if (sink) sink->Warn(i, "entity &" + std::string(prefix) + " without ';'");
      out.append(*LookupHtmlEntity(prefix));
      return len + 1;
    }
  }
  return 0;
}

}  // namespace

void DecodeEntities(std::string_view raw, std::string& out, EntityWarningSink* sink) {
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const void* amp = std::memchr(raw.data() + pos, '&', raw.size() - pos);
    if (!amp) break;
    const std::size_t i = static_cast<const char*>(amp) - raw.data();
    out.append(raw.data() + pos, i - pos);
    const std::size_t used = DecodeOne(raw, i, out, sink);
    if (used == 0) {
      if (sink) {
        const bool named = i + 1 < raw.size() && IsAsciiAlpha(raw[i + 1]);
        if (!named) sink->Warn(i, "bare '&' read as text");
      }
      out.push_back('&');
      pos = i + 1;
    } else {
      pos = i + used;
    }
  }
  out.append(raw.data() + pos, raw.size() - pos);
}

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (IsSpace(c) || c == '\v') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

std::string HtmlToPlainText(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return CollapseWhitespace(html);
  std::string text;
  text.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c != '<' || i + 1 >= html.size() ||
        !(IsAsciiAlpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!' ||
          html[i + 1] == '?')) {
      text.push_back(c);
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    std::size_t name_end = i + 1;
    while (name_end < html.size() && IsAsciiAlnum(html[name_end])) ++name_end;
    const std::string_view name = html.substr(i + 1, name_end - i - 1);
    const std::size_t close = html.find('>', i + 1);
    if (close == std::string_view::npos) {
      text.append(html.substr(i));  // "<b" at the very end: not a tag after all
      break;
    }
    i = close + 1;
    if (EqualsNoCase(name, "script") || EqualsNoCase(name, "style")) {
      const std::string end_tag = std::string("</") + std::string(name);
      std::size_t k = i;
      while (k < html.size()) {
        const std::size_t lt = html.find("</", k);
        if (lt == std::string_view::npos) {
          k = html.size();
          break;
        }
        if (EqualsNoCase(html.substr(lt, end_tag.size()), end_tag)) {
          k = lt;
          break;
        }
        k = lt + 2;
      }
      i = k;
    }
    text.push_back(' ');  // tags separate words ("<br>", "</p><p>")
  }
  std::string decoded;
  decoded.reserve(text.size());
  DecodeEntities(text, decoded, nullptr);
  return CollapseWhitespace(decoded);
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t pos = 0;
  while (true) {
    const std::size_t hit = text.find_first_of("&<>\"", pos);
    out.append(
        text.substr(pos, hit == std::string_view::npos ? std::string_view::npos : hit - pos));
    if (hit == std::string_view::npos) break;
    switch (text[hit]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += "&quot;";
        break;
    }
    pos = hit + 1;
  }
  return out;
}

namespace {

bool IsLinkAttribute(std::string_view name) {
  static constexpr std::string_view kNames[] = {"href",   "src",        "poster",   "cite",
                                                "action", "background", "longdesc", "usemap"};
  for (std::string_view n : kNames) {
    if (EqualsNoCase(name, n)) return true;
  }
  return false;
}

}  // namespace

std::string AbsolutizeHtmlLinks(std::string_view html, std::string_view base) {
  if (base.empty()) return std::string(html);
  return AbsolutizeHtmlLinks(html, LinkResolver(base));
}

std::string AbsolutizeHtmlLinks(std::string_view html, const LinkResolver& resolver) {
  std::string out;
  std::size_t copied = 0;  // html[0, copied) is in `out` (or nothing was changed yet)
  std::size_t i = 0;
  while (true) {
    const void* lt = std::memchr(html.data() + i, '<', html.size() - i);
    if (!lt) break;
    i = static_cast<const char*>(lt) - html.data() + 1;
    if (i >= html.size() || !IsAsciiAlpha(html[i])) continue;
    while (i < html.size() && IsAsciiAlnum(html[i])) ++i;
    // Attributes up to '>'.
    while (i < html.size() && html[i] != '>') {
      if (IsSpace(html[i]) || html[i] == '/') {
        ++i;
        continue;
      }
      const std::size_t name_start = i;
      while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
             html[i] != '/')
        ++i;
      const std::string_view name = html.substr(name_start, i - name_start);
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i >= html.size() || html[i] != '=') continue;
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i >= html.size()) break;
      std::size_t v_start = i, v_end = i;
      if (html[i] == '"' || html[i] == '\'') {
        const char q = html[i];
        const std::size_t e = html.find(q, i + 1);
        if (e == std::string_view::npos) {
          i = html.size();
          break;
        }
        v_start = i + 1;
        v_end = e;
        i = e + 1;
      } else {
        v_start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        v_end = i;
      }
      if (!IsLinkAttribute(name)) continue;
      const std::string_view value = html.substr(v_start, v_end - v_start);
      if (value.empty() || value[0] == '#' || LinkResolver::HasScheme(value)) continue;
      std::string ref;
      DecodeEntities(value, ref, nullptr);
      const std::string resolved = resolver.Resolve(ref);
      if (resolved == ref) continue;
      out.append(html.data() + copied, v_start - copied);
      out.append(EscapeHtml(resolved));
      copied = v_end;
    }
  }
  if (copied == 0) return std::string(html);
  out.append(html.data() + copied, html.size() - copied);
  return out;
}

void TruncateUtf8(std::string& s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
}

}  // namespace newsd
