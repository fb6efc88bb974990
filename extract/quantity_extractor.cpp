#include "extract/quantity_extractor.h"

#include <algorithm>
#include <cstdlib>
#include <string>

namespace newsd {
namespace {

struct Number {
  std::size_t b = 0, e = 0;  // tokens [b, e)
  double value = 0;
  bool words = false;   // spelled out ("fourteen", "a dozen")
  bool scaled = false;  // a scale word followed ("million", "bn")
};

bool LooksPlural(std::string_view w) {
  if (w.size() < 3 || w.back() != 's') return false;
  std::string_view end2 = w.substr(w.size() - 2);
  return end2 != "ss" && end2 != "us" && end2 != "is";
}

class Scanner {
 public:
  Scanner(const FactLanguage& l, const TextScan& s, const std::vector<Span>& skip)
      : l_(l), s_(s), skip_(skip) {}

  std::vector<Quantity> Run() {
    std::vector<Quantity> out;
    std::size_t i = 0;
    while (i < s_.size()) {
      std::size_t next = i + 1;
      if ((s_.IsNum(i) || s_.Has(i, kLexNumber)) && !Skipped(i)) {
        if (auto n = ParseNumber(i)) {
          Quantity q;
          if (Build(*n, &q)) out.push_back(std::move(q));
          next = n->e;
        }
      }
      i = next;
    }
    return out;
  }

 private:
  bool Skipped(std::size_t i) const {
    std::size_t at = s_.toks[i].start;
    auto it = std::upper_bound(skip_.begin(), skip_.end(), at,
                               [](std::size_t v, const Span& sp) { return v < sp.start; });
    return it != skip_.begin() && at < std::prev(it)->end;
  }

  double Scale(std::size_t i, bool glued_ok_only) const {
    if (!s_.IsWord(i)) return 0;
    auto it = l_.scale_words.find(s_.Lw(i));
    if (it == l_.scale_words.end()) return 0;
    bool short_form = it->first.size() <= 3 && it->first != "mln" && it->first != "bln";
    if (short_form && !s_.Glued(i)) return it->first == "bn" || it->first == "mn" ? it->second : 0;
    if (glued_ok_only && !s_.Glued(i)) return 0;
    return it->second;
  }

  std::optional<Number> ParseNumber(std::size_t i) const {
    Number n;
    n.b = i;
    if (s_.IsNum(i)) {
      std::string_view raw = s_.Raw(i);
      if (raw.size() > 1 && raw[0] == '0' && raw[1] != '.') return std::nullopt;  // ids, phones
      std::string digits;
      for (char c : raw) {
        if (c != ',') digits.push_back(c);
      }
      n.value = std::strtod(digits.c_str(), nullptr);
      n.e = i + 1;
      // A glued "m" is million after a currency ("$5m") and metres otherwise ("400m").
      std::size_t cf = i;
      bool metres = s_.Is(i + 1, "m") && CurrencyBefore(i, &cf).empty();
      if (double sc = metres ? 0 : Scale(i + 1, false)) {
        n.value *= sc;
        n.scaled = true;
        n.e = i + 2;
      }
      return n;
    }
    if (!s_.Has(i, kLexNumber)) return std::nullopt;
    // Spelled-out numbers: "fourteen", "twenty-five", "two hundred", "a million".
    double total = 0, cur = 0;
    bool any = false, indefinite = false;
    std::size_t j = i;
    if (l_.indefinite_one.count(s_.Lw(j)) && s_.Lw(j) != "one") {
      if (!l_.scale_words.count(s_.Lw(j + 1)) || s_.Lw(j + 1).size() <= 3) return std::nullopt;
      cur = 1;
      indefinite = true;
      ++j;
    }
    while (j < s_.size() && s_.IsWord(j)) {
      std::string_view w = s_.Lw(j);
      if (auto it = l_.number_words.find(w); it != l_.number_words.end()) {
        if (any && cur >= 20 && it->second < 10 && s_.Is(j - 1, "-")) {
          cur += it->second;
        } else if (any || indefinite) {
          break;
        } else {
          cur = it->second;
        }
        any = true;
        ++j;
        if (s_.Is(j, "-") && s_.Glued(j) && s_.IsWord(j + 1) && s_.Glued(j + 1) &&
            l_.number_words.count(s_.Lw(j + 1))) {
          ++j;
        }
        continue;
      }
      if ((any || indefinite) && w.size() > 3 && l_.scale_words.count(w)) {
        double sc = l_.scale_words.at(w);
        if (sc < 1000) {
          cur *= sc;
        } else {
          total += cur * sc;
          cur = 0;
        }
        n.scaled = true;
        any = true;
        ++j;
        continue;
      }
      break;
    }
    if (!any) return std::nullopt;
    n.value = total + cur;
    n.e = j;
    n.words = true;
    if (n.value == 1 && !n.scaled) return std::nullopt;  // "one" is too often a pronoun
    return n;
  }

