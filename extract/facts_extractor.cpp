#include "extract/facts_extractor.h"

#include "extract/date_extractor.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"
#include "extract/quantity_extractor.h"
#include "extract/quote_extractor.h"

namespace newsd {

FactExtractor::FactExtractor() = default;
FactExtractor::~FactExtractor() = default;

Result<std::unique_ptr<FactExtractor>> FactExtractor::Create() {
  auto splitter = SentenceSplitter::Create("en");
  if (!splitter) return Fail(splitter.error().Wrap("fact extractor"));
  std::unique_ptr<FactExtractor> fx(new FactExtractor());
  fx->splitter_ = std::move(*splitter);
  const FactLanguage& en = EnglishFacts();
  fx->quotes_ = std::make_unique<QuoteExtractor>(en);
  fx->quantities_ = std::make_unique<QuantityExtractor>(en);
  fx->dates_ = std::make_unique<DateExtractor>(en);
  return fx;
}

void FactExtractor::Extract(Article& article) const {
  article.quotes.clear();
  article.quantities.clear();
  article.dates.clear();
  if (article.text.empty()) return;
  if (!article.lang.empty() && FactLanguageFor(article.lang) == nullptr) return;
  TextScan scan(article.text, &EnglishFacts().lexicon);
  article.dates = dates_->Extract(scan, article.published);
  std::vector<Span> taken;
  taken.reserve(article.dates.size());
  for (const DateSpan& d : article.dates) taken.push_back({d.start, d.end});
  article.quantities = quantities_->Extract(scan, taken);
  const std::vector<Sentence>* sentences = &article.sentences;
  std::vector<Sentence> own;
  if (article.sentences.empty()) {
    own = splitter_->Split(article.text);
    sentences = &own;
  }
  article.quotes = quotes_->Extract(scan, *sentences, article.entities);
}

}  // namespace newsd
