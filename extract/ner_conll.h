// Reading CoNLL-2003 style files ("WORD ... TAG" per line, blank line between
// sentences, -DOCSTART- between documents) and scoring entity chunks the
// conlleval way (exact match of type and token span). Used by the trainer,
// bench/conll_eval and the tests. Pure functions, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd::ner {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<std::string> tags;  // last column: IOB1 or IOB2 ("I-PER", "B-LOC", "O")
};
struct ConllDocument {
  std::vector<ConllSentence> sentences;
};

// Parses CoNLL text; a line with fewer than two columns is a kParse error.
Result<std::vector<ConllDocument>> ParseConll(const std::string& content);
Result<std::vector<ConllDocument>> ReadConllFile(const std::string& path);

// An entity chunk over token indexes of one document: [begin, end), type.
struct Chunk {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string type;  // "PER", "ORG", "LOC", "MISC"
  bool operator==(const Chunk& o) const {
    return begin == o.begin && end == o.end && type == o.type;
  }
};

// Chunks of a tag sequence (IOB1 or IOB2, conlleval rules), indexes offset by `base`.
std::vector<Chunk> TagsToChunks(const std::vector<std::string>& tags, std::size_t base);

// The document as an article text: tokens joined by spaces, sentences by
// "\n"; fills `sentences` and the byte span of every token (document order).
std::string DocumentText(const ConllDocument& doc, std::vector<Sentence>& sentences,
                         std::vector<Span>& token_spans);

// Per-type counts for precision/recall/F1.
struct ChunkCounts {
  std::size_t gold = 0, predicted = 0, correct = 0;
  double Precision() const { return predicted ? double(correct) / predicted : 0; }
  double Recall() const { return gold ? double(correct) / gold : 0; }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

}  // namespace newsd::ner
