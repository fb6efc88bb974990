// Fuzzes HTML -> text for feed fragments and whole pages (main content,
// metadata, normalisation, sentences, SimHash): no crash, no hang, valid
// UTF-8 out, sentence spans inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extract/charset.h"
#include "extract/html_text.h"
#include "extract/page.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string text = newsd::HtmlFragmentToText(input);
  if (!newsd::IsValidUtf8(text)) std::abort();
  const newsd::Article a = newsd::ExtractPage(input, "https://example.com/a");
  if (!newsd::IsValidUtf8(a.text) || !newsd::IsValidUtf8(a.title)) std::abort();
  for (const auto& s : a.sentences) {
    if (s.start >= s.end || s.end > a.text.size()) std::abort();
  }
  return 0;
}
