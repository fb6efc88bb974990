// QuotePeople's name resolution: canonical names, pronouns and roles
// (split from quote_people.cpp, which builds the index of people).
#include "extract/quote_people.h"

#include <algorithm>
#include <cctype>

namespace newsd {
namespace {

std::string LowerAscii(std::string_view s) { return AsciiLower(s); }

std::string LastWord(std::string_view name) {
  std::size_t sp = name.find_last_of(' ');
  return LowerAscii(sp == std::string_view::npos ? name : name.substr(sp + 1));
}

}  // namespace

std::string QuotePeople::Fuller(const std::string& name, std::size_t at) const {
  // "King Charles" -> "Charles": titles are no part of a name.
  std::string_view n = name;
  while (true) {
    std::size_t sp = n.find(' ');
    if (sp == std::string_view::npos) break;
    std::string w = LowerAscii(n.substr(0, sp));
    if (!lang_.title_words.count(w) && !lang_.role_words.count(w)) break;
    n.remove_prefix(sp + 1);
  }
  // "Holcomb", "Roma Jayne": the fullest earlier name ending with it (only
  // names with the same last word can; by_last_ lists them in text order).
  std::string lower = LowerAscii(n);
  std::string last = LastWord(lower);
  const Person* best = nullptr;
  if (auto it = by_last_.find(last); it != by_last_.end()) {
    for (std::size_t i : it->second) {
      const Person& p = people_[i];
      if (p.pos > at) break;
      std::string_view first = std::string_view(p.lower).substr(0, p.lower.find(' '));
      if (lang_.title_words.count(first) || lang_.role_words.count(first)) continue;
      if (p.lower.size() > lower.size() && p.lower.ends_with(lower) &&
          p.lower[p.lower.size() - lower.size() - 1] == ' ') {
        if (!best || p.name.size() > best->name.size()) best = &p;
      }
    }
  }
  return best ? best->name : std::string(n);
}

std::string QuotePeople::Canonical(std::size_t b, std::size_t e) const {
  std::size_t start = scan_.toks[b].start, end = scan_.toks[e - 1].end;
  std::string surface(scan_.text.substr(start, end - start));
  for (const Entity& en : entities_) {
    if (en.start <= start && en.end >= end) {
      // Coreference keeps the type: "Strava" (ORG) is not "Camp Strava".
      if (en.type == EntityType::kPerson)
        return Fuller(en.canonical.empty() ? en.text : en.canonical, start);
      if (en.start == start && en.end == end) {
        // ... unless a titled person or a PERSON entity has this surname
        // ("US President Donald Trump" ... "Trump" tagged ORG).
        std::string lw = LowerAscii(surface);
        for (auto it = people_.rbegin(); it != people_.rend(); ++it) {
          if (it->strong && it->pos < start && it->last == lw && it->name.size() > surface.size()) {
            return it->name;
          }
        }
        return en.canonical.empty() ? en.text : en.canonical;
      }
    }
  }
  // "Brave Marina Lacerda", "Though Mariam": a run whose tail is a known person.
  if (e - b >= 2) {
    std::string lower = LowerAscii(surface);
    bool known = false;
    for (const Person& p : people_) known = known || (p.person && p.lower == lower);
    for (std::size_t nb = b + 1; nb < e && !known; ++nb) {
      std::size_t ts = scan_.toks[nb].start;
      for (const Entity& en : entities_) {  // "Now Strava": the entity, of its own type
        if (en.start == ts && en.end == end) {
          return en.type == EntityType::kPerson
                     ? Fuller(en.canonical.empty() ? en.text : en.canonical, start)
                     : (en.canonical.empty() ? en.text : en.canonical);
        }
      }
      std::string tail = LowerAscii(scan_.text.substr(ts, end - ts));
      for (const Person& p : people_) {
        if (!p.person || p.pos >= start + (end - start)) continue;
        if (p.lower == tail || (nb + 1 == e && p.name.find(' ') != std::string::npos &&
                                (p.first == tail || p.last == tail))) {
          return p.name;
        }
      }
    }
  }
  std::string last = LastWord(surface);
  const Person* best = nullptr;
  for (const Person& p : people_) {
    if (p.pos > start && best) break;
    if ((p.last == last || p.first == last) && p.name.size() > surface.size() && p.pos <= start) {
      best = &p;
    }
  }
  if (!best) {  // a full name given only later in the text
    for (const Person& p : people_) {
      if ((p.last == last || p.first == last) && p.name.size() > surface.size()) {
        best = &p;
        break;
      }
    }
  }
  return best ? best->name : surface;
}

std::optional<std::string> QuotePeople::LastPerson(std::size_t pos) const {
  // "Travis Kelce's mom", "Piers Morgan's diaries": a possessor is no antecedent.
  auto possessive = [&](const Person& p) {
    std::size_t e = p.pos + p.name.size();
    if (e >= scan_.text.size() || scan_.text.compare(p.pos, p.name.size(), p.name) != 0) {
      return false;
    }
    std::size_t len = 0;
    char32_t c = DecodeUtf8(scan_.text, e, &len);
    return (c == '\'' || c == 0x2019 || c == 0x2018) && e + len < scan_.text.size() &&
           scan_.lower[e + len] == 's' &&
           (e + len + 1 == scan_.text.size() ||
            !std::isalpha(static_cast<unsigned char>(scan_.text[e + len + 1])));
  };
  const Person* last = nullptr;
  for (const Person& p : people_) {
    if (p.pos >= pos) break;
    if (p.person && !possessive(p)) last = &p;
  }
  if (!last) return std::nullopt;
  auto sentence_start = [&](std::size_t at) -> std::size_t {
    auto it = std::upper_bound(sentences_.begin(), sentences_.end(), at,
                               [](std::size_t v, const Sentence& s) { return v < s.start; });
    return it == sentences_.begin() ? 0 : std::prev(it)->start;
  };
  std::size_t s_last = sentence_start(last->pos);
  std::size_t s_prev = s_last > 0 ? sentence_start(s_last - 1) : 0;
  // "After Lily Miyazaki won ..., it was Katie Boulter who ...": a sentence
  // opening with a subordinate clause has its subject after the clause.
  std::size_t main_from = s_last;
  std::string_view opener = scan_.lower;
  std::size_t we = s_last;
  while (we < opener.size() && opener[we] >= 'a' && opener[we] <= 'z') ++we;
  std::string_view w0 = opener.substr(s_last, we - s_last);
  if (w0 == "after" || w0 == "when" || w0 == "while" || w0 == "as" || w0 == "though" ||
      w0 == "although" || w0 == "because" || w0 == "before" || w0 == "since" || w0 == "if" ||
      w0 == "once" || w0 == "until" || w0 == "whereas") {
    std::size_t comma = scan_.text.find(',', s_last);
    // ... unless the writer is that subject ("As I sit opposite X, I ask ...").
    bool writer = false;
    for (std::size_t c = comma; c != std::string_view::npos && c < pos && !writer;
         c = opener.find(',', c + 1)) {
      writer = opener.compare(c, 4, ", i ") == 0 || opener.compare(c, 5, ", we ") == 0;
    }
    if (comma != std::string_view::npos && comma < pos && !writer) main_from = comma;
  }
  const Person* sayer = nullptr;
  const Person* first = nullptr;
  const Person* first_any = nullptr;
  for (const Person& p : people_) {
    if (p.pos >= pos) break;
    if (!p.person || p.pos < s_prev || possessive(p)) continue;
    if (p.sayer) sayer = &p;
    if (p.pos >= s_last && !first_any) first_any = &p;
    // A name inside a longer capitalised phrase ("Chief of Army Staff") is no subject.
    if (p.pos >= main_from && !first && !BeforeCapital(p.end)) first = &p;
  }
  if (!first) first = first_any;
  // A full name met for the first time in the last sentence is a new topic:
  // it beats a speaker of the sentence before ("... says Aisha. While Aisha
  // waits, Mariam Malibiche ... She passes ...").
  if (sayer && first && sayer->pos < s_last && first->name.find(' ') != std::string::npos) {
    bool seen = false;
    for (const Person& p : people_) {
      if (p.pos >= first->pos) break;
      seen = seen || p.lower == first->lower;
    }
    if (!seen) sayer = nullptr;
  }
  return (sayer ? sayer : first ? first : last)->name;
}

std::optional<std::string> QuotePeople::LastWithRole(std::string_view role, std::size_t pos) const {
  const Person* best = nullptr;
  for (const Person& p : people_) {
    if (p.pos >= pos) break;
    for (const std::string& r : p.roles) {
      if (r == role) best = &p;
    }
  }
  if (!best && lang_.org_roles.count(role)) {  // "The agency warns": the last organisation
    // The organisation the article names most often (the latest on a tie).
    const Entity* org = nullptr;
    int org_n = 0;
    for (const Entity& en : entities_) {
      if (en.type != EntityType::kOrg || en.end > pos) continue;
      const std::string& k = en.canonical.empty() ? en.text : en.canonical;
      int n = 0;
      for (const Entity& o : entities_) {
        if (o.type == EntityType::kOrg && o.end <= pos &&
            (o.canonical.empty() ? o.text : o.canonical) == k)
          ++n;
      }
      if (n >= org_n) {
        org = &en;
        org_n = n;
      }
    }
    if (org) return org->canonical.empty() ? org->text : org->canonical;
  }
  if (!best) return std::nullopt;
  return best->name;
}

}  // namespace newsd
