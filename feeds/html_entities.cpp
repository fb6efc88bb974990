#include "feeds/html_entities.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace newsd {
namespace {

struct EntityRow {
  const char* name;
  const char* value;
  bool legacy;
};

constexpr EntityRow kEntities[] = {
#include "feeds/html_entities_table.inc"
};

const EntityRow* Find(std::string_view name) {
  const auto* end = std::end(kEntities);
  const auto* it = std::lower_bound(
      std::begin(kEntities), end, name,
      [](const EntityRow& r, std::string_view n) { return std::string_view(r.name) < n; });
  if (it == end || std::string_view(it->name) != name) return nullptr;
  return it;
}

// windows-1252 meanings of 0x80..0x9F (0 = undefined there).
constexpr std::uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::optional<std::string_view> LookupHtmlEntity(std::string_view name) {
  const EntityRow* r = Find(name);
  if (!r) return std::nullopt;
  return std::string_view(r->value);
}

bool IsLegacyHtmlEntity(std::string_view name) {
  const EntityRow* r = Find(name);
  return r && r->legacy;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendNumericReference(std::string& out, std::uint32_t cp) {
  if (cp >= 0x80 && cp <= 0x9F && kCp1252High[cp - 0x80] != 0) cp = kCp1252High[cp - 0x80];
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  AppendUtf8(out, cp);
}

}  // namespace newsd
