#include "feeds/xml_repair.h"

#include <algorithm>
#include <cstring>

namespace newsd {
namespace {

using std::string_view;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }
bool IsBadControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
}
bool EqualsNoCase(string_view a, string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto l = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
           return l(x) == l(y);
         });
}

// Length of a well-formed reference at s[i] == '&' ("&amp;", "&#38;", "&nbsp;"), or 0.
std::size_t ReferenceLength(string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const std::size_t start = j;
    while (j < s.size() &&
           (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) : (s[j] >= '0' && s[j] <= '9')))
      ++j;
    return (j > start && j < s.size() && s[j] == ';') ? j + 1 - i : 0;
  }
  if (j >= s.size() || !IsNameStart(s[j])) return 0;
  while (j < s.size() && IsNameChar(s[j])) ++j;
  return (j < s.size() && s[j] == ';') ? j + 1 - i : 0;
}

class Repairer {
 public:
  Repairer(string_view in, std::size_t max_depth, std::size_t max_warnings)
      : in_(in), max_depth_(max_depth), max_warnings_(max_warnings) {
    out_.reserve(in.size() + in.size() / 16 + 64);
  }

  RepairedXml Run() {
    std::size_t i = 0;
    while (i < in_.size() && in_[i] != '<') ++i;
    if (in_.substr(0, i).find_first_not_of(" \t\r\n") != string_view::npos) {
      Warn(0, "text before the first tag dropped");
    }
    while (i < in_.size()) {
      if (in_[i] == '<') {
        i = Markup(i);
      } else {
        i = Text(i);
      }
    }
    if (!stack_.empty()) {
      Warn(in_.size(), "document ended inside <" + stack_.back() + ">; closed");
      while (!stack_.empty()) CloseTop();
    }
    if (dropped_warnings_ > 0) {
      result_.warnings.push_back(std::to_string(dropped_warnings_) + " more repairs not listed");
    }
    result_.xml = std::move(out_);
    return std::move(result_);
  }

 private:
  void Warn(std::size_t offset, std::string msg) {
    if (result_.warnings.size() >= max_warnings_) {
      ++dropped_warnings_;
      return;
    }
    result_.warnings.push_back(LineColumn(in_, offset) + ": " + msg);
  }

  // Appends text, escaping what XML would reject. `attr` also escapes quotes.
  void AppendEscaped(string_view s, std::size_t base, bool attr) {
    for (std::size_t k = 0; k < s.size(); ++k) {
      const char c = s[k];
      if (c == '&') {
        const std::size_t len = ReferenceLength(s, k);
        if (len == 0) {
          Warn(base + k, "bare '&' escaped");
          out_ += "&amp;";
        } else {
          out_.append(s.substr(k, len));
          k += len - 1;
        }
      } else if (c == '<') {
        Warn(base + k, "bare '<' escaped");
        out_ += "&lt;";
      } else if (attr && c == '"') {
        out_ += "&quot;";
      } else if (IsBadControl(c)) {
        Warn(base + k, "control character removed");
      } else {
        out_.push_back(c);
      }
    }
  }

  std::size_t Text(std::size_t i) {
    const void* lt = std::memchr(in_.data() + i, '<', in_.size() - i);
    const std::size_t end = lt ? static_cast<const char*>(lt) - in_.data() : in_.size();
    const string_view text = in_.substr(i, end - i);
    if (stack_.empty() &&
        !(root_closed_ && text.find_first_not_of(" \t\r\n") == string_view::npos)) {
      if (text.find_first_not_of(" \t\r\n") != string_view::npos) {
        Warn(i, "text outside the root element dropped");
      }
      return end;
    }
    AppendEscaped(text, i, false);
    return end;
  }

  std::size_t SkipTo(std::size_t i, string_view terminator, bool& found) {
    const std::size_t p = in_.find(terminator, i);
    found = p != string_view::npos;
    return found ? p + terminator.size() : in_.size();
  }

