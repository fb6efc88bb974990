// WatchMatcher: every watch rule of a config compiled into ONE Hyperscan
// block-mode database. Match() folds each field of an article once (ICU word
// breaks, case and diacritics folding; see alerts/text_fold.h), scans it once,
// and evaluates the boolean / proximity / weight logic of the candidate rules
// on the word positions of the hits.
//
// Thread rules: immutable after Compile; Match() may be called from any
// number of threads at once (Hyperscan scratch space comes from an internal
// pool guarded by a mutex).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alerts/text_fold.h"
#include "core/model.h"
#include "core/result.h"

namespace newsd::alerts {

// One [[watch]] rule as the matcher needs it (the daemon converts
// WatchConfig into this).
struct WatchSpec {
  std::string id;
  std::string query;  // the rule language of docs/WATCH.md; "" = weighted terms only
  // EMM-style weighted list: each entry is a word, a phrase (several words)
  // or a prefix ("milit*"), with its weight; each entry counts once.
  std::vector<std::pair<std::string, double>> terms;
  std::optional<double> threshold;  // required when `terms` is not empty
  // Filters: empty = any. feeds: Article::feed or any of Article::sources;
  // tags: any of Article::feed_tags; languages: Article::lang (ISO 639-1).
  std::vector<std::string> feeds, tags, languages;
};

// The fields of one article, folded for matching (see alerts/text_fold.h).
struct FoldedArticle {
  struct Fields {
    FoldedText title, text, entity, quote;
  };
  Fields fold;                  // case- and diacritics-folded
  std::optional<Fields> exact;  // NFC only; present when some rule uses case:
};

class WatchMatcher {
 public:
  // Parses and compiles all rules. Fails (kInvalidArgument) with the first
  // rule error, which names the watch id and column (see ParseQuery), or
  // with a duplicate id; kInternal if Hyperscan refuses the database.
  static Result<std::unique_ptr<WatchMatcher>> Compile(const std::vector<WatchSpec>& specs);

  ~WatchMatcher();
  WatchMatcher(const WatchMatcher&) = delete;
  WatchMatcher& operator=(const WatchMatcher&) = delete;

  // The watches that match `article`, in the order of the specs, each with
  // its score and the spans of the terms that matched (offsets into
  // Article::title for field "title", into Article::text otherwise; for
  // "entity"/"quote" the span of that entity or quote; at most 8 per term).
  // Score: the sum of
  // the weights of the weighted terms found, or 1 for a query-only rule.
  std::vector<WatchMatch> Match(const Article& article) const;

  // The two halves of Match(), for callers that fold once and match later
  // (and for the benchmark): Prepare folds the fields of `article`;
  // Match(article, prepared) scans and evaluates. `prepared` must come from
  // Prepare() on this matcher and the same article.
  FoldedArticle Prepare(const Article& article) const;
  std::vector<WatchMatch> Match(const Article& article, const FoldedArticle& prepared) const;

  // Number of distinct literal patterns in the Hyperscan database.
  std::size_t pattern_count() const;
  std::size_t rule_count() const;

  struct Impl;

 private:
  explicit WatchMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The stable id of the alert for `watch` on an article: Sha256Hex of
// watch + "\n" + article_key, where article_key is the article's
// canonical_url when it is not empty, else its content_hash (see
// AlertArticleKey). The storage room computes the same id.
std::string AlertId(const std::string& watch, const std::string& article_key);

// canonical_url if not empty, else content_hash.
std::string AlertArticleKey(const Article& article);

// The alert for match `m` on `article`: id = AlertId(m.watch,
// AlertArticleKey(article)), article_id = article.id, matched = m.spans,
// score = m.score, created = now.
Alert MakeAlert(const WatchMatch& m, const Article& article, TimePoint now);

}  // namespace newsd::alerts
