// Within-article linking of entity mentions to a canonical name:
//  - a one-word mention equal to the surname (or first name) of exactly one
//    multi-word PERSON in the article links to that person ("Aliyev");
//  - an acronym ORG links to the ORG whose initials it spells ("IRNA");
//  - with role mentions on, "the <role>" links to the person introduced with
//    that role ("spokesperson Saeed Khatibzadeh", "X, a ... spokesperson")
//    and is added as a PERSON mention.
// Pure function; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "core/model.h"
#include "extract/ner_tokenizer.h"

namespace newsd::ner {

class Gazetteer;

// `ents` are sorted and non-overlapping; `tokens` are the article's tokens.
// Sets canonical names and may add role mentions (kept sorted).
void LinkMentions(std::string_view text, const std::vector<TokenSpan>& tokens, const Gazetteer& gaz,
                  bool role_mentions, std::vector<Entity>& ents);

}  // namespace newsd::ner