  std::size_t Markup(std::size_t i) {
    const string_view rest = in_.substr(i);
    bool found = false;
    if (rest.substr(0, 4) == "<!--") {
      const std::size_t end = SkipTo(i + 4, "-->", found);
      string_view body = in_.substr(i + 4, (found ? end - 3 : end) - i - 4);
      if (!found) Warn(i, "unterminated comment closed");
      // XML forbids "--" inside comments: break every pair (one pass).
      std::string clean;
      clean.reserve(body.size());
      for (char c : body) {
        if (c == '-' && !clean.empty() && clean.back() == '-') clean.push_back(' ');
        clean.push_back(c);
      }
      if (!clean.empty() && clean.back() == '-') clean.push_back(' ');
      out_ += "<!--" + clean + "-->";
      return end;
    }
    if (rest.substr(0, 3) == "<![" && rest.substr(0, 9) != "<![CDATA[") {
      string_view head = rest;
      while (!head.empty() && IsSpace(head.back())) head.remove_suffix(1);
      if (head.size() < 9 && string_view("<![CDATA[").substr(0, head.size()) == head) {
        Warn(i, "document ends inside a CDATA section");
        return in_.size();
      }
    }
    if (rest.substr(0, 9) == "<![CDATA[") {
      const std::size_t end = SkipTo(i + 9, "]]>", found);
      if (!found) Warn(i, "unterminated CDATA section closed");
      if (stack_.empty()) {
        Warn(i, "CDATA outside the root element dropped");
        return end;
      }
      out_.append(in_.substr(i, (found ? end - 3 : end) - i));
      out_ += "]]>";
      return end;
    }
    if (rest.substr(0, 2) == "<!") {
      // DOCTYPE (with an internal subset) or other declarations: dropped.
      std::size_t k = i + 2;
      int brackets = 0;
      while (k < in_.size()) {
        const char c = in_[k];
        if (c == '[') ++brackets;
        if (c == ']') --brackets;
        if (c == '>' && brackets <= 0) break;
        ++k;
      }
      const string_view decl = in_.substr(i, k - i);
      if (decl.find("<!ENTITY") != string_view::npos) {
        Warn(i, "DTD entity declarations ignored");
      } else if (decl.size() < 9 || !EqualsNoCase(decl.substr(0, 9), "<!DOCTYPE")) {
        Warn(i, "unknown declaration dropped");
      }
      return std::min(k + 1, in_.size());
    }
    if (rest.substr(0, 2) == "<?") {
      const std::size_t end = SkipTo(i + 2, "?>", found);
      const bool is_decl = rest.size() > 5 && EqualsNoCase(rest.substr(2, 3), "xml") &&
                           (IsSpace(rest[5]) || rest[5] == '?');
      if (is_decl && (root_closed_ || !stack_.empty())) {
        Warn(i, "XML declaration not at the start dropped");
      } else if (is_decl && !out_.empty()) {
        // After comments only: drop it silently (it must come first).
      } else if (!found) {
        Warn(i, "unterminated processing instruction dropped");
      } else {
        out_.append(in_.substr(i, end - i));
      }
      return end;
    }
    if (rest.size() > 1 && rest[1] == '/') return EndTag(i);
    if (rest.size() > 1 && IsNameStart(rest[1])) return StartTag(i);
    // A '<' that starts nothing: text.
    if (!stack_.empty()) {
      Warn(i, "bare '<' escaped");
      out_ += "&lt;";
    }
    return i + 1;
  }

  void CloseTop() {
    out_ += "</" + stack_.back() + ">";
    stack_.pop_back();
    if (stack_.empty()) root_closed_ = true;
  }

  std::size_t EndTag(std::size_t i) {
    std::size_t k = i + 2;
    const std::size_t name_start = k;
    while (k < in_.size() && IsNameChar(in_[k])) ++k;
    const string_view name = in_.substr(name_start, k - name_start);
    while (k < in_.size() && in_[k] != '>' && in_[k] != '<') ++k;
    const std::size_t end = (k < in_.size() && in_[k] == '>') ? k + 1 : k;
    if (end == k) Warn(i, "unterminated end tag </" + std::string(name) + ">");
    if (skipped_depth_ > 0 && depth_dropped_names_ > 0) {
      --depth_dropped_names_;
      return end;
    }
    // Nearest open element with this name (exact, then ignoring case).
    auto match = std::find(stack_.rbegin(), stack_.rend(), name);
    if (match == stack_.rend()) {
      match = std::find_if(stack_.rbegin(), stack_.rend(),
                           [&](const std::string& s) { return EqualsNoCase(s, name); });
    }
    if (match == stack_.rend()) {
      Warn(i, "end tag </" + std::string(name) + "> without start tag dropped");
      return end;
    }
    const std::size_t target = stack_.size() - 1 - (match - stack_.rbegin());
    while (stack_.size() > target + 1) {
      Warn(i, "<" + stack_.back() + "> not closed before </" + std::string(name) + ">; closed");
      CloseTop();
    }
    CloseTop();
    return end;
  }

