#include "extract/facts_lang.h"

#include <algorithm>
#include <deque>
#include <iterator>
#include <string>

namespace newsd {
namespace {

// Adds `base` and its regular inflections (-s, -ed, -ing) to `out`; the
// strings live in `owned` (a deque: stable addresses).
void InflectVerb(std::string_view base, std::unordered_set<std::string_view>& out,
                 std::deque<std::string>& owned) {
  // The bare form only where it is no noun too ("insist", not "report", "state").
  static constexpr std::string_view kBareToo[] = {
      "say",  "tell",  "add",   "ask",       "insist",  "argue", "explain",
      "warn", "admit", "write", "reiterate", "concede", "stress"};
  bool base_too = std::find(std::begin(kBareToo), std::end(kBareToo), base) != std::end(kBareToo);
  std::string b(base);
  bool e = b.back() == 'e';
  bool y = b.size() > 2 && b.back() == 'y' &&
           std::string_view("aeiou").find(b[b.size() - 2]) == std::string_view::npos;
  bool sib = b.ends_with("s") || b.ends_with("sh") || b.ends_with("ch") || b.ends_with("x") ||
             b.ends_with("o");
  std::string stem = y ? b.substr(0, b.size() - 1) + "i" : b;
  std::string forms[] = {
      b,
      y     ? stem + "es"
      : sib ? b + "es"
            : b + "s",
      e ? b + "d" : stem + "ed",
      e && b.size() > 2 && !b.ends_with("ee") ? b.substr(0, b.size() - 1) + "ing" : b + "ing"};
  for (std::size_t i = base_too ? 0 : 1; i < 4; ++i) {
    out.insert(owned.emplace_back(std::move(forms[i])));
  }
}

FactLanguage MakeEnglish() {
  FactLanguage l;
  l.code = "en";
  l.number_words = {{"one", 1},        {"two", 2},       {"three", 3},     {"four", 4},
                    {"five", 5},       {"six", 6},       {"seven", 7},     {"eight", 8},
                    {"nine", 9},       {"ten", 10},      {"eleven", 11},   {"twelve", 12},
                    {"thirteen", 13},  {"fourteen", 14}, {"fifteen", 15},  {"sixteen", 16},
                    {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20},
                    {"thirty", 30},    {"forty", 40},    {"fifty", 50},    {"sixty", 60},
                    {"seventy", 70},   {"eighty", 80},   {"ninety", 90}};
  l.scale_words = {{"hundred", 1e2},   {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9},
                   {"trillion", 1e12}, {"dozen", 12},     {"bn", 1e9},      {"m", 1e6},
                   {"mn", 1e6},        {"mln", 1e6},      {"k", 1e3},       {"tn", 1e12},
                   {"trn", 1e12},      {"bln", 1e9}};
  l.indefinite_one = {"a", "an", "one"};
  l.approx_before = {"about",      "around",       "roughly",    "approximately", "over",
                     "more than",  "nearly",       "almost",     "at least",      "some",
                     "up to",      "an estimated", "estimated",  "close to",      "less than",
                     "fewer than", "just over",    "just under", "upwards of",    "in excess of",
                     "as many as", "as much as",   "approx",     "circa",         "under",
                     "almost",     "nearly"};
  l.approx_after = {"or so", "or more", "plus"};
  l.currency_words = {{"dollars", "USD"}, {"dollar", "USD"},   {"usd", "USD"},
                      {"euros", "EUR"},   {"euro", "EUR"},     {"eur", "EUR"},
                      {"gbp", "GBP"},     {"sterling", "GBP"}, {"yen", "JPY"},
                      {"yuan", "CNY"},    {"renminbi", "CNY"}, {"rupees", "INR"},
                      {"rupee", "INR"},   {"roubles", "RUB"},  {"rubles", "RUB"},
                      {"francs", "CHF"},  {"manat", "AZN"},    {"rials", "IRR"},
                      {"shekels", "ILS"}, {"lira", "TRY"},     {"won", "KRW"}};
  l.percent_words = {"percent", "pct", "%"};
  l.glued_units = {"km", "kg", "mm", "cm",  "m",  "g",  "mph", "kmh", "kph", "gb", "mb", "tb",
                   "mw", "gw", "kw", "kwh", "ft", "lb", "lbs", "ml",  "l",   "t",  "mi"};
  l.plural_nouns = {"people",   "police",    "children", "men",  "women",     "staff",    "sheep",
                    "fish",     "feet",      "teeth",    "mice", "personnel", "cattle",   "deer",
                    "aircraft", "livestock", "crew",     "data", "media",     "criteria", "km",
                    "kg",       "mph",       "tonnes",   "tons"};
  l.stop_words = {
      "of",        "and",       "or",      "in",      "on",      "at",       "to",
      "for",       "from",      "with",    "by",      "as",      "than",     "that",
      "which",     "who",       "were",    "was",     "are",     "is",       "be",
      "been",      "have",      "has",     "had",     "will",    "would",    "the",
      "a",         "an",        "this",    "these",   "those",   "their",    "its",
      "his",       "her",       "our",     "per",     "after",   "before",   "over",
      "since",     "into",      "but",     "each",    "while",   "when",     "where",
      "more",      "less",      "ago",     "later",   "earlier", "last",     "next",
      "between",   "during",    "under",   "about",   "out",     "up",       "down",
      "not",       "also",      "had",     "can",     "could",   "may",      "might",
      "must",      "should",    "do",      "did",     "does",    "said",     "says",
      "say",       "according", "across",  "against", "among",   "amid",     "including",
      "like",      "such",      "there",   "here",    "all",     "so",       "if",
      "then",      "because",   "through", "until",   "via",     "millions", "billions",
      "thousands", "hundreds",  "dozens",  "tens",    "though",  "although", "however",
      "meanwhile", "yet",       "still",   "now"};
  l.time_words = {"am",  "pm",  "a.m", "p.m", "gmt", "bst",     "utc",  "cet",
                  "est", "edt", "pst", "pdt", "hrs", "o'clock", "hours"};
  l.months = {{"january", 1},   {"jan", 1},   {"february", 2},  {"feb", 2},      {"march", 3},
              {"mar", 3},       {"april", 4}, {"apr", 4},       {"may", 5},      {"june", 6},
              {"jun", 6},       {"july", 7},  {"jul", 7},       {"august", 8},   {"aug", 8},
              {"september", 9}, {"sep", 9},   {"sept", 9},      {"october", 10}, {"oct", 10},
              {"november", 11}, {"nov", 11},  {"december", 12}, {"dec", 12}};
  l.ambiguous_months = {"may", "march", "mar", "jan", "jun", "jul", "aug",
                        "sep", "oct",   "nov", "dec", "feb", "apr", "sept"};
  l.weekdays = {{"monday", 0}, {"tuesday", 1},  {"wednesday", 2}, {"thursday", 3},
                {"friday", 4}, {"saturday", 5}, {"sunday", 6}};
  l.seasons = {{"spring", 3}, {"summer", 6}, {"autumn", 9}, {"fall", 9}, {"winter", 12}};
  l.relative_days = {{"yesterday", -1}, {"today", 0}, {"tomorrow", 1}, {"tonight", 0}};
  l.period_words = {{"day", 'd'},    {"days", 'd'}, {"week", 'w'},  {"weeks", 'w'},  {"month", 'm'},
                    {"months", 'm'}, {"year", 'y'}, {"years", 'y'}, {"weekend", 'e'}};
  l.last_words = {"last"};
  l.this_words = {"this"};
  l.next_words = {"next", "coming"};
  l.earlier_words = {"earlier"};
  l.later_words = {"later"};
  l.ago = "ago";
  l.span_open = {"from", "between"};
  l.span_join = {"to", "and", "until", "through", "till", "-", "\xE2\x80\x93", "\xE2\x80\x94"};
  l.year_cues = {"in",    "since", "by",      "until",  "till",  "during",     "from", "before",
                 "after", "of",    "early",   "late",   "mid",   "throughout", "for",  "between",
                 "and",   "to",    "through", "around", "circa", "last",       "this", "next"};
  l.future_cues = {"will", "ll", "shall", "next", "upcoming", "scheduled", "due"};
  l.future_before = {"ahead of"};
  l.date_anaphora = {"that"};
  l.label_nouns = {"section",   "article",    "chapter",  "route",      "level",   "flight",
                   "room",      "gate",       "platform", "page",       "phase",   "stage",
                   "category",  "grade",      "model",    "version",    "episode", "paragraph",
                   "clause",    "resolution", "highway",  "interstate", "bus",     "line",
                   "amendment", "lot",        "ward",     "district",   "channel", "exit",
                   "pier",      "terminal",   "block",    "sector"};
  l.reporting_verbs = {
      "said",       "says",        "say",          "told",       "tells",     "added",
      "adds",       "stressed",    "stresses",     "asked",      "asks",      "questioned",
      "noted",      "notes",       "warned",       "warns",      "explained", "explains",
      "insisted",   "insists",     "argued",       "argues",     "claimed",   "claims",
      "wrote",      "writes",      "stated",       "states",     "declared",  "replied",
      "responded",  "continued",   "emphasised",   "emphasized", "admitted",  "acknowledged",
      "recalled",   "remarked",    "tweeted",      "posted",     "announced", "confirmed",
      "suggested",  "agreed",      "concluded",    "observed",   "commented", "urged",
      "underlined", "underscored", "pointed",      "reiterated", "saying",    "adding",
      "telling",    "shouted",     "mused",        "joked",      "conceded",  "countered",
      "predicted",  "cautioned",   "described",    "describing", "calling",   "called",
      "denouncing", "denounced",   "referred",     "pledged",    "pledges",   "vowed",
      "vows",       "promised",    "promises",     "reflected",  "reflects",  "uttered",
      "recounted",  "recounts",    "demanded",     "demands",    "alleged",   "alleges",
      "boasted",    "complained",  "complains",    "disputed",   "echoed",    "lamented",
      "laments",    "maintained",  "maintains",    "quipped",    "reported",  "revealed",
      "scoffed",    "speculated",  "testified",    "wondered",   "asserted",  "asserts",
      "arguing",    "announces",   "acknowledges", "admits",     "replies",   "responds",
      "insisting",  "warning",     "stressing",    "explaining"};
  // Regular verbs of saying: every inflection is generated (insist -> insists,
  // insisted, insisting), so a quote's verb need not be listed form by form.
  for (std::string_view base :
       {"add",      "stress",    "ask",       "question",  "note",        "warn",    "explain",
        "insist",   "argue",     "claim",     "state",     "declare",     "reply",   "respond",
        "continue", "emphasise", "emphasize", "admit",     "acknowledge", "recall",  "remark",
        "tweet",    "post",      "announce",  "confirm",   "suggest",     "agree",   "conclude",
        "observe",  "comment",   "urge",      "underline", "underscore",  "point",   "reiterate",
        "shout",    "muse",      "joke",      "concede",   "counter",     "predict", "caution",
        "describe", "call",      "denounce",  "pledge",    "vow",         "promise", "reflect",
        "utter",    "recount",   "allege",    "boast",     "complain",    "dispute", "echo",
        "lament",   "maintain",  "quip",      "report",    "reveal",      "scoff",   "speculate",
        "testify",  "wonder",    "assert",    "profess",   "inform",      "snap",    "exclaim",
        "whisper",  "scream",    "yell",      "mutter",    "sing",        "chant",   "proclaim",
        "retort",   "interject", "add",       "opine",     "recommend",   "contend", "mention",
        "hint",     "concur",    "affirm",    "tell",      "say",         "write",   "tweet",
        "blast",    "slam",      "criticise", "criticize"}) {
    InflectVerb(base, l.reporting_verbs, l.owned_words);
  }
  for (std::string_view w : {"said", "told", "wrote", "written", "sang", "sung", "spoke", "snapped",
                             "quipped", "shouted", "replied", "replies", "testified", "testifies",
                             "echoes", "concurred", "demanded", "demands"}) {
    l.reporting_verbs.insert(w);
  }
  l.according_to = {"according to"};
  l.person_pronouns = {"he", "she"};
  l.role_words = {
      "spokesperson", "spokesman",      "spokeswoman", "minister",      "president",  "ambassador",
      "chancellor",   "secretary",      "governor",    "mayor",         "senator",    "official",
      "chief",        "director",       "leader",      "chairman",      "chairwoman", "chair",
      "ceo",          "premier",        "envoy",       "commander",     "general",    "judge",
      "prosecutor",   "lawyer",         "attorney",    "professor",     "author",     "founder",
      "manager",      "coach",          "king",        "queen",         "prince",     "pope",
      "diplomat",     "representative", "congressman", "congresswoman", "economist",  "analyst",
      "researcher",   "scientist",      "head",        "deputy",        "mp",         "lawmaker",
      "sheriff",      "officer",        "captain",     "boss",          "executive",  "owner",
      "activist",     "doctor",         "lead",        "newspaper",     "agency",     "company",
      "firm",         "advocate",       "councillor",  "rabbi",         "imam",       "pastor"};
  l.org_roles = {"agency", "company", "firm", "newspaper"};
  l.title_words = {"president",
                   "prime",
                   "minister",
                   "mr",
                   "mrs",
                   "ms",
                   "miss",
                   "dr",
                   "sir",
                   "dame",
                   "lord",
                   "lady",
                   "sen",
                   "senator",
                   "rep",
                   "representative",
                   "gov",
                   "governor",
                   "secretary",
                   "chancellor",
                   "ambassador",
                   "general",
                   "gen",
                   "judge",
                   "prof",
                   "professor",
                   "king",
                   "queen",
                   "prince",
                   "princess",
                   "pope",
                   "mayor",
                   "spokesperson",
                   "spokesman",
                   "spokeswoman",
                   "foreign",
                   "defence",
                   "defense",
                   "deputy",
                   "vice",
                   "chief",
                   "justice",
                   "state",
                   "ministry",
                   "premier",
                   "sheikh",
                   "colonel",
                   "col",
                   "lt",
                   "captain",
                   "capt",
                   "sgt",
                   "sergeant",
                   "officer",
                   "detective",
                   "inspector",
                   "superintendent",
                   "coach",
                   "manager",
                   "ceo",
                   "chairman",
                   "director",
                   "archbishop",
                   "bishop",
                   "rev",
                   "father",
                   "st",
                   "former",

                   "interior",
                   "finance",
                   "health",
                   "economy",
                   "labor",
                   "labour",
                   "home",
                   "attorney",
                   "commissioner",
                   "leader",
                   "opposition",
                   "head",
                   "mp",
                   "speaker",
                   "house",
                   "senate",
                   "white",
                   "chair",
                   "dj",
                   "rapper",
                   "singer",
                   "star",
                   "actor",
                   "actress",
                   "presenter",
                   "host",
                   "founder",
                   "boss",
                   "striker",
                   "midfielder",
                   "defender",
                   "goalkeeper",
                   "winger",
                   "forward",
                   "captain",
                   "adv",
                   "advocate",
                   "hon",
                   "cllr",
                   "councillor",
                   "amb",
                   "mec",
                   "mk",
                   "supt",
                   "insp",
                   "maj",
                   "brig",
                   "cmdr",
                   "cpl",
                   "rabbi",
                   "imam",
                   "pastor",
                   "reverend"};
  l.verb_fillers = {
      "also",     "later",  "then",      "previously", "has",        "had",      "have",
      "was",      "were",   "is",        "would",      "will",       "had",      "recently",
      "once",     "again",  "further",   "reportedly", "separately", "earlier",  "subsequently",
      "simply",   "just",   "quickly",   "told",       "has",        "publicly", "repeatedly",
      "at",       "first",  "finally",   "herself",    "himself",    "last",     "week",
      "night",    "on",     "monday",    "tuesday",    "wednesday",  "thursday", "friday",
      "saturday", "sunday", "yesterday", "today"};
  l.org_words = {
      "hospital",      "university",  "school",     "ministry",    "party",      "council",
      "bank",          "agency",      "department", "committee",   "court",      "commission",
      "institute",     "company",     "group",      "association", "union",      "office",
      "house",         "city",        "street",     "road",        "county",     "state",
      "states",        "republic",    "kingdom",    "force",       "army",       "navy",
      "police",        "corporation", "inc",        "ltd",         "news",       "times",
      "post",          "club",        "centre",     "center",      "foundation", "organisation",
      "organization",  "airlines",    "airport",    "park",        "river",      "sea",
      "ocean",         "island",      "islands",    "province",    "region",     "national",
      "international", "federal",     "new",        "north",       "south",      "east",
      "west",          "united",      "general",    "authority",   "board",      "service",
      "services",      "church",      "museum",     "open",        "cup",        "league",
      "world",         "day",         "week"};
  l.role_aliases = {{"gov", "governor"},
                    {"sen", "senator"},
                    {"rep", "representative"},
                    {"pm", "minister"},
                    {"gen", "general"},
                    {"spokesman", "spokesperson"},
                    {"spokeswoman", "spokesperson"},
                    {"prof", "professor"},
                    {"adv", "advocate"},
                    {"cllr", "councillor"},
                    {"amb", "ambassador"}};
  l.determiners = {"the", "a", "an", "his", "her", "its", "their", "our", "one", "another"};
  return l;
}

}  // namespace

void FactLanguage::FinishLexicon() {
  lexicon.max_load_factor(0.5f);
  lexicon.reserve(1024);
  auto add = [&](const auto& keys, unsigned bit) {
    for (const auto& k : keys) {
      if constexpr (requires { k.first; }) {
        lexicon[k.first] |= bit;
      } else {
        lexicon[k] |= bit;
      }
    }
  };
  add(number_words, kLexNumber);
  add(indefinite_one, kLexNumber);
  add(scale_words, kLexScale);
  for (const auto* m : {&months, &weekdays, &seasons, &relative_days}) add(*m, kLexDateStart);
  add(number_words, kLexDateStart);
  for (const auto* s : {&last_words, &this_words, &next_words, &earlier_words, &later_words}) {
    add(*s, kLexDateStart);
  }
  lexicon["a"] |= kLexDateStart;
  lexicon["an"] |= kLexDateStart;
  add(title_words, kLexTitle);
  add(role_words, kLexRole);
  add(determiners, kLexDeterminer);
  add(org_words, kLexOrg);
  add(stop_words, kLexStop);
  add(reporting_verbs, kLexVerb);
}

const FactLanguage& EnglishFacts() {
  static const FactLanguage* const kEnglish = [] {
    auto* l = new FactLanguage(MakeEnglish());
    l->FinishLexicon();
    return l;
  }();
  return *kEnglish;
}

const FactLanguage* FactLanguageFor(std::string_view lang) {
  if (lang.empty() || lang == "en") return &EnglishFacts();
  return nullptr;
}

}  // namespace newsd
