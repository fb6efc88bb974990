// The quotation stage: direct quotes (see quote_marks.h for the marks) with
// their speaker, found from a reporting verb ("said", "told", "added",
// "according to", ...) in either order around the quote ("X said", "said X",
// "X, a spokesperson, said"), from the previous sentence when it introduces
// the quote ("Aliyev responded: ..."), or from a pronoun or role ("he", "the
// minister") resolved to the last matching person. A speaker that cannot be
// found is nullopt, never a guess. Quotes of three words or fewer with no
// speaker are scare quotes or titles and are dropped. The rules are in
// bench/facts_gold/GUIDELINE.md.
//
// Thread rules: immutable after construction; Extract may run concurrently.
#pragma once

#include <vector>

#include "core/model.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"

namespace newsd {

class QuoteExtractor {
 public:
  // `lang` must outlive the extractor (the tables in facts_lang.h are static).
  explicit QuoteExtractor(const FactLanguage& lang) : lang_(lang) {}

  // The quotes of `scan` in text order. `sentences` are byte spans of
  // scan.text in order (may be empty: then each paragraph is one sentence);
  // `entities` are the article's entities (may be empty).
  std::vector<Quote> Extract(const TextScan& scan, const std::vector<Sentence>& sentences,
                             const std::vector<Entity>& entities) const;

 private:
  const FactLanguage& lang_;
};

}  // namespace newsd
