// Trains the entity tagger (averaged perceptron, greedy BIO decoding) on a
// CoNLL-2003 training file and writes extract/data/ner_model.bin.
//   ner_train_bench TRAIN.conll OUT.bin [epochs] [dev.conll]
// Run through bench/train_ner. Only eng.train may be used to train: the dev
// file, when given, is only scored after each epoch to watch convergence.
#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "extract/ner_conll.h"
#include "extract/ner_features.h"
#include "extract/ner_gazetteer.h"
#include "extract/ner_model.h"

using namespace newsd;
using namespace newsd::ner;

namespace {

struct Prepared {
  std::string text;
  DocState st;
  std::vector<int> gold;  // BIO tags per production token
};

int TagOf(const std::string& type, bool begin) {
  int base = type == "PER" ? kBPer : type == "ORG" ? kBOrg : type == "LOC" ? kBLoc : kBMisc;
  return begin ? base : base + 1;
}

// Production tokens of the document with gold BIO tags from the CoNLL tokens.
void PrepareDoc(const ConllDocument& doc, const FeatureExtractor& fx, Prepared& p) {
  std::vector<Sentence> sents;
  std::vector<Span> conll_spans;
  p.text = DocumentText(doc, sents, conll_spans);
  std::vector<std::string> tags;
  for (const auto& s : doc.sentences) tags.insert(tags.end(), s.tags.begin(), s.tags.end());
  // Per CoNLL token: tag and whether it begins its chunk.
  std::vector<int> ctag(tags.size(), kO);
  for (const auto& c : TagsToChunks(tags, 0))
    for (std::size_t i = c.begin; i < c.end; ++i) ctag[i] = TagOf(c.type, i == c.begin);
  std::vector<TokenSpan> spans;
  TokenizeDocument(p.text, sents, p.st, spans);
  fx.Prepare(p.st);
  p.gold.assign(spans.size(), kO);
  std::size_t ci = 0;
  for (std::size_t t = 0; t < spans.size(); ++t) {
    while (ci < conll_spans.size() && conll_spans[ci].end <= spans[t].start) ++ci;
    if (ci >= conll_spans.size()) break;
    int g = ctag[ci];
    if (g != kO && spans[t].start > conll_spans[ci].start && g % 2 == 1) g += 1;  // later piece: I-
    p.gold[t] = g;
  }
  // Gold tags must be valid BIO after tokenisation.
  for (std::size_t t = 0; t < p.gold.size(); ++t) {
    int prev = t > 0 && !p.st.info[t].sent_first ? p.gold[t - 1] : kO;
    if (!TagAllowed(prev, p.gold[t])) p.gold[t] -= 1;
  }
}

struct Param {
  float w[kNumTags] = {};
  double total[kNumTags] = {};
  long long stamp[kNumTags] = {};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s TRAIN.conll OUT.bin [epochs] [dev.conll]\n", argv[0]);
    return 2;
  }
  int epochs = argc > 3 ? std::atoi(argv[3]) : 10;
  GazetteerSources src;
  src.curated_tsv = NEWSD_SOURCE_DIR "/extract/data/gazetteer.tsv";
  auto gaz = Gazetteer::Load(src);
  if (!gaz) {
    std::fprintf(stderr, "%s\n", gaz.error().message.c_str());
    return 1;
  }
  FeatureExtractor fx(*gaz);
  auto train = ReadConllFile(argv[1]);
  if (!train) {
    std::fprintf(stderr, "%s\n", train.error().message.c_str());
    return 1;
  }
  std::vector<Prepared> docs(train->size());
  for (std::size_t d = 0; d < train->size(); ++d) PrepareDoc((*train)[d], fx, docs[d]);
  std::vector<Prepared> dev;
  if (argc > 4) {
    auto dv = ReadConllFile(argv[4]);
    if (dv) {
      dev.resize(dv->size());
      for (std::size_t d = 0; d < dv->size(); ++d) PrepareDoc((*dv)[d], fx, dev[d]);
    }
  }
  std::unordered_map<std::uint32_t, Param> params;
  params.reserve(1 << 21);
  long long clock = 0;
  std::mt19937 rng(7);
  std::vector<std::size_t> order(docs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<int> tags;
  auto score = [&](const std::vector<std::uint32_t>& f, float* s) {
    for (auto k : f) {
      auto it = params.find(k);
      if (it == params.end()) continue;
      for (int t = 0; t < kNumTags; ++t) s[t] += it->second.w[t];
    }
  };
  auto upd = [&](Param& p, int t, float v) {
    p.total[t] += static_cast<double>(clock - p.stamp[t]) * p.w[t];
    p.stamp[t] = clock;
    p.w[t] += v;
  };
  for (int e = 0; e < epochs; ++e) {
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t errors = 0, seen = 0;
    for (std::size_t d : order) {
      Prepared& p = docs[d];
      fx.Prepare(p.st);
      DecodeDocument(fx, p.st, tags, score,
                     [&](std::size_t i, int best, const std::vector<std::uint32_t>& f) {
                       ++clock;
                       ++seen;
                       int g = p.gold[i];
                       if (best != g) {
                         ++errors;
                         for (auto k : f) {
                           Param& pr = params[k];
                           upd(pr, g, 1.0f);
                           upd(pr, best, -1.0f);
                         }
                       }
                       return best;
                     });
    }
    std::fprintf(stderr, "epoch %d: %zu/%zu token errors, %zu features\n", e + 1, errors, seen,
                 params.size());
  }
  std::vector<std::pair<std::uint32_t, NerModel::Weights>> avg;
  avg.reserve(params.size());
  for (auto& [k, p] : params) {
    NerModel::Weights w{};
    for (int t = 0; t < kNumTags; ++t) {
      double tot = p.total[t] + static_cast<double>(clock - p.stamp[t]) * p.w[t];
      w[t] = static_cast<float>(tot / static_cast<double>(clock));
    }
    avg.emplace_back(k, w);
  }
  float min_abs = argc > 5 ? std::stof(argv[5]) : 1.0f;
  auto kept = NerModel::Save(argv[2], avg, min_abs);
  if (!kept) {
    std::fprintf(stderr, "%s\n", kept.error().message.c_str());
    return 1;
  }
  std::fprintf(stderr, "wrote %s: %zu of %zu features\n", argv[2], *kept, avg.size());
  {
    // Words used in lower case at least 3 times in the training text (as
    // hashes only): Title Case headlines made only of them are not names.
    std::unordered_map<std::uint64_t, int> lower_counts;
    for (const auto& p : docs)
      for (std::size_t i = 0; i < p.st.words.size(); ++i)
        if (p.st.info[i].has_lower && !p.st.info[i].first_upper) ++lower_counts[p.st.info[i].lower];
    std::vector<std::uint64_t> common;
    for (const auto& [h, c] : lower_counts)
      if (c >= 3) common.push_back(h);
    std::string path = std::string(argv[2]);
    path = path.substr(0, path.rfind('/') + 1) + "ner_common_words.bin";
    auto st = SaveCommonWords(path, common);
    if (!st) {
      std::fprintf(stderr, "%s\n", st.error().message.c_str());
      return 1;
    }
    std::fprintf(stderr, "wrote %s: %zu words\n", path.c_str(), common.size());
  }
  if (!dev.empty()) {
    auto model = NerModel::Load(argv[2]);
    if (!model) return 1;
    std::size_t gold = 0, pred = 0, ok = 0;
    for (auto& p : dev) {
      fx.Prepare(p.st);
      DecodeDocument(
          fx, p.st, tags,
          [&](const std::vector<std::uint32_t>& f, float* s) { model->Score(f, s); },
          [](std::size_t, int best, const std::vector<std::uint32_t>&) { return best; });
      // Token-level chunk comparison (PER/ORG/LOC) on production tokens.
      auto chunks = [&](const std::vector<int>& t) {
        std::vector<std::string> s;
        for (int x : t) {
          int ty = TagType(x);
          s.push_back(x == kO || ty == kTypeMisc
                          ? "O"
                          : std::string(TagIsInside(x) ? "I-" : "B-") + (ty == kTypePer   ? "PER"
                                                                         : ty == kTypeOrg ? "ORG"
                                                                                          : "LOC"));
        }
        return TagsToChunks(s, 0);
      };
      auto g = chunks(p.gold), pr = chunks(tags);
      gold += g.size();
      pred += pr.size();
      for (const auto& c : pr)
        if (std::find(g.begin(), g.end(), c) != g.end()) ++ok;
    }
    double P = double(ok) / pred, R = double(ok) / gold;
    std::fprintf(stderr, "dev (token level): P=%.4f R=%.4f F1=%.4f\n", P, R, 2 * P * R / (P + R));
  }
  return 0;
}
