#include "extract/entity_recognizer.h"

#include <algorithm>
#include <string>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "extract/entity_coref.h"
#include "extract/entity_declared.h"
#include "extract/ner_features.h"
#include "extract/ner_gazetteer.h"
#include "extract/ner_model.h"
#include "extract/ner_text.h"

namespace newsd {

using ner::DocState;
using ner::TokenSpan;

struct EntityRecognizer::Impl {
  ner::Gazetteer gaz;
  ner::NerModel model;
  std::vector<std::uint64_t> common_words;  // sorted hashes
  std::unique_ptr<ner::FeatureExtractor> fx;
  std::unique_ptr<DeclaredEntityMatcher> declared;
  std::unique_ptr<icu::BreakIterator> sentence_proto;
  bool role_mentions = true;

  void SplitSentences(std::string_view text, std::vector<Sentence>& out) const;
  void Run(const std::string& text, const std::vector<Sentence>& sentences,
           std::vector<Entity>& out) const;
};

std::string DefaultEntityDataDir() { return NEWSD_SOURCE_DIR "/extract/data"; }

Result<EntityType> ParseEntityType(std::string_view name) {
  if (name == "PERSON") return EntityType::kPerson;
  if (name == "ORG") return EntityType::kOrg;
  if (name == "LOC") return EntityType::kLoc;
  return Fail(ErrorKind::kInvalidArgument,
              "entity type '" + std::string(name) + "': expected PERSON, ORG or LOC");
}

EntityRecognizer::EntityRecognizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EntityRecognizer::~EntityRecognizer() = default;

Result<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Create(const EntityOptions& options) {
  auto impl = std::make_unique<Impl>();
  std::string dir = options.data_dir.empty() ? DefaultEntityDataDir() : options.data_dir;
  ner::GazetteerSources src;
  src.iso_codes_dir = options.iso_codes_dir;
  src.zoneinfo_dir = options.zoneinfo_dir;
  src.curated_tsv = dir + "/gazetteer.tsv";
  auto gaz = ner::Gazetteer::Load(src);
  if (!gaz) return Fail(gaz.error().Wrap("entity gazetteers"));
  impl->gaz = std::move(*gaz);
  auto model = ner::NerModel::Load(dir + "/ner_model.bin");
  if (!model) return Fail(model.error());
  impl->model = std::move(*model);
  auto common = ner::LoadCommonWords(dir + "/ner_common_words.bin");
  if (!common) return Fail(common.error());
  impl->common_words = std::move(*common);
  impl->fx = std::make_unique<ner::FeatureExtractor>(impl->gaz);
  auto declared = DeclaredEntityMatcher::Create(options.declared);
  if (!declared) return Fail(declared.error());
  impl->declared = std::move(*declared);
  UErrorCode status = U_ZERO_ERROR;
  impl->sentence_proto.reset(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status))
    return Fail(ErrorKind::kInternal, "ICU sentence break iterator unavailable");
  impl->role_mentions = options.role_mentions;
  return std::unique_ptr<EntityRecognizer>(new EntityRecognizer(std::move(impl)));
}

void EntityRecognizer::Impl::SplitSentences(std::string_view text,
                                            std::vector<Sentence>& out) const {
  out.clear();
  std::unique_ptr<icu::BreakIterator> bi(sentence_proto->clone());
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status) || !bi) {
    out.push_back({0, text.size()});
    return;
  }
  bi->setText(ut, status);
  std::int32_t start = bi->first();
  for (std::int32_t end = bi->next(); end != icu::BreakIterator::DONE;
       start = end, end = bi->next())
    out.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(end)});
  utext_close(ut);
  if (out.empty()) out.push_back({0, text.size()});
}

