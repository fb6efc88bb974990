#include "extract/quote_people.h"

#include <algorithm>

namespace newsd {
namespace {

std::string LowerAscii(std::string_view s) { return AsciiLower(s); }

std::string LastWord(std::string_view name) {
  std::size_t sp = name.find_last_of(' ');
  return LowerAscii(sp == std::string_view::npos ? name : name.substr(sp + 1));
}

std::string FirstWord(std::string_view name) { return LowerAscii(name.substr(0, name.find(' '))); }

}  // namespace

QuotePeople::QuotePeople(const FactLanguage& lang, const TextScan& scan,
                         const std::vector<Entity>& entities,
                         const std::vector<Sentence>& sentences)
    : lang_(lang), scan_(scan), entities_(entities), sentences_(sentences) {
  for (const Entity& e : entities_) {
    if (e.type != EntityType::kPerson) continue;
    Person p;
    p.pos = e.start;
    p.end = e.end;
    p.strong = true;
    p.name = e.canonical.empty() ? e.text : e.canonical;
    p.last = LastWord(p.name);
    p.first = FirstWord(p.name);
    p.lower = LowerAscii(p.name);
    p.person = true;
    people_.push_back(std::move(p));
  }
  IndexRuns();
  // Subjects of reporting verbs: "Fahmi Fadzil said", "said Burrage".
  for (Person& p : people_) {
    auto it = std::lower_bound(scan_.toks.begin(), scan_.toks.end(), p.pos,
                               [](const Token& t, std::size_t v) { return t.start < v; });
    if (it == scan_.toks.end()) continue;
    std::size_t i = static_cast<std::size_t>(it - scan_.toks.begin());
    std::size_t e = i;
    while (e < scan_.size() && scan_.IsWord(e) && scan_.toks[e].capitalised) ++e;
    if ((e < scan_.size() && !scan_.toks[e].capitalised && scan_.Has(e, kLexVerb)) ||
        (i > 0 && scan_.Has(i - 1, kLexVerb))) {
      p.sayer = true;
    }
  }
  std::stable_sort(people_.begin(), people_.end(),
                   [](const Person& a, const Person& b) { return a.pos < b.pos; });
  // Entity names without titles and at their fullest ("King Charles" ->
  // "Charles", a coreference-less "Trump" -> "Donald Trump" named before).
  Reindex();
  std::vector<std::string> full(people_.size());
  for (std::size_t i = 0; i < people_.size(); ++i)
    full[i] = Fuller(people_[i].name, people_[i].pos);
  for (std::size_t i = 0; i < people_.size(); ++i) {
    if (full[i] == people_[i].name) continue;
    people_[i].name = std::move(full[i]);
    people_[i].last = LastWord(people_[i].name);
    people_[i].first = FirstWord(people_[i].name);
    people_[i].lower = LowerAscii(people_[i].name);
  }
  Reindex();
}

void QuotePeople::Reindex() {
  by_last_.clear();
  for (std::size_t i = 0; i < people_.size(); ++i) by_last_[people_[i].last].push_back(i);
}

// Runs of capitalised words: "Foreign Ministry spokesperson Saeed Khatibzadeh".
void QuotePeople::IndexRuns() {
  const TextScan& s = scan_;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!s.IsWord(i) || !s.toks[i].capitalised) {
      ++i;
      continue;
    }
    std::size_t b = i, e = i;
    while (e < s.size() && s.IsWord(e) && s.toks[e].capitalised &&
           (e == b || !s.ParaBreakBefore(e))) {
      ++e;
      if (s.Is(e, "-") && s.Glued(e) && s.IsWord(e + 1) && s.Glued(e + 1)) e += 2;
    }
    // "Though Mariam", "Westmount If Kamala Harris": a capitalised function word
    // ends what comes before it and is no part of the name after it.
    for (std::size_t k = b; k + 1 < e; ++k) {
      if (s.Has(k, kLexStop | kLexDeterminer) && !s.Has(k, kLexTitle)) b = k + 1;
    }
    // "Brave Marina Lacerda": an adjective capitalised by its place.
    while (b + 1 < e && PersonStartsAt(s.toks[b + 1].start)) ++b;
    // Strip titles and roles in front; they describe the person.
    std::vector<std::string> roles;
    auto add_role = [&](std::string_view w) {
      if (auto it = lang_.role_aliases.find(w); it != lang_.role_aliases.end()) w = it->second;
      if (lang_.role_words.count(w)) roles.emplace_back(w);
    };
    if (b > 0 && s.IsWord(b - 1) && s.Has(b - 1, kLexRole)) add_role(s.Lw(b - 1));
    bool titled = !roles.empty();
    // A run that ends an earlier full name ("Roma Jayne" after "Emma Roma Jayne").
    if (e - b >= 2) {
      std::string_view run =
          std::string_view(s.lower).substr(s.toks[b].start, s.toks[e - 1].end - s.toks[b].start);
      bool linked = false;
      for (auto it = people_.rbegin(); it != people_.rend() && !linked; ++it) {
        const std::string& full = it->lower;
        if (full.size() > run.size() &&
            full.compare(full.size() - run.size(), run.size(), run) == 0 &&
            full[full.size() - run.size() - 1] == ' ') {
          Person p = *it;
          p.pos = s.toks[b].start;
          p.end = s.toks[e - 1].end;
          people_.push_back(std::move(p));
          linked = true;
        }
      }
      if (linked) {
        i = e;
        continue;
      }
    }
    // Everything up to the last title is description: "Azerbaijani President X".
    std::size_t nb = b;
    for (std::size_t k = b; k + 1 < e; ++k) {
      if (s.Has(k, kLexTitle | kLexDeterminer | kLexRole)) nb = k + 1;
    }
    for (std::size_t k = b; k < nb; ++k) {
      add_role(s.Lw(k));
      if (s.Has(k, kLexTitle)) titled = true;
    }
    // Apposition: "Aykhan Hajizada, a foreign ministry spokesperson, ..."
    // The apposition must close (", the US President said:" is a new subject).
    if (e - nb >= 2 && s.Is(e, ",")) {
      std::size_t close = e + 1;
      while (close < s.size() && close < e + 10 && !s.Is(close, ",") && !s.Is(close, ".") &&
             !s.Is(close, ":") && !s.Has(close, kLexVerb)) {
        ++close;
      }
      if (close < s.size() && (s.Is(close, ",") || s.Is(close, "."))) {
        for (std::size_t k = e + 1; k < close; ++k) {
          if (s.Has(k, kLexRole)) {
            add_role(s.Lw(k));
            titled = true;
          }
        }
      }
    }
    // Later short mentions ("Aliyev", "Keir") of a full name seen before.
    if (e - nb == 1 && !titled) {
      std::string_view w = s.Lw(nb);
      for (auto it = people_.rbegin(); it != people_.rend(); ++it) {
        if (it->pos < s.toks[nb].start && (it->last == w || it->first == w) &&
            it->name.find(' ') != std::string::npos) {
          Person p = *it;
          p.pos = s.toks[nb].start;
          p.end = s.toks[nb].end;
          people_.push_back(std::move(p));
          break;
        }
      }
    }
    // Without titles, a two- or three-word name is a person unless it looks
    // like a place or organisation ("New York", "Jewish General Hospital").
    bool weak = false;
    if (!titled && e - nb >= 2 && e - nb <= 3) {
      weak = true;
      for (std::size_t k = nb; k < e; ++k) {
        if (s.Has(k, kLexOrg | kLexStop)) weak = false;
      }
      if (b > 0 && (s.Is(b - 1, "in") || s.Is(b - 1, "at") || s.Is(b - 1, "from") ||
                    s.Is(b - 1, "to") || s.Is(b - 1, "of") || s.Is(b - 1, "the"))) {
        weak = false;
      }
      if (s.Has(b, kLexDeterminer)) weak = false;
    }
    for (std::size_t k = nb; k < e; ++k) {
      if (s.Has(k, kLexOrg)) titled = weak = false;  // "Jewish General Hospital"
    }
    if (nb < e && (e - nb >= 2 || titled)) {
      Person p;
      p.pos = s.toks[nb].start;
      p.end = s.toks[e - 1].end;
      p.name = std::string(s.text.substr(s.toks[nb].start, s.toks[e - 1].end - s.toks[nb].start));
      if (e - nb == 1 && titled) p.name = Canonical(nb, e);
      p.last = LastWord(p.name);
      p.first = FirstWord(p.name);
      p.lower = LowerAscii(p.name);
      p.roles = std::move(roles);
      p.person = titled || weak;
      p.strong = titled;
      people_.push_back(std::move(p));
    }
    i = e;
  }
}

