// Gazetteers for the entity recogniser: names of countries, subdivisions,
// cities, places, organisations, news agencies, demonyms and the cue words
// of news writing (titles before names, organisation heads, reporting verbs).
//
// Sources: iso-codes JSON (ISO 3166-1 countries, ISO 3166-2 subdivisions with
// an ASCII-folded variant of every local name), tzdata zone1970.tab (zone
// cities) and the curated extract/data/gazetteer.tsv shipped with newsd.
// Entries are keyed by the hash of their lower-cased token sequence (tokens as
// ner::Tokenize splits them), so lookups are case-insensitive.
//
// Immutable after Load; all const methods are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace newsd::ner {

// Category bits of a gazetteer entry.
enum GazBits : std::uint32_t {
  kGazCountry = 1u << 0,
  kGazSubdivision = 1u << 1,
  kGazCity = 1u << 2,
  kGazPlace = 1u << 3,    // curated multi-word places ("Lachin corridor")
  kGazOrg = 1u << 4,      // international organisations, institutions
  kGazAgency = 1u << 5,   // news agencies
  kGazDemonym = 1u << 6,  // "Azerbaijani" (canonical: the country)
  kGazTitle = 1u << 7,    // "President", "spokesperson"
  kGazOrgHead = 1u << 8,  // "Ministry", "Agency", "Corp."
  kGazVerb = 1u << 9,     // "said", "told"
  kGazPerson = 1u << 10,  // curated well-known people
};
constexpr std::uint32_t kGazLocMask = kGazCountry | kGazSubdivision | kGazCity | kGazPlace;
constexpr std::uint32_t kGazOrgMask = kGazOrg | kGazAgency;

// Where to read the gazetteers from.
struct GazetteerSources {
  std::string iso_codes_dir = "/usr/share/iso-codes/json";
  std::string zoneinfo_dir = "/usr/share/zoneinfo";
  std::string curated_tsv;  // extract/data/gazetteer.tsv
};

class Gazetteer {
 public:
  // One entry: its category bits and canonical name.
  struct Entry {
    std::uint32_t bits = 0;
    std::string canonical;  // of the first category that named it
    int tokens = 0;
  };

  Gazetteer() = default;
  Gazetteer(Gazetteer&&) = default;  // lookup slots stay valid: map nodes move
  Gazetteer& operator=(Gazetteer&&) = default;
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // Reads every source; fails (kNotFound/kParse) naming the file at fault.
  static Result<Gazetteer> Load(const GazetteerSources& src);

  // Adds a name (tokenised and lower-cased here) with `bits`. For building:
  // call Freeze() after the last Add and before any Find.
  void Add(std::string_view name, std::uint32_t bits, std::string_view canonical);
  // Builds the flat lookup tables (Load does this).
  void Freeze();

  // The entry for a token-sequence key, or nullptr. An entry with bits == 0
  // only marks a proper prefix of longer names (keep extending the sequence).
  const Entry* Find(std::uint64_t key) const {
    if (slots_.empty()) return nullptr;
    std::size_t m = slots_.size() - 1, i = key & m;
    while (slots_[i].entry != nullptr) {
      if (slots_[i].key == key) return slots_[i].entry;
      i = (i + 1) & m;
    }
    return nullptr;
  }

  // Cue-word bits (kGazTitle | kGazOrgHead | kGazVerb) of one lower-cased
  // token hash; a small table that stays in cache.
  std::uint32_t CueBits(std::uint64_t token_hash) const {
    if (cue_keys_.empty()) return 0;
    std::size_t m = cue_keys_.size() - 1, i = token_hash & m;
    while (cue_keys_[i] != 0) {
      if (cue_keys_[i] == token_hash) return cue_bits_[i];
      i = (i + 1) & m;
    }
    return 0;
  }

  // The key of a sequence of lower-cased token hashes: fold HashMix over them
  // starting from SeqStart().
  static std::uint64_t SeqStart() { return 0x5eed; }

  // Longest entry in tokens (lookups need not try longer sequences).
  int max_tokens() const { return max_tokens_; }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    const Entry* entry = nullptr;  // points into entries_ (stable: node-based map)
  };
  std::unordered_map<std::uint64_t, Entry> entries_;
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> cue_keys_;  // token hash of single-token cue words
  std::vector<std::uint32_t> cue_bits_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> cue_words_;  // from Add
  int max_tokens_ = 1;
};

}  // namespace newsd::ner
