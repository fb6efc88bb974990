#include "extract/stages.h"

#include "core/url.h"
#include "extract/charset.h"
#include "extract/html_document.h"
#include "extract/html_text.h"
#include "extract/language.h"
#include "extract/main_content.h"
#include "extract/metadata.h"
#include "extract/normalize.h"
#include "extract/sentences.h"
#include "extract/simhash.h"

namespace newsd {

void CanonicalUrlStage(Article& a) {
  if (a.canonical_url.empty() && !a.url.empty()) a.canonical_url = CanonicalizeUrl(a.url);
}

void HtmlTextStage(Article& a) {
  if (!a.html_is_full_page) a.text = HtmlFragmentToText(a.html);
}

void PageStage(Article& a, std::size_t min_chars) {
  if (!a.html_is_full_page) return;
  const std::string utf8 = ToUtf8(a.html);
  HtmlDocument doc(utf8);
  const PageMetadata meta = ExtractMetadata(doc.Root());
  MainContentOptions options;
  options.min_chars = min_chars;
  a.text = ExtractMainText(doc.Body(), options);
  if (a.text.size() < min_chars && meta.article_body.size() > a.text.size()) {
    a.text = HtmlFragmentToText(meta.article_body);
  }
  ApplyMetadata(meta, a);
}

void NormalizeStage(Article& a) {
  a.text = NormalizeText(a.text);
  std::string title = NormalizeText(a.title);
  for (char& c : title) {
    if (c == '\n') c = ' ';
  }
  a.title = std::move(title);
}

void ContentHashStage(Article& a) {
  a.content_hash = ContentHash(a.text.empty() ? a.title : a.text);
}

void LanguageStage(Article& a) {
  const std::string_view sample = LanguageSample(a.text, kLanguageSampleBytes);
  std::string input;
  if (a.text.empty()) {
    input = a.title;
  } else {
    input.reserve(a.title.size() + 2 + sample.size());
    input.append(a.title).append("\n\n").append(sample);
  }
  const LanguageGuess g = DetectLanguage(input, a.declared_language);
  a.lang = g.code;
  a.lang_reliable = g.reliable;
}

void SentencesStage(Article& a) { a.sentences = SplitSentences(a.text); }

void SimHashStage(Article& a) { a.simhash = SimHash(a.text.empty() ? a.title : a.text); }

}  // namespace newsd
