// Keyword tables that the quote, quantity and date stages read. One table per
// language; the stages contain no English words of their own, so adding a
// language means adding a table in facts_lang.cpp (and, where word order
// differs, a rule), not rewriting the stages.
//
// Thread rules: tables are immutable statics; share them freely.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace newsd {

// Word classes a token can belong to (bits of FactLanguage::lexicon), so the
// hot loops test bits instead of looking a word up in many tables.
enum LexClass : unsigned {
  kLexNumber = 1u << 0,      // number_words, indefinite_one
  kLexScale = 1u << 1,       // scale_words
  kLexDateStart = 1u << 2,   // a date can start with it (months, weekdays, "last", ...)
  kLexTitle = 1u << 3,       // title_words
  kLexRole = 1u << 4,        // role_words
  kLexDeterminer = 1u << 5,  // determiners
  kLexOrg = 1u << 6,         // org_words
  kLexStop = 1u << 7,        // stop_words
  kLexVerb = 1u << 8,        // reporting_verbs
};

// FNV-1a over a short word: cheaper than std::hash for 2–12 byte keys.
struct WordHash {
  std::size_t operator()(std::string_view s) const noexcept {
    std::size_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
  }
};
using Lexicon = std::unordered_map<std::string_view, unsigned, WordHash>;

// Word lists of one language. All keys are lower case (ASCII folding only).
struct FactLanguage {
  std::string_view code;  // ISO 639-1, "en"

  // Numbers. Values of cardinal words ("fourteen" -> 14, "twenty" -> 20).
  std::unordered_map<std::string_view, double> number_words;
  // Multipliers after a number ("million" -> 1e6, "bn" -> 1e9, "dozen" -> 12).
  std::unordered_map<std::string_view, double> scale_words;
  // Words that stand for 1 only before a scale word ("a million").
  std::unordered_set<std::string_view> indefinite_one;
  // Markers before a number that make it approximate, longest first in use:
  // "about", "more than", "an estimated" (stored with single spaces).
  std::unordered_set<std::string_view> approx_before;
  // Markers after the counted thing ("or so", "or more").
  std::unordered_set<std::string_view> approx_after;
  // Currency words after a number -> ISO 4217 ("dollars" -> "USD").
  std::unordered_map<std::string_view, std::string_view> currency_words;
  // Percent words ("percent", "pct"); "per cent" is matched as two words.
  std::unordered_set<std::string_view> percent_words;
  // Units written glued to a number ("10km", "5kg").
  std::unordered_set<std::string_view> glued_units;
  // Irregular plural nouns that end a counted phrase ("people", "police").
  std::unordered_set<std::string_view> plural_nouns;
  // Function words that end a counted phrase ("of", "and", "were", "in").
  std::unordered_set<std::string_view> stop_words;
  // Words after a number that mark a time of day ("am", "pm", "gmt").
  std::unordered_set<std::string_view> time_words;

  // Dates. Month names and abbreviations -> 1..12.
  std::unordered_map<std::string_view, int> months;
  // Month names that are also ordinary words and need a capital ("may", "march").
  std::unordered_set<std::string_view> ambiguous_months;
  // Weekday names -> 0 = Monday .. 6 = Sunday.
  std::unordered_map<std::string_view, int> weekdays;
  // Seasons -> first month of the meteorological season (northern hemisphere).
  std::unordered_map<std::string_view, int> seasons;
  // Relative day words -> offset in days from publication ("yesterday" -> -1).
  std::unordered_map<std::string_view, int> relative_days;
  // Period units for "last/this/next X" and "N X ago": "week", "month", "year".
  std::unordered_map<std::string_view, char> period_words;  // 'd','w','m','y'
  std::unordered_set<std::string_view> last_words;          // "last", "past"?
  std::unordered_set<std::string_view> this_words;          // "this"
  std::unordered_set<std::string_view> next_words;          // "next", "coming"
  std::unordered_set<std::string_view> earlier_words;       // "earlier"
  std::unordered_set<std::string_view> later_words;         // "later"
  std::string_view ago;                                     // "ago"
  // Span connectors: "from X to Y", "between X and Y".
  std::unordered_set<std::string_view> span_open;  // "from", "between"
  std::unordered_set<std::string_view> span_join;  // "to", "and", "until", "through"
  // Words before a bare year that mark it as a year ("in 2019").
  std::unordered_set<std::string_view> year_cues;
  // Words before a weekday that tie it to the narrative, not to publication
  // ("that Saturday evening").
  std::unordered_set<std::string_view> date_anaphora;
  // Nouns before a number that make it a label, not a quantity ("section 232",
  // "Level 3", "route 66").
  std::unordered_set<std::string_view> label_nouns;
  // Words right before a weekday that make it the coming one ("ahead of
  // Friday's election"); stored with single spaces.
  std::unordered_set<std::string_view> future_before;
  // Words before a weekday that point to the future ("will", "next").
  std::unordered_set<std::string_view> future_cues;

  // Quotes. Reporting verbs ("said", "says", "told", "added", ...).
  std::unordered_set<std::string_view> reporting_verbs;
  // Multi-word attributions before a name ("according to").
  std::unordered_set<std::string_view> according_to;  // stored as "according to"
  // Pronouns that refer back to the last person ("he", "she").
  std::unordered_set<std::string_view> person_pronouns;
  // Role nouns ("spokesperson", "minister", "president").
  std::unordered_set<std::string_view> role_words;
  // Titles that precede a name and are not part of it ("President", "Mr").
  std::unordered_set<std::string_view> title_words;
  // Adverbs/auxiliaries allowed between a subject and its verb ("also", "has").
  std::unordered_set<std::string_view> verb_fillers;
  // Words that make a capitalised run an organisation or place, not a person.
  std::unordered_set<std::string_view> org_words;
  // Roles an organisation plays ("the agency", "the company"): without a name
  // introduced with that role they mean the last organisation mentioned.
  std::unordered_set<std::string_view> org_roles;
  // Abbreviated or variant roles -> the role they mean ("gov" -> "governor").
  std::unordered_map<std::string_view, std::string_view> role_aliases;
  // Determiners before a role ("the", "a", "an", "his", "her").
  std::unordered_set<std::string_view> determiners;

  // Storage of generated words (verb inflections) the string_views above point to.
  std::deque<std::string> owned_words;

  // Union of the tables above as LexClass bits, built by FinishLexicon().
  Lexicon lexicon;
  void FinishLexicon();
};

// The table for `lang` (ISO 639-1). Returns nullptr when there is none.
const FactLanguage* FactLanguageFor(std::string_view lang);

// The English table (always present).
const FactLanguage& EnglishFacts();

}  // namespace newsd