bool QuotePeople::BeforeCapital(std::size_t end) const {
  if (end == 0) return false;
  while (end < scan_.text.size() && scan_.text[end] == ' ') ++end;
  return end < scan_.text.size() && scan_.text[end] >= 'A' && scan_.text[end] <= 'Z';
}

bool QuotePeople::IsPersonAt(std::size_t pos) const {
  auto it = std::lower_bound(people_.begin(), people_.end(), pos,
                             [](const Person& x, std::size_t v) { return x.pos < v; });
  for (; it != people_.end() && it->pos == pos; ++it) {
    if (it->person) return true;
  }
  return false;
}

bool QuotePeople::PersonStartsAt(std::size_t pos) const {
  for (const Entity& en : entities_) {
    if (en.type == EntityType::kPerson && en.start == pos) return true;
  }
  return false;
}

void QuotePeople::AddSpeaker(const std::string& name, std::size_t pos) {
  Person p;
  p.pos = pos;
  p.name = name;
  p.last = LastWord(name);
  p.first = FirstWord(name);
  p.lower = LowerAscii(name);
  p.person = true;
  auto it = std::upper_bound(people_.begin(), people_.end(), pos,
                             [](std::size_t v, const Person& x) { return v < x.pos; });
  const std::size_t at = static_cast<std::size_t>(it - people_.begin());
  std::string last = p.last;
  people_.insert(it, std::move(p));
  for (auto& [key, idx] : by_last_) {  // shift, then add the new one in text order
    for (std::size_t& i : idx) i += i >= at ? 1 : 0;
  }
  auto& idx = by_last_[last];
  idx.insert(std::lower_bound(idx.begin(), idx.end(), at), at);
}

}  // namespace newsd
