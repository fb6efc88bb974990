#include "extract/entity_coref.h"

#include <algorithm>
#include <map>
#include <string>

#include "extract/ner_gazetteer.h"
#include "extract/ner_text.h"

namespace newsd::ner {
namespace {

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Index of the first token starting at or after `pos`.
std::size_t TokenAt(const std::vector<TokenSpan>& toks, std::size_t pos) {
  return static_cast<std::size_t>(
      std::lower_bound(toks.begin(), toks.end(), pos,
                       [](const TokenSpan& t, std::size_t p) { return t.start < p; }) -
      toks.begin());
}

}  // namespace

void LinkMentions(std::string_view text, const std::vector<TokenSpan>& tokens, const Gazetteer& gaz,
                  bool role_mentions, std::vector<Entity>& ents) {
  // Full person names by surname / first name; -1 marks an ambiguous key.
  std::map<std::string, int> by_part;
  std::map<std::string, int> acronyms;
  for (int i = 0; i < static_cast<int>(ents.size()); ++i) {
    const Entity& e = ents[i];
    auto w = Words(e.text);
    if (e.type == EntityType::kPerson && w.size() >= 2) {
      for (auto part : {w.front(), w.back()}) {
        std::string k = ToLower(part);
        auto it = by_part.find(k);
        if (it == by_part.end()) {
          by_part[k] = i;
        } else if (it->second >= 0 && ents[it->second].text != e.text) {
          it->second = -1;
        }
      }
    }
    if (e.type == EntityType::kOrg && w.size() >= 2) {
      std::string initials;
      for (auto x : w)
        if (!x.empty() && x[0] >= 'A' && x[0] <= 'Z') initials.push_back(x[0]);
      if (initials.size() >= 2) acronyms.emplace(initials, i);
    }
  }
  for (Entity& e : ents) {
    if (!e.canonical.empty()) continue;  // declared entities keep theirs
    auto w = Words(e.text);
    if (w.size() == 1) {
      auto it = by_part.find(ToLower(w[0]));
      if (it != by_part.end() && it->second >= 0 && e.type != EntityType::kLoc) {
        e.canonical = ents[it->second].text;
        e.type = EntityType::kPerson;
        continue;
      }
      auto ac = acronyms.find(std::string(w[0]));
      if (e.type == EntityType::kOrg && ac != acronyms.end()) {
        e.canonical = ents[ac->second].text;
        continue;
      }
    }
    if (e.type != EntityType::kPerson) {
      std::uint64_t key = Gazetteer::SeqStart();
      for (auto x : w) key = HashMix(key, HashBytes(ToLower(x)));
      const auto* g = gaz.Find(key);
      if (g != nullptr && (g->bits & (kGazLocMask | kGazOrgMask)) && !g->canonical.empty()) {
        e.canonical = g->canonical;
        continue;
      }
    }
    e.canonical = e.text;
  }
  if (!role_mentions) return;
  // Roles: "<role> Name" or "Name, a/the ... <role>".
  std::map<std::string, std::string> role_of;
  auto word = [&](std::size_t k) {
    return text.substr(tokens[k].start, tokens[k].end - tokens[k].start);
  };
  auto is_role = [&](std::size_t k) {
    const auto* g = gaz.Find(HashMix(Gazetteer::SeqStart(), HashBytes(ToLower(word(k)))));
    return g != nullptr && (g->bits & kGazTitle) && ToLower(word(k)).size() > 3;
  };
  std::vector<Entity> added;
  std::size_t next_ent = 0;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    while (next_ent < ents.size() && ents[next_ent].end <= tokens[k].start) {
      const Entity& e = ents[next_ent];
      if (e.type == EntityType::kPerson) {
        std::size_t first = TokenAt(tokens, e.start);
        if (first > 0 && is_role(first - 1)) role_of[ToLower(word(first - 1))] = e.canonical;
        // Apposition: ", a|the ... <role>" within six tokens.
        if (k < tokens.size() && word(k) == "," && k + 1 < tokens.size()) {
          std::string det = ToLower(word(k + 1));
          if (det == "a" || det == "an" || det == "the") {
            for (std::size_t q = k + 2; q < tokens.size() && q < k + 8; ++q) {
              std::string_view wq = word(q);
              if (wq == "," || wq == "." || wq == ";") break;
              if (is_role(q)) {
                role_of[ToLower(wq)] = e.canonical;
                break;
              }
            }
          }
        }
      }
      ++next_ent;
    }
    // "the <role>" outside any entity.
    if (k + 1 < tokens.size() && (word(k) == "the" || word(k) == "The") && is_role(k + 1)) {
      auto it = role_of.find(ToLower(word(k + 1)));
      if (it == role_of.end()) continue;
      bool inside = std::any_of(ents.begin(), ents.end(), [&](const Entity& e) {
        return e.start < tokens[k + 1].end && tokens[k].start < e.end;
      });
      if (inside) continue;
      Entity r;
      r.start = tokens[k].start;
      r.end = tokens[k + 1].end;
      r.text = std::string(text.substr(r.start, r.end - r.start));
      r.type = EntityType::kPerson;
      r.canonical = it->second;
      added.push_back(std::move(r));
    }
  }
  if (added.empty()) return;
  ents.insert(ents.end(), added.begin(), added.end());
  std::sort(ents.begin(), ents.end(),
            [](const Entity& a, const Entity& b) { return a.start < b.start; });
}

}  // namespace newsd::ner
