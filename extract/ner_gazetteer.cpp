#include "extract/ner_gazetteer.h"

#include <fstream>
#include <memory>
#include <sstream>

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <boost/json.hpp>

#include "extract/ner_text.h"
#include "extract/ner_tokenizer.h"

namespace newsd::ner {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<boost::json::value> ParseJson(const std::string& path) {
  auto body = Slurp(path);
  if (!body) return Fail(body.error());
  boost::system::error_code ec;
  auto v = boost::json::parse(*body, ec);
  if (ec) return Fail(ErrorKind::kParse, path + ": " + ec.message());
  return v;
}

std::string Str(const boost::json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return {};
  return std::string(it->value().as_string());
}

std::uint32_t BitsFor(std::string_view cat) {
  if (cat == "country") return kGazCountry;
  if (cat == "city") return kGazCity;
  if (cat == "place") return kGazPlace;
  if (cat == "org") return kGazOrg;
  if (cat == "agency") return kGazAgency;
  if (cat == "demonym") return kGazDemonym;
  if (cat == "title") return kGazTitle;
  if (cat == "orghead") return kGazOrgHead;
  if (cat == "verb") return kGazVerb;
  if (cat == "person") return kGazPerson;
  return 0;
}

}  // namespace

void Gazetteer::Add(std::string_view name, std::uint32_t bits, std::string_view canonical) {
  std::vector<TokenSpan> toks;
  Tokenize(name, 0, name.size(), toks);
  if (toks.empty()) return;
  std::uint64_t key = SeqStart();
  for (std::size_t k = 0; k < toks.size(); ++k) {
    const auto& t = toks[k];
    key = HashMix(key, HashBytes(ToLower(name.substr(t.start, t.end - t.start))));
    if (k + 1 < toks.size()) entries_.try_emplace(key);  // prefix marker (bits 0)
  }
  if (toks.size() == 1 && (bits & (kGazTitle | kGazOrgHead | kGazVerb)))
    cue_words_.emplace_back(
        HashBytes(ToLower(name.substr(toks[0].start, toks[0].end - toks[0].start))),
        bits & (kGazTitle | kGazOrgHead | kGazVerb));
  Entry& e = entries_[key];
  if (e.bits == 0 || e.canonical.empty()) e.canonical = std::string(canonical);
  e.bits |= bits;
  e.tokens = static_cast<int>(toks.size());
  if (e.tokens > max_tokens_) max_tokens_ = e.tokens;
}

void Gazetteer::Freeze() {
  std::size_t cap = 16;
  while (cap < entries_.size() * 2) cap <<= 1;
  slots_.assign(cap, Slot{});
  for (const auto& [key, e] : entries_) {
    std::size_t i = key & (cap - 1);
    while (slots_[i].entry != nullptr) i = (i + 1) & (cap - 1);
    slots_[i] = Slot{key, &e};
  }
  // Single-token cue words, keyed by the token hash (not the sequence key).
  cap = 16;
  while (cap < cue_words_.size() * 2 + 2) cap <<= 1;
  cue_keys_.assign(cap, 0);
  cue_bits_.assign(cap, 0);
  for (const auto& [h, b] : cue_words_) {
    std::size_t i = h & (cap - 1);
    while (cue_keys_[i] != 0 && cue_keys_[i] != h) i = (i + 1) & (cap - 1);
    cue_keys_[i] = h;
    cue_bits_[i] |= b;
  }
}

Result<Gazetteer> Gazetteer::Load(const GazetteerSources& src) {
  Gazetteer g;
  // Curated names first: their canonical forms ("Iran", "United States") win.
  if (!src.curated_tsv.empty()) {
    auto body = Slurp(src.curated_tsv);
    if (!body) return Fail(body.error());
    std::istringstream in(*body);
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      if (line.empty() || line[0] == '#') continue;
      auto t1 = line.find('\t');
      if (t1 == std::string::npos)
        return Fail(ErrorKind::kParse, src.curated_tsv + ":" + std::to_string(lineno) + ": no tab");
      auto t2 = line.find('\t', t1 + 1);
      std::string cat = line.substr(0, t1);
      std::string canonical =
          line.substr(t1 + 1, t2 == std::string::npos ? std::string::npos : t2 - t1 - 1);
      std::uint32_t bits = BitsFor(cat);
      if (bits == 0)
        return Fail(ErrorKind::kParse, src.curated_tsv + ":" + std::to_string(lineno) +
                                           ": unknown category '" + cat + "'");
      if (t2 != std::string::npos) {
        std::string aliases = line.substr(t2 + 1);
        std::size_t p = 0;
        while (p <= aliases.size()) {
          auto bar = aliases.find('|', p);
          std::string a = aliases.substr(p, bar == std::string::npos ? std::string::npos : bar - p);
          if (!a.empty()) g.Add(a, bits, canonical);
          if (bar == std::string::npos) break;
          p = bar + 1;
        }
      }
      // A demonym's canonical is its country: the name itself is the first alias.
      if (bits != kGazDemonym) g.Add(canonical, bits, canonical);
    }
  }
  // ISO 3166-1 countries.
  {
    auto v = ParseJson(src.iso_codes_dir + "/iso_3166-1.json");
    if (!v) return Fail(v.error());
    const auto* arr = v->as_object().if_contains("3166-1");
    if (arr == nullptr || !arr->is_array())
      return Fail(ErrorKind::kParse, src.iso_codes_dir + "/iso_3166-1.json: no 3166-1 array");
    for (const auto& item : arr->as_array()) {
      const auto& o = item.as_object();
      std::string name = Str(o, "name"), common = Str(o, "common_name"),
                  official = Str(o, "official_name");
      std::string canonical = !common.empty()                       ? common
                              : name.find(',') == std::string::npos ? name
                              : !official.empty()                   ? official
                                                                    : name;
      for (const auto& n : {name, common, official})
        if (!n.empty() && n.find(',') == std::string::npos) g.Add(n, kGazCountry, canonical);
    }
  }
  // ISO 3166-2 subdivisions, with an ASCII-folded variant ("Ağdam" -> "Agdam").
  {
    auto v = ParseJson(src.iso_codes_dir + "/iso_3166-2.json");
    if (!v) return Fail(v.error());
    const auto* arr = v->as_object().if_contains("3166-2");
    if (arr == nullptr || !arr->is_array())
      return Fail(ErrorKind::kParse, src.iso_codes_dir + "/iso_3166-2.json: no 3166-2 array");
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> fold(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) fold.reset();
    for (const auto& item : arr->as_array()) {
      std::string name = Str(item.as_object(), "name");
      auto paren = name.find(" (");
      if (paren != std::string::npos) name = name.substr(0, paren);
      if (name.empty()) continue;
      g.Add(name, kGazSubdivision, name);
      if (fold) {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(name);
        fold->transliterate(u);
        std::string ascii;
        u.toUTF8String(ascii);
        if (ascii != name) g.Add(ascii, kGazSubdivision, name);
      }
    }
  }
  // tzdata zone cities: "Asia/Baku" -> "Baku".
  {
    std::string path = src.zoneinfo_dir + "/zone1970.tab";
    auto body = Slurp(path);
    if (!body) return Fail(body.error());
    std::istringstream in(*body);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string cc, coord, zone;
      if (!(fields >> cc >> coord >> zone)) continue;
      std::string city = zone.substr(zone.rfind('/') + 1);
      for (auto& c : city)
        if (c == '_') c = ' ';
      g.Add(city, kGazCity, city);
    }
  }
  g.Freeze();
  return g;
}

}  // namespace newsd::ner