  // Currency sign or code right before token b; returns its first token.
  std::string_view CurrencyBefore(std::size_t b, std::size_t* first) const {
    if (b == 0) return {};
    std::size_t k = b - 1;
    std::string_view t = s_.Raw(k);
    std::string_view code;
    if (t == "$")
      code = "USD";
    else if (t == "\xE2\x82\xAC")
      code = "EUR";
    else if (t == "\xC2\xA3")
      code = "GBP";
    else if (t == "\xC2\xA5")
      code = "JPY";
    else if (t == "\xE2\x82\xB9")
      code = "INR";
    else if (s_.IsWord(k)) {
      std::string_view w = s_.Raw(k);
      if (w == "USD" || w == "EUR" || w == "GBP" || w == "CHF" || w == "AZN" || w == "JPY") {
        *first = k;
        return w;
      }
      if (w == "Rs") code = "INR";
      if (w == "RM") code = "MYR";
      if (w == "R" && s_.Glued(b)) code = "ZAR";
      if (code.empty()) return {};
      *first = k;
      return code;
    }
    if (code.empty()) return {};
    *first = k;
    if (code == "USD" && k > 0 && s_.Glued(k) && s_.IsWord(k - 1)) {
      std::string_view p = s_.Raw(k - 1);
      *first = k - 1;
      if (p == "US" || p == "U.S")
        code = "USD";
      else if (p == "A" || p == "AU")
        code = "AUD";
      else if (p == "C" || p == "CA")
        code = "CAD";
      else if (p == "NZ")
        code = "NZD";
      else if (p == "HK")
        code = "HKD";
      else if (p == "S")
        code = "SGD";
      else
        *first = k;
    }
    return code;
  }