namespace {

EntityType TypeOf(int tag) {
  switch (ner::TagType(tag)) {
    case ner::kTypePer:
      return EntityType::kPerson;
    case ner::kTypeOrg:
      return EntityType::kOrg;
    default:
      return EntityType::kLoc;
  }
}

// Removes entities of `ents` overlapping any of `winners`, then merges.
void Override(std::vector<Entity>& ents, std::vector<Entity>& winners) {
  if (winners.empty()) return;
  ents.erase(std::remove_if(ents.begin(), ents.end(),
                            [&](const Entity& e) {
                              return std::any_of(winners.begin(), winners.end(),
                                                 [&](const Entity& w) {
                                                   return e.start < w.end && w.start < e.end;
                                                 });
                            }),
             ents.end());
  for (auto& w : winners) ents.push_back(std::move(w));
  std::sort(ents.begin(), ents.end(),
            [](const Entity& a, const Entity& b) { return a.start < b.start; });
}

}  // namespace

void EntityRecognizer::Impl::Run(const std::string& text, const std::vector<Sentence>& sentences,
                                 std::vector<Entity>& out) const {
  thread_local DocState st;
  thread_local std::vector<TokenSpan> spans;
  thread_local std::vector<int> tags;
  ner::TokenizeDocument(text, sentences, st, spans);
  fx->Prepare(st);
  ner::DecodeDocument(
      *fx, st, tags, [&](const std::vector<std::uint32_t>& f, float* s) { model.Score(f, s); },
      [](std::size_t, int best, const std::vector<std::uint32_t>&) { return best; });
  // Tags to entity spans (MISC is learned but not reported).
  struct Cand {
    std::size_t first, last;
    int type;
  };
  std::vector<Cand> cands;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    int t = tags[i];
    if (t == ner::kO) continue;
    if (ner::TagIsInside(t) && !cands.empty() && cands.back().last + 1 == i &&
        cands.back().type == ner::TagType(t) && !st.info[i].sent_first) {
      cands.back().last = i;
    } else {
      cands.push_back({i, i, ner::TagType(t)});
    }
  }
  // Headlines and ALL-CAPS lines: keep an entity only when a gazetteer knows
  // it or one of its words is part of an entity found in ordinary text.
  std::vector<std::uint64_t> body_words;
  for (const auto& c : cands)
    if (st.info[c.first].mode == 0 && c.type != ner::kTypeMisc)
      for (std::size_t k = c.first; k <= c.last; ++k) body_words.push_back(st.info[k].lower);
  std::sort(body_words.begin(), body_words.end());
  for (auto& c : cands) {
    if (c.type == ner::kTypeMisc) {
      // A MISC guess that a gazetteer knows as a place or organisation
      // ("Nagorno-Karabakh" looks like "Anglo-French" to the tagger).
      std::uint64_t key = ner::Gazetteer::SeqStart();
      for (std::size_t k = c.first; k <= c.last; ++k) key = ner::HashMix(key, st.info[k].lower);
      const auto* g = gaz.Find(key);
      if (g == nullptr || (g->bits & ner::kGazDemonym)) continue;
      if (g->bits & ner::kGazLocMask) {
        c.type = ner::kTypeLoc;
      } else if (g->bits & ner::kGazOrgMask) {
        c.type = ner::kTypeOrg;
      } else {
        continue;
      }
    }
    if (st.info[c.first].mode != 0) {
      // ALL CAPS: keep what a gazetteer or the body confirms. Title Case:
      // drop a span whose every word is used in lower case in the article
      // ("Prices Surge Over Supply Fears") unless confirmed the same way.
      bool confirmed = false, all_common = true;
      std::uint64_t key = ner::Gazetteer::SeqStart();
      for (std::size_t k = c.first; k <= c.last; ++k) {
        key = ner::HashMix(key, st.info[k].lower);
        confirmed |= std::binary_search(body_words.begin(), body_words.end(), st.info[k].lower);
        all_common &=
            st.info[k].lower_seen || !st.info[k].first_upper ||
            std::binary_search(common_words.begin(), common_words.end(), st.info[k].lower);
      }
      const auto* g = gaz.Find(key);
      confirmed |= g != nullptr && (g->bits & (ner::kGazLocMask | ner::kGazOrgMask));
      bool drop = st.info[c.first].mode == 1 ? !confirmed : (all_common && !confirmed);
      if (drop) continue;
    }
    Entity e;
    e.start = spans[c.first].start;
    e.end = spans[c.last].end;
    e.text = text.substr(e.start, e.end - e.start);
    e.type = TypeOf(c.type * 2 - 1);
    out.push_back(std::move(e));
  }
  // Organisation heads the tagger left untagged: "Ministry of Foreign Affairs",
  // "Supreme Council": capitalised words around a head word, joined by of/for/and.
  std::vector<Entity> heads;
  for (std::size_t j = 0; j < spans.size(); ++j) {
    const auto& tj = st.info[j];
    if (tags[j] != ner::kO || !tj.first_upper || !tj.has_lower || tj.sent_first || tj.mode != 0 ||
        !(gaz.CueBits(tj.lower) & ner::kGazOrgHead))
      continue;
    auto free_cap = [&](std::size_t k) {
      return tags[k] == ner::kO && st.info[k].first_upper && st.info[k].mode == 0;
    };
    std::size_t b = j, e = j;
    while (b > 0 && !st.info[b].sent_first && free_cap(b - 1) && !st.info[b - 1].sent_first) --b;
    for (std::size_t k = j + 1; k < spans.size() && !st.info[k].sent_first;) {
      if (free_cap(k)) {
        e = k++;
        continue;
      }
      std::string_view w = st.words[k];
      if ((w == "of" || w == "for" || w == "and") && k + 1 < spans.size() && free_cap(k + 1) &&
          !st.info[k + 1].sent_first) {
        e = k + 1;
        k += 2;
        continue;
      }
      break;
    }
    if (e == b) continue;
    Entity ent;
    ent.start = spans[b].start;
    ent.end = spans[e].end;
    ent.text = text.substr(ent.start, ent.end - ent.start);
    ent.type = EntityType::kOrg;
    heads.push_back(std::move(ent));
    j = e;
  }
  Override(out, heads);
  // Curated multi-word places ("Lachin corridor") win over the tagger.
  std::vector<Entity> places;
  for (std::size_t j = 0; j < spans.size(); ++j) {
    if (!st.info[j].first_upper) continue;
    std::uint64_t key = ner::Gazetteer::SeqStart();
    bool found = false;
    std::size_t best = j;
    std::string canonical;
    for (std::size_t k = j; k < spans.size() && k < j + 6; ++k) {
      if (k > j && st.info[k].sent_first) break;
      key = ner::HashMix(key, st.info[k].lower);
      const auto* g = gaz.Find(key);
      if (g == nullptr) break;
      // Multi-word curated places, and countries/regions the tagger left out.
      bool untagged =
          k == j && tags[j] == ner::kO && !st.info[j].sent_first && st.info[j].mode == 0;
      if (((g->bits & ner::kGazPlace) && k > j) ||
          (untagged && (g->bits & (ner::kGazCountry | ner::kGazPlace)) &&
           !(g->bits & ner::kGazDemonym))) {
        found = true;
        best = k;
        canonical = g->canonical;
      }
    }
    if (!found) continue;
    Entity e;
    e.start = spans[j].start;
    e.end = spans[best].end;
    e.text = text.substr(e.start, e.end - e.start);
    e.type = EntityType::kLoc;
    e.canonical = canonical;
    places.push_back(std::move(e));
    j = best;
  }
  Override(out, places);
  std::vector<Entity> user;
  declared->Match(text, user);
  Override(out, user);
  ner::LinkMentions(text, spans, gaz, role_mentions, out);
}

std::string EntityRecognizer::CountryOfDemonym(std::string_view word) const {
  std::uint64_t key = ner::HashMix(ner::Gazetteer::SeqStart(), ner::HashBytes(ner::ToLower(word)));
  const auto* g = impl_->gaz.Find(key);
  return g != nullptr && (g->bits & ner::kGazDemonym) ? g->canonical : std::string();
}

void EntityRecognizer::Recognize(Article& article) const {
  article.entities.clear();
  if (article.text.empty()) return;
  if (article.sentences.empty()) {
    std::vector<Sentence> sentences;
    impl_->SplitSentences(article.text, sentences);
    impl_->Run(article.text, sentences, article.entities);
  } else {
    impl_->Run(article.text, article.sentences, article.entities);
  }
}

}  // namespace newsd
