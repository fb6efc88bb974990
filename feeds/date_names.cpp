#include "feeds/date_names.h"

#include <unicode/unistr.h>

namespace newsd {
namespace {

using std::string_view;

struct NameValue {
  const char* name;
  int value;
};

// Month names and abbreviations (lower case) -> 1..12.
constexpr NameValue kMonths[] = {
    // English
    {"jan", 1},
    {"january", 1},
    {"feb", 2},
    {"february", 2},
    {"mar", 3},
    {"march", 3},
    {"apr", 4},
    {"april", 4},
    {"may", 5},
    {"jun", 6},
    {"june", 6},
    {"jul", 7},
    {"july", 7},
    {"aug", 8},
    {"august", 8},
    {"sep", 9},
    {"sept", 9},
    {"september", 9},
    {"oct", 10},
    {"october", 10},
    {"nov", 11},
    {"november", 11},
    {"dec", 12},
    {"december", 12},
    // French
    {"janv", 1},
    {"janvier", 1},
    {"févr", 2},
    {"fevr", 2},
    {"février", 2},
    {"fevrier", 2},
    {"mars", 3},
    {"avr", 4},
    {"avril", 4},
    {"mai", 5},
    {"juin", 6},
    {"juil", 7},
    {"juillet", 7},
    {"août", 8},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"déc", 12},
    {"décembre", 12},
    {"decembre", 12},
    // German
    {"januar", 1},
    {"jänner", 1},
    {"jän", 1},
    {"februar", 2},
    {"märz", 3},
    {"mär", 3},
    {"mrz", 3},
    {"juni", 6},
    {"juli", 7},
    {"okt", 10},
    {"oktober", 10},
    {"dez", 12},
    {"dezember", 12},
    // Spanish
    {"ene", 1},
    {"enero", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abr", 4},
    {"abril", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"ago", 8},
    {"agosto", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"dic", 12},
    {"diciembre", 12},
    // Italian
    {"gen", 1},
    {"gennaio", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"mag", 5},
    {"maggio", 5},
    {"giu", 6},
    {"giugno", 6},
    {"lug", 7},
    {"luglio", 7},
    {"set", 9},
    {"settembre", 9},
    {"ott", 10},
    {"ottobre", 10},
    {"dicembre", 12},
    // Portuguese
    {"janeiro", 1},
    {"fev", 2},
    {"fevereiro", 2},
    {"março", 3},
    {"marco", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"out", 10},
    {"outubro", 10},
    {"novembro", 11},
    {"dezembro", 12},
    // Dutch
    {"januari", 1},
    {"februari", 2},
    {"maart", 3},
    {"mrt", 3},
    {"mei", 5},
    {"augustus", 8},
    // Russian (nominative, genitive, abbreviations)
    {"январь", 1},
    {"января", 1},
    {"янв", 1},
    {"февраль", 2},
    {"февраля", 2},
    {"фев", 2},
    {"март", 3},
    {"марта", 3},
    {"мар", 3},
    {"апрель", 4},
    {"апреля", 4},
    {"апр", 4},
    {"май", 5},
    {"мая", 5},
    {"июнь", 6},
    {"июня", 6},
    {"июн", 6},
    {"июль", 7},
    {"июля", 7},
    {"июл", 7},
    {"август", 8},
    {"августа", 8},
    {"авг", 8},
    {"сентябрь", 9},
    {"сентября", 9},
    {"сен", 9},
    {"октябрь", 10},
    {"октября", 10},
    {"окт", 10},
    {"ноябрь", 11},
    {"ноября", 11},
    {"ноя", 11},
    {"декабрь", 12},
    {"декабря", 12},
    {"дек", 12},
    // Greek
    {"ιαν", 1},
    {"φεβ", 2},
    {"μάρ", 3},
    {"μαρ", 3},
    {"απρ", 4},
    {"μάι", 5},
    {"μαϊ", 5},
    {"μαι", 5},
    {"μάϊ", 5},
    {"ιούν", 6},
    {"ιουν", 6},
    {"ιον", 6},
    {"ιούλ", 7},
    {"ιουλ", 7},
    {"ιολ", 7},
    {"αύγ", 8},
    {"αυγ", 8},
    {"σεπ", 9},
    {"οκτ", 10},
    {"νοέ", 11},
    {"νοε", 11},
    {"δεκ", 12},
    // Hungarian
    {"január", 1},
    {"február", 2},
    {"március", 3},
    {"április", 4},
    {"május", 5},
    {"június", 6},
    {"július", 7},
    {"augusztus", 8},
    {"szeptember", 9},
    {"október", 10},
    // Turkish
    {"ocak", 1},
    {"şubat", 2},
    {"mart", 3},
    {"nisan", 4},
    {"mayıs", 5},
    {"haziran", 6},
    {"temmuz", 7},
    {"ağustos", 8},
    {"eylül", 9},
    {"ekim", 10},
    {"kasım", 11},
    {"aralık", 12},
};

// Named zones (lower case) -> offset in minutes east of UTC.
constexpr NameValue kZones[] = {
    {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"z", 0},      {"etc/gmt", 0}, {"etc/utc", 0},
    {"wet", 0},    {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},  {"mst", -420},
    {"mdt", -360}, {"pst", -480}, {"pdt", -420}, {"at", -240},  {"et", -300},   {"ct", -360},
    {"mt", -420},  {"pt", -480},  {"ast", -240}, {"adt", -180}, {"akst", -540}, {"akdt", -480},
    {"hst", -600}, {"nst", -210}, {"ndt", -150}, {"met", 60},   {"mest", 120},  {"cet", 60},
    {"cest", 120}, {"eet", 120},  {"eest", 180}, {"west", 60},  {"bst", 60},    {"ist", 330},
    {"msk", 180},  {"msd", 240},  {"jst", 540},  {"kst", 540},  {"hkt", 480},   {"sgt", 480},
    {"awst", 480}, {"acst", 570}, {"aest", 600}, {"aedt", 660}, {"nzst", 720},  {"nzdt", 780},
};

std::optional<int> Lookup(const NameValue* table, std::size_t n, string_view key) {
  for (std::size_t i = 0; i < n; ++i) {
    if (key == table[i].name) return table[i].value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> MonthByName(string_view w) {
  return Lookup(kMonths, sizeof kMonths / sizeof kMonths[0], w);
}

// RFC 822 military zones: Z = 0, A..M = -1..-12 (no J), N..Y = +1..+12.
std::optional<int> ZoneByName(string_view w) {
  if (auto z = Lookup(kZones, sizeof kZones / sizeof kZones[0], w)) return z;
  if (w.size() == 1 && w[0] >= 'a' && w[0] <= 'y' && w[0] != 'j') {
    const char c = w[0];
    if (c <= 'i') return -60 * (c - 'a' + 1);
    if (c <= 'm') return -60 * (c - 'a');
    return 60 * (c - 'n' + 1);
  }
  return std::nullopt;
}

std::string LowerWord(string_view w) {
  bool ascii = true;
  for (char c : w) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string out;
  if (ascii) {
    out.assign(w);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
  } else {
    icu::UnicodeString u =
        icu::UnicodeString::fromUTF8(icu::StringPiece(w.data(), static_cast<int32_t>(w.size())));
    u.toLower();
    u.toUTF8String(out);
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace newsd
