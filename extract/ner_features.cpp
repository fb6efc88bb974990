#include "extract/ner_features.h"

#include <algorithm>
#include <array>
#include <string>

#include "extract/ner_gazetteer.h"
#include "extract/ner_text.h"

namespace newsd::ner {
namespace {

// A minimal open-addressing set of non-zero 64-bit keys.
class KeySet {
 public:
  explicit KeySet(std::size_t n) {
    std::size_t cap = 16;
    while (cap < 2 * n + 2) cap <<= 1;
    slots_.assign(cap, 0);
  }
  void Insert(std::uint64_t k) {
    k |= 1;
    std::size_t m = slots_.size() - 1, i = k & m;
    while (slots_[i] != 0 && slots_[i] != k) i = (i + 1) & m;
    slots_[i] = k;
  }
  bool Contains(std::uint64_t k) const {
    k |= 1;
    std::size_t m = slots_.size() - 1, i = k & m;
    while (slots_[i] != 0) {
      if (slots_[i] == k) return true;
      i = (i + 1) & m;
    }
    return false;
  }

 private:
  std::vector<std::uint64_t> slots_;
};

// Sentence-initial function words: never the start of a name, not tagged.
bool IsInitialFunctionWord(std::string_view w) {
  static constexpr std::array<std::string_view, 64> kWords = {
      "The",     "A",         "An",   "In",    "But",    "He",     "She",      "It",
      "This",    "That",      "They", "We",    "I",      "On",     "At",       "For",
      "After",   "As",        "When", "While", "With",   "By",     "From",     "If",
      "There",   "His",       "Her",  "Its",   "Their",  "Some",   "Many",     "Most",
      "However", "Meanwhile", "Also", "And",   "Or",     "To",     "Of",       "What",
      "Who",     "How",       "Why",  "Where", "These",  "Those",  "Our",      "My",
      "You",     "Both",      "Each", "Since", "Before", "During", "Although", "Because",
      "So",      "Then",      "Now",  "Still", "Yet",    "Even",   "Only",     "Instead"};
  if (w.empty() || w.size() > 9) return false;
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool IsConnector(std::string_view w) {
  static constexpr std::array<std::string_view, 22> kConn = {
      "of",    "and", "de",  "'s", "&",  "van", "for", "the", "der", "da", "den",
      "della", "du",  "von", "la", "le", "al",  "bin", "del", "di",  "y",  "on"};
  return std::find(kConn.begin(), kConn.end(), w) != kConn.end();
}

inline std::uint32_t F(std::uint64_t tmpl, std::uint64_t v) {
  return static_cast<std::uint32_t>(HashMix(tmpl * 0x9E3779B97F4A7C15ULL + 17, v)) | 1u;
}
inline std::uint32_t F2(std::uint64_t tmpl, std::uint64_t a, std::uint64_t b) {
  return F(tmpl, HashMix(a, b));
}

const std::uint64_t kBos = HashBytes("<s>");
const std::uint64_t kEos = HashBytes("</s>");

}  // namespace

void FeatureExtractor::Prepare(DocState& st) const {
  const std::size_t n = st.words.size();
  st.info.assign(n, TokenInfo{});
  std::string lower;
  // Pass 1: per-token hashes and case.
  std::size_t s0 = 0;
  for (std::uint32_t se : st.sent_end) {
    for (std::size_t i = s0; i < se && i < n; ++i) {
      TokenInfo& t = st.info[i];
      std::string_view w = st.words[i];
      CaseInfo ci = ClassifyCase(w);
      t.word = HashBytes(w);
      t.first_upper = ci.first_upper;
      t.has_lower = ci.has_lower;
      t.all_upper = ci.has_upper && !ci.has_lower;
      t.sent_first = (i == s0);
      t.candidate = ci.has_upper && !(i == s0 && IsInitialFunctionWord(w));
      if (ci.has_upper) {
        ToLowerInto(w, lower);
        t.lower = HashBytes(lower);
        for (std::size_t k = 0; k < 4; ++k) {
          if (lower.size() > k + 1) {
            t.pre[k] = HashBytes(std::string_view(lower).substr(0, k + 1));
            t.suf[k] = HashBytes(std::string_view(lower).substr(lower.size() - k - 1));
          }
        }
      } else {
        t.lower = t.word;
      }
    }
    // Sentence mode.
    int letters = 0, caps = 0, titles = 0;
    for (std::size_t i = s0; i < se && i < n; ++i) {
      const TokenInfo& t = st.info[i];
      if (st.words[i].size() < 2 || (!t.first_upper && !t.has_lower)) continue;
      if (!t.first_upper && st.words[i].size() <= 3) continue;  // of, the, in
      ++letters;
      if (t.all_upper) ++caps;
      if (t.first_upper) ++titles;
    }
    std::uint8_t mode = 0;
    if (letters >= 3 && caps * 5 >= letters * 4) {
      mode = 1;
    } else if (letters >= 4 && titles * 4 >= letters * 3) {
      mode = 2;
    }
    for (std::size_t i = s0; i < se && i < n; ++i) st.info[i].mode = mode;
    // Connectors between capitalised words ("Bank of England").
    for (std::size_t i = s0 + 1; i + 1 < se && i + 1 < n; ++i) {
      TokenInfo& t = st.info[i];
      if (!t.candidate && st.info[i - 1].candidate && st.info[i + 1].first_upper &&
          IsConnector(st.words[i]))
        t.candidate = true;
    }
    s0 = se;
  }
  // Pass 2: shapes, affixes, single-token cue words near candidates.
  for (std::size_t i = 0; i < n; ++i) {
    bool near = false;
    for (std::size_t k = (i >= 2 ? i - 2 : 0); k <= i + 2 && k < n; ++k)
      near |= st.info[k].candidate;
    if (!near) continue;
    TokenInfo& t = st.info[i];
    t.gaz_bits = gaz_.CueBits(t.lower);
    std::string_view w = st.words[i];
    t.shape = ShapeHash(w);
    if (!t.candidate || t.pre[0] != 0 || w.size() < 2) continue;
    // Connectors ("of", "de") have no upper case: their affixes come here.
    for (std::size_t k = 0; k < 4; ++k) {
      if (w.size() > k + 1) {
        t.pre[k] = HashBytes(w.substr(0, k + 1));
        t.suf[k] = HashBytes(w.substr(w.size() - k - 1));
      }
    }
  }
  // Pass 3: multi-token gazetteer matches, longest first, per entity kind.
  s0 = 0;
  const int maxlen = std::min(gaz_.max_tokens(), 8);
  for (std::uint32_t se : st.sent_end) {
    for (std::size_t j = s0; j < se && j < n; ++j) {
      if (!st.info[j].candidate) continue;
      std::uint64_t key = Gazetteer::SeqStart();
      int best[4] = {0, 0, 0, 0};  // loc, org, demonym, person
      for (int len = 1; len <= maxlen && j + len <= se; ++len) {
        key = HashMix(key, st.info[j + len - 1].lower);
        const auto* e = gaz_.Find(key);
        if (e == nullptr) break;
        if (e->bits & kGazLocMask) best[0] = len;
        if (e->bits & kGazOrgMask) best[1] = len;
        if (e->bits & kGazDemonym) best[2] = len;
        if (e->bits & kGazPerson) best[3] = len;
      }
      for (int c = 0; c < 4; ++c) {
        for (int k = 0; k < best[c]; ++k) {
          TokenInfo& t = st.info[j + k];
          std::uint8_t& slot = c == 0   ? t.gaz_loc
                               : c == 1 ? t.gaz_org
                               : c == 2 ? t.gaz_dem
                                        : t.gaz_per;
          if (slot == 0) slot = (k == 0) ? 1 : 2;
        }
      }
    }
    s0 = se;
  }
  // Pass 4: document-level case evidence.
  KeySet lower_forms(n), capmid(n / 4 + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const TokenInfo& t = st.info[i];
    if (t.has_lower && !t.first_upper && !t.candidate) lower_forms.Insert(t.lower);
    if (t.first_upper && t.has_lower && !t.sent_first && t.mode == 0) capmid.Insert(t.lower);
  }
  for (std::size_t i = 0; i < n; ++i) {
    TokenInfo& t = st.info[i];
    if (!t.candidate) continue;
    t.lower_seen = lower_forms.Contains(t.lower);
    t.cap_seen_mid = capmid.Contains(t.lower);
  }
  // History table sized for the candidates.
  std::size_t cands = 0;
  for (const auto& t : st.info) cands += t.candidate;
  std::size_t cap = 16;
  while (cap < 2 * cands + 2) cap <<= 1;
  st.hist_keys.assign(cap, 0);
  st.hist_counts.assign(cap * 5, 0);
}

void FeatureExtractor::Remember(DocState& st, std::size_t i, int tag) {
  if (st.hist_keys.empty()) return;
  std::uint64_t k = st.info[i].lower | 1;
  std::size_t m = st.hist_keys.size() - 1, s = k & m;
  while (st.hist_keys[s] != 0 && st.hist_keys[s] != k) s = (s + 1) & m;
  st.hist_keys[s] = k;
  ++st.hist_counts[s * 5 + TagType(tag)];
}

void FeatureExtractor::Features(const DocState& st, std::size_t i, int prev, int prev2,
                                std::vector<std::uint32_t>& out) const {
  const TokenInfo& t = st.info[i];
  const std::size_t n = st.words.size();
  // Neighbours within the sentence.
  auto at = [&](std::ptrdiff_t d) -> const TokenInfo* {
    std::ptrdiff_t k = static_cast<std::ptrdiff_t>(i) + d;
    if (k < 0 || k >= static_cast<std::ptrdiff_t>(n)) return nullptr;
    if (d < 0) {
      for (std::ptrdiff_t q = k + 1; q <= static_cast<std::ptrdiff_t>(i); ++q)
        if (st.info[q].sent_first) return nullptr;
    } else {
      for (std::ptrdiff_t q = static_cast<std::ptrdiff_t>(i) + 1; q <= k; ++q)
        if (st.info[q].sent_first) return nullptr;
    }
    return &st.info[k];
  };
  const TokenInfo* m1 = at(-1);
  const TokenInfo* m2 = m1 ? at(-2) : nullptr;
  const TokenInfo* p1 = at(1);
  const TokenInfo* p2 = p1 ? at(2) : nullptr;
  std::uint64_t lm1 = m1 ? m1->lower : kBos, lm2 = m2 ? m2->lower : kBos;
  std::uint64_t lp1 = p1 ? p1->lower : kEos, lp2 = p2 ? p2->lower : kEos;
  std::uint64_t sm1 = m1 ? m1->shape : kBos, sp1 = p1 ? p1->shape : kEos;

  out.push_back(F(1, 0));
  out.push_back(F(2, t.word));
  out.push_back(F(3, t.lower));
  out.push_back(F(4, t.shape));
  for (int k = 0; k < 4; ++k) {
    if (t.pre[k]) out.push_back(F(5 + k, t.pre[k]));
    if (t.suf[k]) out.push_back(F(9 + k, t.suf[k]));
  }
  out.push_back(F(13, lm1));
  out.push_back(F(14, lp1));
  out.push_back(F(15, lm2));
  out.push_back(F(16, lp2));
  out.push_back(F2(17, sm1, t.shape));
  out.push_back(F2(18, t.shape, sp1));
  out.push_back(F2(19, HashMix(sm1, t.shape), sp1));
  out.push_back(F2(20, lm1, t.lower));
  out.push_back(F2(21, t.lower, lp1));
  out.push_back(F(22, prev));
  out.push_back(F(23, prev * 16 + prev2));
  out.push_back(F2(24, prev, t.lower));
  out.push_back(F2(25, prev, t.shape));
  out.push_back(F2(26, t.sent_first, t.shape));
  out.push_back(F2(27, t.mode, t.shape));
  out.push_back(F2(28, t.mode, t.sent_first));
  out.push_back(F(29, t.gaz_loc));
  out.push_back(F(30, t.gaz_org));
  out.push_back(F(31, t.gaz_dem));
  out.push_back(F(32, t.gaz_per));
  out.push_back(F2(33, t.gaz_loc * 27 + t.gaz_org * 9 + t.gaz_dem * 3 + t.gaz_per, t.shape));
  out.push_back(F2(34, t.gaz_loc * 3 + t.gaz_org, prev));
  std::uint32_t cue_m1 = m1 ? m1->gaz_bits & (kGazTitle | kGazOrgHead | kGazVerb) : 0;
  std::uint32_t cue_m2 = m2 ? m2->gaz_bits & (kGazTitle | kGazOrgHead | kGazVerb) : 0;
  std::uint32_t cue_p1 = p1 ? p1->gaz_bits & (kGazTitle | kGazOrgHead | kGazVerb) : 0;
  std::uint32_t cue_p2 = p2 ? p2->gaz_bits & (kGazTitle | kGazOrgHead | kGazVerb) : 0;
  out.push_back(F(35, cue_m1));
  out.push_back(F(36, cue_m2));
  out.push_back(F(37, cue_p1));
  out.push_back(F(38, cue_p2));
  out.push_back(F(39, t.gaz_bits & (kGazTitle | kGazOrgHead | kGazVerb)));
  out.push_back(F(40, (t.lower_seen ? 1 : 0) + (t.sent_first ? 2 : 0) + t.mode * 4));
  out.push_back(F(41, (t.cap_seen_mid ? 1 : 0) + (t.sent_first ? 2 : 0) + t.mode * 4));
  // History: the type most often given to this word earlier in the document.
  int hist = 0;
  if (!st.hist_keys.empty()) {
    std::uint64_t k = t.lower | 1;
    std::size_t m = st.hist_keys.size() - 1, s = k & m;
    while (st.hist_keys[s] != 0 && st.hist_keys[s] != k) s = (s + 1) & m;
    if (st.hist_keys[s] == k) {
      int best = 0;
      for (int ty = 0; ty < 5; ++ty)
        if (st.hist_counts[s * 5 + ty] > st.hist_counts[s * 5 + best]) best = ty;
      hist = best + 1;
    }
  }
  out.push_back(F(42, hist));
  out.push_back(F2(43, hist, t.shape));
}

}  // namespace newsd::ner

namespace newsd::ner {

void TokenizeDocument(std::string_view text, const std::vector<Sentence>& sentences, DocState& st,
                      std::vector<TokenSpan>& spans) {
  st.words.clear();
  st.sent_end.clear();
  spans.clear();
  std::size_t done = 0;  // sentences out of order or overlapping are clipped
  for (const auto& s : sentences) {
    std::size_t b = std::max(s.start, done), e = std::min(s.end, text.size());
    if (b >= e) continue;
    done = e;
    std::size_t before = spans.size();
    Tokenize(text, b, e, spans);
    if (spans.size() == before) continue;
    st.sent_end.push_back(static_cast<std::uint32_t>(spans.size()));
  }
  st.words.reserve(spans.size());
  for (const auto& t : spans) st.words.push_back(text.substr(t.start, t.end - t.start));
}

}  // namespace newsd::ner
