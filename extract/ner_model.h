// The learned weights of the entity tagger (an averaged perceptron over
// hashed features, see ner_features.h) and the greedy left-to-right decoder.
//
// File format (little-endian): "NERW", u32 version (1), u32 tags (9),
// f32 scale, u32 count, then count x (u32 feature, i16 weight[9]); weight =
// i16 * scale. bench/train_ner writes it from CoNLL-2003 eng.train.
//
// A NerModel is immutable after Load and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "extract/ner_features.h"

namespace newsd::ner {

class NerModel {
 public:
  using Weights = std::array<float, kNumTags>;

  // Reads a model file; kNotFound / kCorruption on failure.
  static Result<NerModel> Load(const std::string& path);

  // Quantises `weights` (dropping features whose largest |weight| is below
  // `min_abs`) and writes a model file. Returns the number of features kept.
  static Result<std::size_t> Save(const std::string& path,
                                  const std::vector<std::pair<std::uint32_t, Weights>>& weights,
                                  float min_abs);

  // Adds the weights of `feats` into scores[0..kNumTags).
  void Score(const std::vector<std::uint32_t>& feats, float* scores) const;

  std::size_t size() const { return count_; }

 private:
  struct Slot {
    std::uint32_t key;  // 0 = empty
    std::uint32_t row;  // index into weights_ / kNumTags
  };
  std::vector<Slot> table_;            // open addressing, load <= 0.5
  std::vector<std::int16_t> weights_;  // kNumTags per feature, dense
  std::size_t mask_ = 0;
  std::size_t count_ = 0;
  float scale_ = 1;
};

// Common lower-case words (hashes of lower-cased tokens, see ner_text.h),
// learned from the training text: file "NERC", u32 count, count x u64, sorted.
Result<std::vector<std::uint64_t>> LoadCommonWords(const std::string& path);
Status SaveCommonWords(const std::string& path, std::vector<std::uint64_t> hashes);

// True when `tag` may follow `prev` in BIO (I-X only after B-X or I-X).
inline bool TagAllowed(int prev, int tag) {
  return !TagIsInside(tag) || (prev != kO && TagType(prev) == TagType(tag));
}

// Greedy decoding of a prepared document. `score(feats, scores)` fills the
// scores of each tag; `after(i, best, feats)` is called after each token is
// decided (training updates weights there and may return the tag to use as
// history, e.g. the prediction). Non-candidate tokens are kO.
template <typename ScoreFn, typename AfterFn>
void DecodeDocument(const FeatureExtractor& fx, DocState& st, std::vector<int>& tags,
                    ScoreFn&& score, AfterFn&& after) {
  const std::size_t n = st.words.size();
  tags.assign(n, kO);
  std::vector<std::uint32_t> feats;
  feats.reserve(64);
  int prev = kO, prev2 = kO;
  for (std::size_t i = 0; i < n; ++i) {
    if (st.info[i].sent_first) prev = prev2 = kO;
    int tag = kO;
    if (st.info[i].candidate) {
      feats.clear();
      fx.Features(st, i, prev, prev2, feats);
      float s[kNumTags] = {};
      score(feats, s);
      int best = -1;
      for (int k = 0; k < kNumTags; ++k)
        if (TagAllowed(prev, k) && (best < 0 || s[k] > s[best])) best = k;
      tag = after(i, best, feats);
      FeatureExtractor::Remember(st, i, tag);
    }
    tags[i] = tag;
    prev2 = prev;
    prev = tag;
  }
}

}  // namespace newsd::ner
