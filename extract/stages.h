// The default pipeline stages (see extract/pipeline.h for the order). Each
// is a pure function of the Article so far: no I/O, thread-safe. Exposed so
// each can be tested and reused alone.
#pragma once

#include <cstddef>

#include "core/model.h"

namespace newsd {

// canonical_url = CanonicalizeUrl(url) unless already set (e.g. by the feed).
void CanonicalUrlStage(Article& a);

// Feed items (html_is_full_page false): text = HtmlFragmentToText(html).
void HtmlTextStage(Article& a);

// Full pages (html_is_full_page true): charset to UTF-8, one Gumbo parse,
// text = ExtractMainText (JSON-LD articleBody when that is longer and the
// extracted text is under `min_chars`), metadata applied over the feed's
// values (ApplyMetadata: the page's canonical link wins).
void PageStage(Article& a, std::size_t min_chars);

// text and title: NormalizeText (title on one line).
void NormalizeStage(Article& a);

// content_hash = ContentHash(text), or of the title when there is no text.
void ContentHashStage(Article& a);

// lang, lang_reliable = DetectLanguage(title + "\n\n" + LanguageSample(text,
// kLanguageSampleBytes), declared_language): CLD2 on a bounded sample.
void LanguageStage(Article& a);

// sentences = SplitSentences(text).
void SentencesStage(Article& a);

// simhash = SimHash(text), or of the title when there is no text.
void SimHashStage(Article& a);

}  // namespace newsd
