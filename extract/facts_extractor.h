// The fact stage of the pipeline: quotations with speakers, quantities and
// dates of an article (see quote_extractor.h, quantity_extractor.h,
// date_extractor.h for the rules; bench/facts_gold/GUIDELINE.md for the
// annotation guideline they are measured against).
//
//   auto fx = FactExtractor::Create();
//   if (!fx) { log(fx.error().message); ... }
//   (*fx)->Extract(article);   // fills article.quotes, .quantities, .dates
//
// Input: Article::text (paragraphs split by "\n\n"), Article::sentences (byte
// spans; split with ICU when empty), Article::lang (keyword tables; English
// when empty or unknown), Article::published (anchors relative dates) and
// Article::entities (PERSON canonical names for speakers; may be empty).
//
// Thread rules: immutable after Create; Extract may run on many threads at
// once with different articles.
#pragma once

#include <memory>
#include <vector>

#include "core/model.h"
#include "core/result.h"

namespace newsd {

class SentenceSplitter;
class QuoteExtractor;
class QuantityExtractor;
class DateExtractor;

class FactExtractor {
 public:
  // Builds the extractor with the English tables and ICU's English sentence
  // rules. Fails with kInternal when ICU data is missing.
  static Result<std::unique_ptr<FactExtractor>> Create();
  ~FactExtractor();
  FactExtractor(const FactExtractor&) = delete;
  FactExtractor& operator=(const FactExtractor&) = delete;

  // Replaces article.quotes, article.quantities and article.dates with what
  // the text holds. Articles in a language without tables (article.lang set
  // and not supported) get empty lists. Never fails; offsets are always byte
  // offsets into article.text on code point boundaries.
  void Extract(Article& article) const;

 private:
  FactExtractor();
  std::unique_ptr<SentenceSplitter> splitter_;
  std::unique_ptr<QuoteExtractor> quotes_;
  std::unique_ptr<QuantityExtractor> quantities_;
  std::unique_ptr<DateExtractor> dates_;
};

}  // namespace newsd
