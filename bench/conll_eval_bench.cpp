// Runs the production EntityRecognizer over a CoNLL-format file and prints
// conlleval-style precision/recall/F1 for PER, ORG and LOC (MISC ignored).
// Each -DOCSTART- document becomes one article: tokens joined by spaces,
// sentences by newlines (given as Article::sentences). A CoNLL token belongs
// to a predicted entity when its bytes overlap the entity's span.
//   conll_eval_bench FILE     (see bench/conll_eval)
// NER_NO_ROLES=1 turns off role mentions ("the spokesperson"), which CoNLL
// does not annotate (they cost 0.001 F1 on eng.testa).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "extract/entity_recognizer.h"
#include "extract/ner_conll.h"

using namespace newsd;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  auto docs = ner::ReadConllFile(argv[1]);
  if (!docs) {
    std::fprintf(stderr, "%s\n", docs.error().message.c_str());
    return 1;
  }
  EntityOptions opts;
  opts.role_mentions = std::getenv("NER_NO_ROLES") == nullptr;
  auto rec = EntityRecognizer::Create(opts);
  if (!rec) {
    std::fprintf(stderr, "%s\n", rec.error().message.c_str());
    return 1;
  }
  std::map<std::string, ner::ChunkCounts> counts;
  for (const auto& doc : *docs) {
    Article a;
    std::vector<Span> tok;
    a.text = ner::DocumentText(doc, a.sentences, tok);
    (*rec)->Recognize(a);
    std::vector<std::string> gold_tags, pred_tags(tok.size(), "O");
    for (const auto& s : doc.sentences)
      gold_tags.insert(gold_tags.end(), s.tags.begin(), s.tags.end());
    for (const auto& e : a.entities) {
      const char* type = e.type == EntityType::kPerson ? "PER"
                         : e.type == EntityType::kOrg  ? "ORG"
                                                       : "LOC";
      bool first = true;
      for (std::size_t i = 0; i < tok.size(); ++i) {
        if (tok[i].start < e.end && e.start < tok[i].end) {
          pred_tags[i] = std::string(first ? "B-" : "I-") + type;
          first = false;
        }
      }
    }
    auto gold = ner::TagsToChunks(gold_tags, 0);
    auto pred = ner::TagsToChunks(pred_tags, 0);
    for (const auto& c : gold)
      if (c.type != "MISC") ++counts[c.type].gold;
    for (const auto& c : pred) {
      ++counts[c.type].predicted;
      for (const auto& g : gold)
        if (g == c) ++counts[c.type].correct;
    }
  }
  ner::ChunkCounts all;
  for (const char* t : {"PER", "ORG", "LOC"}) {
    const auto& c = counts[t];
    all.gold += c.gold;
    all.predicted += c.predicted;
    all.correct += c.correct;
    std::printf("%-4s precision=%.4f recall=%.4f f1=%.4f (gold %zu, predicted %zu, correct %zu)\n",
                t, c.Precision(), c.Recall(), c.F1(), c.gold, c.predicted, c.correct);
  }
  std::printf("all  precision=%.4f recall=%.4f (gold %zu, predicted %zu, correct %zu)\n",
              all.Precision(), all.Recall(), all.gold, all.predicted, all.correct);
  std::printf("f1=%.3f\n", all.F1());
  return 0;
}