  std::size_t StartTag(std::size_t i) {
    std::size_t k = i + 1;
    while (k < in_.size() && IsNameChar(in_[k])) ++k;
    const std::string name(in_.substr(i + 1, k - i - 1));
    const bool drop = stack_.size() >= max_depth_ || (root_closed_ && stack_.empty());
    std::string tag = "<" + name;
    std::vector<string_view> seen;
    bool self_closing = false;
    while (true) {
      while (k < in_.size() && IsSpace(in_[k])) ++k;
      if (k >= in_.size()) {
        Warn(i, "unterminated tag <" + name + "> closed");
        break;
      }
      const char c = in_[k];
      if (c == '>') {
        ++k;
        break;
      }
      if (c == '/' && k + 1 < in_.size() && in_[k + 1] == '>') {
        self_closing = true;
        k += 2;
        break;
      }
      if (c == '<') {
        Warn(k, "tag <" + name + "> not closed with '>'");
        break;
      }
      const std::size_t an = k;
      while (k < in_.size() && !IsSpace(in_[k]) && in_[k] != '=' && in_[k] != '>' &&
             in_[k] != '<' && !(in_[k] == '/' && k + 1 < in_.size() && in_[k + 1] == '>'))
        ++k;
      const string_view attr = in_.substr(an, k - an);
      std::size_t v = k;
      while (v < in_.size() && IsSpace(in_[v])) ++v;
      string_view value;
      std::size_t value_at = v;
      bool has_value = false;
      if (v < in_.size() && in_[v] == '=') {
        ++v;
        while (v < in_.size() && IsSpace(in_[v])) ++v;
        has_value = true;
        if (v < in_.size() && (in_[v] == '"' || in_[v] == '\'')) {
          const char q = in_[v];
          std::size_t e = in_.find(q, v + 1);
          if (e == string_view::npos) {
            e = std::min(in_.find('>', v + 1), in_.size());
            Warn(v, "unterminated attribute value closed");
            value = in_.substr(v + 1, e - v - 1);
            k = e;
          } else {
            value = in_.substr(v + 1, e - v - 1);
            k = e + 1;
          }
          value_at = v + 1;
        } else {
          const std::size_t s = v;
          while (v < in_.size() && !IsSpace(in_[v]) && in_[v] != '>') ++v;
          value = in_.substr(s, v - s);
          value_at = s;
          k = v;
          Warn(s, "unquoted attribute value quoted");
        }
      }
      bool valid = !attr.empty() && IsNameStart(attr[0]) &&
                   std::all_of(attr.begin(), attr.end(), IsNameChar);
      if (!valid) {
        if (attr.empty()) ++k;
        Warn(an, "malformed attribute dropped");
        continue;
      }
      if (std::find(seen.begin(), seen.end(), attr) != seen.end()) {
        Warn(an, "duplicate attribute " + std::string(attr) + " dropped");
        continue;
      }
      seen.push_back(attr);
      if (!has_value) {
        Warn(an, "attribute " + std::string(attr) + " without value");
        value = attr;
      }
      if (drop) continue;
      const std::size_t mark = out_.size();
      AppendEscaped(value, value_at, true);
      std::string escaped = out_.substr(mark);
      out_.resize(mark);
      tag += " " + std::string(attr) + "=\"" + escaped + "\"";
    }
    if (drop) {
      if (root_closed_ && stack_.empty()) {
        Warn(i, "element <" + name + "> after the root element dropped");
      } else {
        Warn(i, "element <" + name + "> nested too deep dropped");
      }
      if (!self_closing) {
        skipped_depth_ = 1;
        ++depth_dropped_names_;
      }
      return k;
    }
    out_ += tag;
    if (self_closing) {
      out_ += "/>";
      if (stack_.empty()) root_closed_ = true;
    } else {
      out_ += ">";
      stack_.push_back(name);
    }
    return k;
  }

  string_view in_;
  std::size_t max_depth_;
  std::size_t max_warnings_;
  std::size_t dropped_warnings_ = 0;
  std::string out_;
  std::vector<std::string> stack_;
  bool root_closed_ = false;
  int skipped_depth_ = 0;
  std::size_t depth_dropped_names_ = 0;
  RepairedXml result_;
};

}  // namespace

std::string LineColumn(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t line = 1 + std::count(text.begin(), text.begin() + offset, '\n');
  const std::size_t nl = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t col = (nl == std::string_view::npos || offset == 0) ? offset + 1 : offset - nl;
  return std::to_string(line) + ":" + std::to_string(col);
}

RepairedXml RepairXml(std::string_view utf8, std::size_t max_depth, std::size_t max_warnings) {
  return Repairer(utf8, max_depth, max_warnings).Run();
}

}  // namespace newsd
