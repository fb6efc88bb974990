// Fuzzes the entity recogniser with arbitrary bytes as article text: it must
// not crash, and every entity must be an in-range, non-overlapping span whose
// text equals the article's bytes there.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "extract/entity_recognizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::unique_ptr<newsd::EntityRecognizer> rec = [] {
    newsd::EntityOptions o;
    o.declared = {{"Fuzz Name", newsd::EntityType::kPerson, {"FN"}}};
    auto r = newsd::EntityRecognizer::Create(o);
    if (!r) std::abort();
    return std::move(*r);
  }();
  newsd::Article a;
  a.text.assign(reinterpret_cast<const char*>(data), size);
  rec->Recognize(a);
  std::size_t last = 0;
  for (const auto& e : a.entities) {
    if (e.start < last || e.end < e.start || e.end > a.text.size()) std::abort();
    if (a.text.compare(e.start, e.end - e.start, e.text) != 0) std::abort();
    last = e.end;
  }
  return 0;
}