  bool Build(const Number& n, Quantity* q) const {
    std::size_t b = n.b, e = n.e;
    // Parts of names, codes, times, ordinals, scores and ages are not quantities.
    std::size_t cur_first = b;
    bool has_currency = !CurrencyBefore(b, &cur_first).empty();
    if (!n.words) {
      if (b > 0 && s_.Glued(b) &&
          ((s_.IsWord(b - 1) && !has_currency) || s_.Is(b - 1, "-") || s_.Is(b - 1, "#") ||
           s_.Is(b - 1, "+") || s_.Is(b - 1, "/") || s_.Is(b - 1, "."))) {
        return false;
      }
      if (b > 0 && (s_.Is(b - 1, "no") || s_.Is(b - 1, "+"))) return false;
      if (b > 0 && !has_currency && s_.IsWord(b - 1) && l_.label_nouns.count(s_.Lw(b - 1))) {
        return false;  // "section 232", "Level 3"
      }
      if (b > 1 && s_.Is(b - 1, ".") && s_.Is(b - 2, "no")) return false;  // "No. 1"
      if (s_.Is(e, "in") && s_.IsNum(e + 1) && s_.Raw(e + 1).size() <= 3)
        return false;  // "1 in 10"
      if (b > 1 && s_.Is(b - 1, "in") && s_.IsNum(b - 2) && s_.Raw(b).size() <= 3) return false;
      if (b > 1 && s_.Is(b - 1, ":") && s_.Glued(b) && s_.IsNum(b - 2)) return false;  // "2:30"
      if ((b > 0 && s_.IsNum(b - 1)) || s_.IsNum(e)) return false;  // digit groups: phones, ids
      if (s_.Is(e, ":") && s_.IsNum(e + 1)) return false;
      if (l_.time_words.count(s_.Lw(e))) return false;
      if (s_.Is(e, "/") && s_.IsNum(e + 1)) return false;
      if (s_.Glued(e) && s_.IsWord(e) && !n.scaled && !(s_.Raw(e) == "m" && b > 0)) {
        std::string_view suf = s_.Lw(e);
        if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th" || suf == "s") return false;
        if (!l_.glued_units.count(suf)) return false;  // "3D", "5G"
      }
      if (s_.Is(e, "-") && s_.Glued(e) && s_.IsNum(e + 1)) return false;  // scores, ranges
      if (s_.Is(e, "-") && s_.Glued(e) && (s_.Is(e + 1, "year") || s_.Is(e + 1, "years"))) {
        return false;  // "35-year-old"
      }
      if (b >= 2 && s_.Is(b - 1, ",") && s_.IsWord(b - 2) && s_.toks[b - 2].capitalised &&
          (s_.Is(e, ",") || s_.Is(e, ")") || s_.Is(e, "."))) {
        return false;  // "Jane Smith, 45, said"
      }
      if (b >= 2 && s_.Is(b - 1, "(") && s_.IsWord(b - 2) && s_.toks[b - 2].capitalised &&
          s_.Is(e, ")") && s_.Raw(b).size() <= 3) {
        return false;  // "Jane Smith (45)"
      }
    }
    std::size_t first = b;
    std::string unit;
    std::size_t cf = b;
    std::string_view cur = CurrencyBefore(b, &cf);
    if (!cur.empty()) {
      unit = std::string(cur);
      first = cf;
    }
    double value = n.value;
    if (!cur.empty() && !n.scaled && s_.Is(e, "m") && s_.Glued(e)) {  // "$5m"
      value *= 1e6;
      ++e;
    }
    // Hyphenated compounds: "$100-million", "five-day", "35-year-old" (an age: skipped).
    if (s_.Is(e, "-") && s_.Glued(e) && s_.IsWord(e + 1) && s_.Glued(e + 1)) {
      std::string_view cw = s_.Lw(e + 1);
      auto sc = l_.scale_words.find(cw);
      if (sc != l_.scale_words.end() && cw.size() > 3) {
        value *= sc->second;
        e += 2;
      } else if (!l_.number_words.count(cw)) {
        if (s_.Is(e + 2, "-") && s_.Is(e + 3, "old")) return false;
        if (unit.empty()) unit = std::string(cw);
        e += 2;
      }
    }
    if (unit.empty()) {
      std::string_view w = s_.Lw(e);
      if (s_.Is(e, "%") || l_.percent_words.count(w)) {
        unit = "%";
        ++e;
      } else if (w == "per" && s_.Is(e + 1, "cent")) {
        unit = "%";
        e += 2;
      } else if (auto it = l_.currency_words.find(w);
                 it != l_.currency_words.end() && (w != "won" || n.scaled)) {
        unit = std::string(it->second);
        ++e;
      } else if (s_.IsWord(e) && l_.glued_units.count(w) && (s_.Glued(e) || w.size() > 1)) {
        unit = std::string(w);
        ++e;
      } else {
        // The counted noun: the first plural within a few words ("35 Iranian vehicles").
        std::size_t k = e;
        if (s_.Is(k, "of") && n.scaled && !n.words) ++k;  // "1.5 million of them" stays bare
        for (int words = 0; words < 5 && s_.IsWord(k); ++words) {
          std::string_view cw = s_.Lw(k);
          // Coordinated modifiers: "seven ruling and opposition parties".
          if ((cw == "and" || cw == "or") && words > 0 && s_.IsWord(k + 1)) {
            ++k;
            continue;
          }
          if (s_.Has(k, kLexStop) || (s_.toks[k].capitalised && l_.months.count(cw))) break;
          if (auto it = l_.currency_words.find(cw); it != l_.currency_words.end() && cw != "won") {
            unit = std::string(it->second);
            e = k + 1;
            break;
          }
          if (l_.plural_nouns.count(cw) || LooksPlural(cw) || (n.value == 1 && words == 0)) {
            // A noun compound ends at its last plural: "police officers".
            while (s_.IsWord(k + 1) && !s_.toks[k + 1].capitalised && !s_.Has(k + 1, kLexStop) &&
                   LooksPlural(s_.Lw(k + 1))) {
              ++k;
            }
            unit = std::string(s_.Lw(k));
            e = k + 1;
            break;
          }
          ++k;
          // Hyphenated nouns: "fuel-tankers".
          while (s_.Is(k, "-") && s_.Glued(k) && s_.IsWord(k + 1) && s_.Glued(k + 1)) k += 2;
        }
      }
    }
    // "300 Slater Street": a bare number before a name is part of the name.
    if (unit.empty() && s_.IsWord(e) && s_.toks[e].capitalised && !s_.Is(e, "i")) return false;
    if (unit.empty() && !n.words && b > 0 && s_.IsWord(b - 1) && s_.toks[b - 1].capitalised &&
        !(b >= 2 && s_.Is(b - 2, ".")) && l_.approx_before.count(s_.Lw(b - 1)) == 0) {
      return false;  // "Boeing 737", "Article 5"
    }
    // Approximation markers before the number (or currency), longest first.
    bool approx = false;
    for (int len = 3; len >= 1 && !approx; --len) {
      if (first < static_cast<std::size_t>(len)) continue;
      std::size_t a = first - len;
      std::string phrase;
      bool ok = true;
      for (std::size_t k = a; k < first; ++k) {
        if (!s_.IsWord(k)) {
          ok = false;
          break;
        }
        if (!phrase.empty()) phrase.push_back(' ');
        phrase.append(s_.Lw(k));
      }
      if (ok && l_.approx_before.count(phrase)) {
        approx = true;
        first = a;
      }
    }
    std::string after = std::string(s_.Lw(e)) + " " + std::string(s_.Lw(e + 1));
    if (l_.approx_after.count(after)) {
      approx = true;
      e += 2;
    } else if (s_.Is(e, "-") && s_.Glued(e) && s_.Is(e + 1, "plus")) {
      approx = true;
      e += 2;
    }
    q->start = s_.toks[first].start;
    q->end = s_.toks[e - 1].end;
    q->text = std::string(s_.text.substr(q->start, q->end - q->start));
    q->value = value;
    q->unit = std::move(unit);
    q->approx = approx;
    return true;
  }

  const FactLanguage& l_;
  const TextScan& s_;
  const std::vector<Span>& skip_;
};

}  // namespace

std::vector<Quantity> QuantityExtractor::Extract(const TextScan& scan,
                                                 const std::vector<Span>& skip) const {
  return Scanner(lang_, scan, skip).Run();
}

}  // namespace newsd
