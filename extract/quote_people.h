// The people an article mentions, as the quote stage needs them to name a
// speaker: full names (from the entity stage when it ran, otherwise from
// capitalised word runs), the roles they were introduced with ("spokesperson
// Saeed Khatibzadeh", "Aykhan Hajizada, a foreign ministry spokesperson") and
// where they were mentioned, so that "Aliyev", "he" and "the spokesperson"
// can be resolved to the last matching person before a quote.
//
// Thread rules: built per article by one thread; const methods only after.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"
#include "extract/facts_lang.h"
#include "extract/facts_text.h"

namespace newsd {

class QuotePeople {
 public:
  // Indexes `scan` (its text must outlive this object). `entities` are the
  // article's entities from the entity stage; may be empty.
  // `sentences` are byte spans of the text in order (not empty).
  QuotePeople(const FactLanguage& lang, const TextScan& scan, const std::vector<Entity>& entities,
              const std::vector<Sentence>& sentences);

  // The name in tokens [b, e) (titles stripped by the caller), as its
  // canonical full name: the covering entity's canonical form, else the last
  // earlier full name with the same last word, else the text itself.
  std::string Canonical(std::size_t b, std::size_t e) const;

  // The person "he"/"she" at byte `pos` most likely means: the last one that
  // was the subject of a reporting verb in the last two sentences with a
  // person, else the first person of the last sentence with one.
  std::optional<std::string> LastPerson(std::size_t pos) const;

  // The last person before byte `pos` introduced with `role` ("spokesperson").
  std::optional<std::string> LastWithRole(std::string_view role, std::size_t pos) const;

  // Whether a mention known to be a person starts at byte `pos`.
  bool IsPersonAt(std::size_t pos) const;

  // Records that `name` spoke at byte `pos`, making it a person for pronouns.
  void AddSpeaker(const std::string& name, std::size_t pos);

 private:
  struct Person {
    std::size_t pos = 0;
    std::size_t end = 0;  // end of the mention in the text (0: not a mention)
    std::string name;
    std::string last;                // last word, lower case
    std::string first;               // first word, lower case
    std::string lower;               // whole name, lower case
    std::vector<std::string> roles;  // lower-case role words
    bool person = false;             // known to be a person (entity, title, role, speaker)
    bool sayer = false;              // next to a reporting verb ("X said", "said X")
    bool strong = false;             // a PERSON entity, or introduced with a title or role
  };
  void IndexRuns();
  bool PersonStartsAt(std::size_t pos) const;
  bool BeforeCapital(std::size_t end) const;
  void Reindex();
  std::string Fuller(const std::string& name, std::size_t at) const;

  const FactLanguage& lang_;
  const TextScan& scan_;
  const std::vector<Entity>& entities_;
  const std::vector<Sentence>& sentences_;
  std::vector<Person> people_;  // in text order (speakers appended)
  // Indexes into people_ by last word, in text order (Reindex() after changes).
  std::unordered_map<std::string, std::vector<std::size_t>> by_last_;
};

}  // namespace newsd
