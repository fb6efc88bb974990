#include "extract/sentences.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <array>
#include <cctype>
#include <memory>
#include <string>

namespace newsd {
namespace {

// Abbreviations after which a sentence never ends (titles, months, "vs.").
constexpr std::array<std::string_view, 62> kAlwaysJoin = {
    "Mr.",   "Mrs.",  "Ms.",     "Dr.",   "Prof.",   "Gen.",  "Lt.",   "Col.",  "Sgt.",
    "Capt.", "Cmdr.", "Adm.",    "Maj.",  "Gov.",    "Sen.",  "Rep.",  "Rev.",  "St.",
    "Mt.",   "Ft.",   "Pres.",   "Hon.",  "Messrs.", "Atty.", "Insp.", "Det.",  "Cpl.",
    "Pvt.",  "Brig.", "Gens.",   "Supt.", "Jan.",    "Feb.",  "Mar.",  "Apr.",  "Aug.",
    "Sept.", "Sep.",  "Oct.",    "Nov.",  "Dec.",    "vs.",   "v.",    "e.g.",  "i.e.",
    "cf.",   "ca.",   "approx.", "Vol.",  "Fig.",    "Nr.",   "z.B.",  "bzw.",  "Hr.",
    "Sr.",   "Mme.",  "Mlle.",   "Sra.",  "Sta.",    "Pte.",  "Cllr.", "Assoc."};

// Abbreviations that may also end a sentence: joined unless the next
// sentence starts like a new sentence usually does.
constexpr std::array<std::string_view, 20> kMaybeJoin = {
    "U.S.", "U.K.",  "U.N.",  "E.U.",  "a.m.", "p.m.",  "Inc.", "Corp.", "Ltd.", "Co.",
    "Jr.",  "Bros.", "Dept.", "Univ.", "Ave.", "Blvd.", "Rd.",  "etc.",  "No.",  "Nos."};

constexpr std::array<std::string_view, 30> kSentenceStarts = {
    "The",   "A",       "An",  "He",   "She",  "It",    "They",  "We",   "I",   "In",
    "On",    "But",     "And", "This", "That", "These", "Those", "His",  "Her", "Their",
    "There", "However", "Mr.", "Mrs.", "Ms.",  "Dr.",   "If",    "When", "As",  "At"};

template <std::size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view w) {
  for (std::string_view s : set) {
    if (s == w) return true;
  }
  return false;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// The last token of `s`, without leading brackets/quotes.
std::string_view LastToken(std::string_view s) {
  std::size_t b = s.size();
  while (b > 0 && !IsSpace(s[b - 1])) --b;
  std::string_view t = s.substr(b);
  while (!t.empty() &&
         (t.front() == '(' || t.front() == '"' || t.front() == '\'' || t.front() == '[')) {
    t.remove_prefix(1);
  }
  return t;
}

std::string_view FirstToken(std::string_view s) {
  std::size_t e = 0;
  while (e < s.size() && !IsSpace(s[e])) ++e;
  return s.substr(0, e);
}

bool ShouldJoin(std::string_view sentence, std::string_view next) {
  const std::string_view last = LastToken(sentence);
  if (last.size() < 2 || last.back() != '.') return false;
  if (next.empty()) return false;
  const auto first = static_cast<unsigned char>(next.front());
  const std::string_view next_word = FirstToken(next);
  if (last == "No." || last == "Nos." || last == "Nr.") return std::isdigit(first) != 0;
  if (In(kAlwaysJoin, last)) return true;
  // An initial: "John F. Kennedy", "J. K. Rowling".
  if (last.size() == 2 && std::isupper(static_cast<unsigned char>(last[0]))) return true;
  if (In(kMaybeJoin, last)) return !In(kSentenceStarts, next_word);
  // Whatever the abbreviation, a lower-case or digit continuation is not a
  // new sentence ("approx. 5", "the U.S. economy").
  return std::islower(first) != 0;
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

icu::BreakIterator* ThreadIterator() {
  static const icu::BreakIterator* prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::BreakIterator* it =
        icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status);
    if (U_FAILURE(status)) {
      delete it;
      status = U_ZERO_ERROR;
      it = icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status);
    }
    return U_SUCCESS(status) ? it : nullptr;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> mine(prototype ? prototype->clone() : nullptr);
  return mine.get();
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text) {
  std::vector<Sentence> raw;
  icu::BreakIterator* it = ThreadIterator();
  if (text.empty()) return raw;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (it == nullptr || U_FAILURE(status)) {
    raw.push_back({0, text.size()});
  } else {
    it->setText(ut.get(), status);
    int32_t start = it->first();
    for (int32_t end = it->next(); end != icu::BreakIterator::DONE; end = it->next()) {
      raw.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
      start = end;
    }
    it->setText(icu::UnicodeString());  // drop the pointer into `text`
  }
  std::vector<Sentence> out;
  for (Sentence s : raw) {
    while (s.start < s.end && IsSpace(text[s.start])) ++s.start;
    while (s.end > s.start && IsSpace(text[s.end - 1])) --s.end;
    if (s.start == s.end) continue;
    if (!out.empty()) {
      Sentence& prev = out.back();
      const std::string_view gap = text.substr(prev.end, s.start - prev.end);
      const bool same_line = gap.find('\n') == std::string_view::npos;
      if (same_line && ShouldJoin(text.substr(prev.start, prev.end - prev.start),
                                  text.substr(s.start, s.end - s.start))) {
        prev.end = s.end;
        continue;
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace newsd
