// Fuzzes HTML -> text for feed fragments and whole pages (main content,
// metadata, normalisation, sentences, SimHash): no crash, no hang, valid
// UTF-8 out, sentence spans inside the text; the fast paths (text runs swapped
// out of Gumbo's input, own word breaks, piecewise case folding) give exactly
// what the plain implementations give.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/charset.h"
#include "extract/html_text.h"
#include "extract/normalize.h"
#include "extract/page.h"
#include "extract/simhash.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string text = newsd::HtmlFragmentToText(input);
  if (!newsd::IsValidUtf8(text)) std::abort();
  if (text != newsd::HtmlFragmentToTextReference(input)) std::abort();
  const std::string clean = newsd::ScrubUtf8(input);
  if (newsd::SimHash(clean) != newsd::SimHashReference(clean)) std::abort();
  if (newsd::ContentKey(clean) != newsd::ContentKeyReference(clean)) std::abort();
  const newsd::Article a = newsd::ExtractPage(input, "https://example.com/a");
  if (!newsd::IsValidUtf8(a.text) || !newsd::IsValidUtf8(a.title)) std::abort();
  for (const auto& s : a.sentences) {
    if (s.start >= s.end || s.end > a.text.size()) std::abort();
  }
  return 0;
}
