// Feature extraction for the entity model: one document (an article, or a
// CoNLL document) at a time. Prepare() computes per-token facts once (hashes,
// case, shape, gazetteer matches, document-level case evidence); Features()
// then lists the hashed features of one token given the tags already chosen
// for the tokens before it. Training and recognition share this code, so the
// shipped weights and the running recogniser always agree.
//
// A FeatureExtractor is immutable and thread-safe; a DocState belongs to one
// thread at a time.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "extract/ner_tokenizer.h"

namespace newsd::ner {

class Gazetteer;

// Tags (BIO over PER/ORG/LOC/MISC). Type of a tag: (tag + 1) / 2.
constexpr int kNumTags = 9;
enum Tag : int { kO = 0, kBPer, kIPer, kBOrg, kIOrg, kBLoc, kILoc, kBMisc, kIMisc };
enum TypeId : int { kTypeNone = 0, kTypePer, kTypeOrg, kTypeLoc, kTypeMisc };
inline int TagType(int tag) { return (tag + 1) / 2; }
inline bool TagIsInside(int tag) { return tag != kO && tag % 2 == 0; }

// Per-token facts of one document.
struct TokenInfo {
  std::uint64_t word = 0, lower = 0, shape = 0;
  std::uint64_t pre[4] = {}, suf[4] = {};
  std::uint32_t gaz_bits = 0;  // bits of the single-token entry
  std::uint8_t gaz_loc = 0, gaz_org = 0, gaz_dem = 0, gaz_per = 0;  // 0 none, 1 B, 2 I
  bool first_upper = false, all_upper = false, has_lower = false;
  bool sent_first = false;
  bool candidate = false;     // only candidates are tagged; others are O
  bool lower_seen = false;    // the lower-case form is used elsewhere in the doc
  bool cap_seen_mid = false;  // capitalised mid-sentence elsewhere in the doc
  std::uint8_t mode = 0;      // sentence: 0 normal, 1 ALL CAPS, 2 Title Case
};

struct DocState {
  std::vector<std::string_view> words;
  std::vector<std::uint32_t> sent_end;  // exclusive end index of each sentence
  std::vector<TokenInfo> info;
  // Prediction history: lower-case hash -> counts per type, filled while decoding.
  std::vector<std::uint64_t> hist_keys;
  std::vector<std::uint16_t> hist_counts;  // 5 per slot
};

class FeatureExtractor {
 public:
  explicit FeatureExtractor(const Gazetteer& gaz) : gaz_(gaz) {}

  // Fills st.info from st.words and st.sent_end; resets the history.
  void Prepare(DocState& st) const;

  // Appends the features of token i to `out` (prev/prev2 are the tags of the
  // two tokens before it in its sentence, kO at the start).
  void Features(const DocState& st, std::size_t i, int prev, int prev2,
                std::vector<std::uint32_t>& out) const;

  // Records that token i was tagged `tag` (for the history feature).
  static void Remember(DocState& st, std::size_t i, int tag);

 private:
  const Gazetteer& gaz_;
};

// Tokenises every sentence of `text` into st.words / st.sent_end (views into
// `text`, which must outlive st) and the byte spans of the tokens into `spans`.
void TokenizeDocument(std::string_view text, const std::vector<Sentence>& sentences, DocState& st,
                      std::vector<TokenSpan>& spans);

}  // namespace newsd::ner
