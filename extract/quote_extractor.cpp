#include "extract/quote_extractor.h"

#include <algorithm>
#include <optional>

#include "extract/quote_marks.h"
#include "extract/quote_people.h"

namespace newsd {
namespace {

bool Connector(std::string_view w) {
  return w == "al" || w == "bin" || w == "de" || w == "da" || w == "van" || w == "von" ||
         w == "der" || w == "del" || w == "la" || w == "le" || w == "di" || w == "du" ||
         w == "ibn" || w == "el" || w == "dos";
}

class Attributor {
 public:
  Attributor(const FactLanguage& l, const TextScan& s, std::vector<Sentence> sents,
             const std::vector<Entity>& entities, const std::vector<QuoteMarks>& marks)
      : l_(l), s_(s), sents_(std::move(sents)), people_(l, s, entities, sents_), marks_(marks) {
    in_quote_.assign(s_.size(), -1);
    for (std::size_t q = 0; q < marks_.size(); ++q) {
      for (std::size_t i = TokAt(marks_[q].open);
           i < s_.size() && s_.toks[i].start < marks_[q].close; ++i) {
        in_quote_[i] = static_cast<int>(q);
      }
    }
  }

  std::optional<std::string> Speaker(std::size_t q) {
    const QuoteMarks& m = marks_[q];
    std::size_t ss = SentenceOf(m.open), se = SentenceOf(m.end > m.start ? m.end - 1 : m.end);
    std::size_t rb = TokAt(sents_[ss].start), re = TokAt(sents_[se].end);
    std::size_t qb = TokAt(m.open), qe = TokAt(m.close);
    pos_ = m.open;
    std::optional<std::string> who;
    // 1. Right after the closing mark: `,” X said` / `,” said X`. After `?”` or
    // `!”` ICU starts a new sentence even before "he said": look into it.
    std::size_t re1 = re;
    if (qe == re && se + 1 < sents_.size() && s_.IsWord(qe) && !s_.toks[qe].capitalised) {
      re1 = TokAt(sents_[se + 1].end);
    }
    std::size_t k = qe;
    int punct = 0;
    while (k < s_.size() && k < re1 + 1 && s_.toks[k].kind == TokenKind::kPunct && punct < 2 &&
           !IsQuoteTok(k) && !s_.Is(k, ".")) {
      ++k;
      ++punct;
    }
    if (IsVerb(k) && Free(k)) {
      if (Inverts(k)) who = SubjectAfter(k + 1, s_.size());
      if (!who) who = SubjectBefore(k, qe);
      if (who) return who;
    }
    if (auto v = VerbAhead(k, k + 10, re1); v) {
      if ((who = SubjectBefore(*v, k))) return who;
    }
    // 2. Before the opening mark in the sentence: `X said: “...”`, `according to X, “...”`.
    int verbs = 0;
    for (std::size_t i = qb; i-- > rb && verbs < 2;) {
      if (!Free(i)) continue;
      if (s_.Is(i, "to") && i > 0 && s_.Is(i - 1, "according")) {
        if ((who = SubjectAfter(i + 1, qb, true))) return who;
        break;
      }
      if (IsVerb(i) && (!WeakVerb(i) || i + 1 == qb || s_.Is(i + 1, ":") || s_.Is(i + 1, ",") ||
                        s_.Is(i + 1, "that"))) {
        ++verbs;
        unnamed_ = false;
        if ((who = SubjectBefore(i, rb))) return who;
        if (unnamed_) break;  // "a Spotify executive claimed “…”": said by someone unnamed
        if (Inverts(i) && (who = SubjectAfter(i + 1, qb, true))) return who;
        // "..., noting, “…”", "recorded himself shouting “…”": the clause's subject.
        if (verbs == 1 && s_.Lw(i).ends_with("ing") &&
            (i + 1 == qb || s_.Is(i + 1, ",") || s_.Is(i + 1, ":")) &&
            (who = SentenceSubject(i, true))) {
          return who;
        }
      }
    }
    // 3. Later in the sentence, after a comma: "..., Aliyev said that ...".
    if (auto v = VerbAhead(k, re, re); v && *v >= 2) {
      std::size_t sb = *v - 1;
      while (sb > k && s_.IsWord(sb) && s_.toks[sb].capitalised) --sb;
      if (s_.Is(sb, ",") && (who = SubjectBefore(*v, k))) return who;
    }
    // `“A,” X announced on a livestream, “but B.”`: the same sentence's speaker.
    if (q > 0 && last_speaker_q_ == q - 1 && last_speaker_ &&
        marks_[q - 1].close > sents_[ss].start) {
      for (std::size_t i = TokAt(marks_[q - 1].close); i < qb; ++i) {
        if (IsVerb(i) && Free(i)) return last_speaker_;
      }
    }
    // 4. The sentence before introduces it: "Aliyev responded angrily: “Why now?”".
    bool starts_sentence = true;
    for (std::size_t i = rb; i < qb; ++i) {
      if (s_.toks[i].kind != TokenKind::kPunct && Free(i)) starts_sentence = false;
    }
    if (starts_sentence && ss > 0) {
      const Sentence& prev = sents_[ss - 1];
      std::size_t pb = TokAt(prev.start), pe = TokAt(prev.end);
      bool colon = pe > pb && s_.Is(pe - 1, ":");
      bool same_para =
          s_.text.substr(prev.end, m.open - prev.end).find("\n\n") == std::string_view::npos;
      // `“A,” X said. “B.”`: the next sentence of quotation is still X's.
      if (same_para && q > 0 && marks_[q - 1].close > prev.start && last_speaker_q_ == q - 1 &&
          last_speaker_) {
        return last_speaker_;
      }
      // A quotation paragraph after "X said ..." (indirect speech) continues X.
      bool para_start = !same_para;
      // "Managers came outside, Fischer said. “Some were ...”": a sentence that
      // ends in its reporting clause introduces the quote that follows it.
      bool ends_reporting = pe >= pb + 3 && s_.Is(pe - 1, ".") &&
                            ((IsVerb(pe - 2) && Free(pe - 2)) ||
                             (IsVerb(pe - 3) && Free(pe - 3) && s_.IsWord(pe - 2)));
      if (colon || para_start || ends_reporting) {
        for (std::size_t i = pe; i-- > pb;) {
          if (IsVerb(i) && Free(i)) {
            if ((who = SubjectBefore(i, pb))) return who;
            if ((who = SubjectAfter(i + 1, pe))) return who;
            break;
          }
          if (s_.Is(i, "to") && i > 0 && s_.Is(i - 1, "according")) {
            if ((who = SubjectAfter(i + 1, pe))) return who;
          }
        }
      }
    }
    return std::nullopt;
  }

  void Spoke(std::size_t q, const std::optional<std::string>& name) {
    last_speaker_q_ = q;
    last_speaker_ = name;
    if (name) people_.AddSpeaker(*name, marks_[q].open);
  }

 private:
  std::size_t TokAt(std::size_t pos) const {
    return static_cast<std::size_t>(
        std::lower_bound(s_.toks.begin(), s_.toks.end(), pos,
                         [](const Token& t, std::size_t p) { return t.start < p; }) -
        s_.toks.begin());
  }
  std::size_t SentenceOf(std::size_t pos) const {
    auto it = std::upper_bound(sents_.begin(), sents_.end(), pos,
                               [](std::size_t p, const Sentence& x) { return p < x.start; });
    return it == sents_.begin() ? 0 : static_cast<std::size_t>(it - sents_.begin() - 1);
  }
  bool Free(std::size_t i) const { return i < s_.size() && in_quote_[i] < 0; }
  bool IsQuoteTok(std::size_t i) const {
    std::size_t len;
    return i < s_.size() && IsQuoteMark(DecodeUtf8(s_.text, s_.toks[i].start, &len));
  }
  bool IsVerb(std::size_t i) const {
    // Lower case only: "States" in "United States" is no verb.
    return i < s_.size() && !s_.toks[i].capitalised && s_.Has(i, kLexVerb);
  }
  // Verbs that report speech only when they introduce it ("X continued: ...",
  // not "Israel continued to act ...").
  bool WeakVerb(std::size_t i) const {
    std::string_view w = s_.Lw(i);
    return w == "continued" || w == "posted" || w == "agreed" || w == "confirmed" ||
           w == "announced" || w == "suggested" || w == "observed" || w == "pointed" ||
           w == "predicted" || w == "concluded" || w == "admitted" || w == "recalled";
  }
  // Verbs whose subject may follow them ("said Aliyev"); not "calling X ...".
  bool Inverts(std::size_t i) const {
    std::string_view w = s_.Lw(i);
    return !(w == "told" || w == "tells" || w == "telling" || w == "calling" || w == "called" ||
             w == "described" || w == "describing" || w == "denouncing" || w == "denounced" ||
             w == "referred" || w == "saying" || w == "adding" || w == "noting");
  }
  // The subject of a participle clause (", denouncing it as ...", "Donna
  // dismissed the idea, noting, ..."): the last pronoun or name before the verb
  // in its sentence that is itself followed by a lower-case word (its verb).
  // With `scan_only`, only the scan for a known person or pronoun is done.
  std::optional<std::string> SentenceSubject(std::size_t v, bool scan_only = false) const {
    std::size_t sb = TokAt(sents_[SentenceOf(s_.toks[v].start)].start);
    if (!Free(sb)) return std::nullopt;
    if (l_.person_pronouns.count(s_.Lw(sb))) return Pronoun(sb);
    std::size_t e0 = sb;
    while (e0 < v && s_.IsWord(e0) && (s_.toks[e0].capitalised || Connector(s_.Lw(e0)))) ++e0;
    std::string_view first = s_.Lw(sb);
    if (e0 == sb + 1 && first.size() > 4 && first.ends_with("ing") && s_.Has(e0, kLexStop)) {
      return std::nullopt;  // "Appearing before the court, ...": no name opens it
    }
    std::string_view opener =
        s_.text.substr(s_.toks[sb].start, s_.toks[sb].end - s_.toks[sb].start);
    bool dateline =
        e0 == sb + 1 && s_.Is(e0, ",") && opener.size() > 2 &&
        std::all_of(opener.begin(), opener.end(), [](char c) { return !(c >= 'a' && c <= 'z'); });
    if (!scan_only && e0 > sb && !s_.Has(sb, kLexStop) && !dateline) return Named(sb, e0);
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t pron = kNone;
    std::size_t nb = 0, ne = 0;
    for (std::size_t i = sb; i < v; ++i) {
      if (!Free(i) || !s_.IsWord(i)) continue;
      if (l_.person_pronouns.count(s_.Lw(i))) {
        pron = i;
        ne = 0;
        continue;
      }
      if (!s_.toks[i].capitalised || (i > sb && s_.IsWord(i - 1) && s_.toks[i - 1].capitalised)) {
        continue;
      }
      std::size_t e = i;
      while (e < v && s_.IsWord(e) && (s_.toks[e].capitalised || Connector(s_.Lw(e)))) ++e;
      if (e < v && s_.IsWord(e) && !s_.toks[e].capitalised &&
          !s_.Has(e, kLexStop | kLexDeterminer) && people_.IsPersonAt(s_.toks[i].start)) {
        nb = i;
        ne = e;
        pron = kNone;
      }
      i = e > i ? e - 1 : i;
    }
    if (pron != kNone) return Pronoun(pron);
    if (ne > nb) return Named(nb, ne);
    return std::nullopt;
  }
  // The first free reporting verb in [from, to) before a full stop, quote or `stop`.
  std::optional<std::size_t> VerbAhead(std::size_t from, std::size_t to, std::size_t stop) const {
    for (std::size_t i = from; i < to && i < stop + 1 && i < s_.size(); ++i) {
      if (!Free(i) || s_.Is(i, ".") || s_.ParaBreakBefore(i)) return std::nullopt;
      if (IsVerb(i)) return i;
    }
    return std::nullopt;
  }

  // "he"/"she" at token k: the person before the pronoun (or before the quote,
  // when the pronoun follows it).
  std::optional<std::string> Pronoun(std::size_t k) const {
    return people_.LastPerson(std::min(pos_, s_.toks[k].start));
  }

  std::optional<std::string> Role(std::string_view role) const {
    if (auto it = l_.role_aliases.find(role); it != l_.role_aliases.end()) role = it->second;
    return people_.LastWithRole(role, pos_);
  }

  // A name over [b, e) minus leading titles; a role resolves when only titles.
  std::optional<std::string> Named(std::size_t b, std::size_t e) const {
    // Everything up to the last title is description: "Azerbaijani President X".
    std::size_t nb = b;
    std::string_view role;
    for (std::size_t k = b; k < e; ++k) {
      if (s_.Has(k, kLexTitle | kLexDeterminer | kLexRole) || s_.Is(k, ".")) {
        if (l_.role_words.count(s_.Lw(k))) role = s_.Lw(k);
        if (k + 1 < e || nb == k) nb = k + 1;
      }
    }
    if (nb == e) return role.empty() ? std::nullopt : Role(role);
    // "the US President said": a run ending in a role names the role's holder.
    if (e > b + 1 && l_.role_words.count(s_.Lw(e - 1)) && s_.Has(e - 1, kLexTitle)) {
      if (auto r = Role(s_.Lw(e - 1))) return r;
    }
    if (nb + 1 == e) {
      std::string_view w = s_.Lw(nb);
      bool initial = nb == 0 || s_.Is(nb - 1, ".") || s_.ParaBreakBefore(nb) || IsQuoteTok(nb - 1);
      if (l_.stop_words.count(w) || w == "it" || w == "they" || w == "we" || w == "i" ||
          w == "you" || (initial && w.size() > 3 && w.back() == 's')) {
        return std::nullopt;
      }
    }
    return people_.Canonical(nb, e);
  }

  std::optional<std::string> SubjectBefore(std::size_t v, std::size_t min) const {
    if (v == 0) return std::nullopt;
    std::size_t k = v - 1;
    while (k > min && Free(k) && l_.verb_fillers.count(s_.Lw(k)) && !s_.toks[k].capitalised) --k;
    if (k < min || !Free(k)) return std::nullopt;
    std::string_view w = s_.Lw(k);
    if (l_.person_pronouns.count(w)) return Pronoun(k);
    if (w == "who" && k >= 2 && s_.Is(k - 1, ",")) return NameEndingAt(k - 2, min);
    std::string_view vw = s_.Lw(v);
    if (s_.Is(k, ",") && vw.size() > 4 && vw.substr(vw.size() - 3) == "ing") {
      if (auto who = SentenceSubject(v)) return who;
    }
    if (s_.Is(k, ",")) {  // apposition: "X, a spokesperson for Y, said"
      for (std::size_t c = k; c-- > min && c + 20 > k;) {
        if (!Free(c)) return std::nullopt;
        if (s_.Is(c, ",")) {
          if (c == 0) return std::nullopt;
          // "Minister for X, Jacob Mamabolo, said": the name is between the commas.
          bool name_only = c + 1 < k;
          for (std::size_t n = c + 1; n < k && name_only; ++n) {
            name_only = s_.IsWord(n) && (s_.toks[n].capitalised || Connector(s_.Lw(n)));
          }
          if (name_only && k - c - 1 >= 2) return Named(c + 1, k);
          return NameEndingAt(c - 1, min);
        }
      }
      return std::nullopt;
    }
    if (s_.IsWord(k) && !s_.toks[k].capitalised) {
      if (!l_.role_words.count(w)) return std::nullopt;
      // "a Spotify executive said": someone new and unnamed.
      for (std::size_t b = k; b > min && b + 4 > k; --b) {
        if (s_.Is(b - 1, "a") || s_.Is(b - 1, "an")) {
          unnamed_ = true;
          return std::nullopt;
        }
        if (s_.Is(b - 1, "the") || !s_.IsWord(b - 1)) break;
      }
      return Role(w);
    }
    return NameEndingAt(k, min);
  }

  std::optional<std::string> NameEndingAt(std::size_t k, std::size_t min) const {
    if (!s_.IsWord(k) || !s_.toks[k].capitalised || !Free(k)) {
      if (s_.IsWord(k) && l_.role_words.count(s_.Lw(k))) return Role(s_.Lw(k));
      return std::nullopt;
    }
    std::size_t b = k;
    while (b > min && b + 6 > k && Free(b - 1)) {
      std::size_t p = b - 1;
      if ((s_.IsWord(p) && s_.toks[p].capitalised) || (s_.IsWord(p) && Connector(s_.Lw(p)))) {
        b = p;
      } else if ((s_.Is(p, "-") || s_.Is(p, ".")) && s_.Glued(b) && p > min && s_.IsWord(p - 1)) {
        b = p - 1;
      } else {
        break;
      }
    }
    // "a spokesperson for the Foreign Ministry said": the speaker is unnamed.
    std::size_t p = b;
    while (p > min && (s_.Is(p - 1, "the") || s_.Is(p - 1, "of") || s_.Is(p - 1, "for"))) --p;
    if (p < b && p > min && l_.role_words.count(s_.Lw(p - 1))) return Role(s_.Lw(p - 1));
    return Named(b, k + 1);
  }

  // The speaker named after a verb or "according to", before `limit`; with
  // `adjacent`, the name must end right before `limit` (", " or ": " allowed).
  std::optional<std::string> SubjectAfter(std::size_t k, std::size_t limit,
                                          bool adjacent = false) const {
    auto who = SubjectAfterAt(k, limit);
    if (!who || !adjacent) return who;
    std::size_t j = subject_end_;
    while (j < limit && s_.toks[j].kind == TokenKind::kPunct && !IsQuoteTok(j)) ++j;
    if (j != limit) return std::nullopt;
    return who;
  }

  std::optional<std::string> SubjectAfterAt(std::size_t k, std::size_t limit) const {
    subject_end_ = k + 1;
    if (k >= s_.size() || k >= limit || !Free(k)) return std::nullopt;
    std::string_view w = s_.Lw(k);
    if (l_.person_pronouns.count(w)) return Pronoun(k);
    std::string_view role;
    std::size_t j = k;
    if (l_.determiners.count(w)) ++j;
    for (int n = 0; n < 4 && j < limit && s_.IsWord(j) && !s_.toks[j].capitalised; ++n, ++j) {
      if (l_.role_words.count(s_.Lw(j)))
        role = s_.Lw(j);
      else if (!role.empty())
        break;
    }
    if (j < limit && s_.IsWord(j) && s_.toks[j].capitalised && Free(j)) {
      std::size_t e = j;
      while (e < limit && e < j + 8 && Free(e) &&
             ((s_.IsWord(e) && (s_.toks[e].capitalised || Connector(s_.Lw(e)))) ||
              ((s_.Is(e, "-") || s_.Is(e, ".")) && s_.Glued(e) && s_.IsWord(e + 1)) ||
              (s_.IsWord(e) && l_.role_words.count(s_.Lw(e)) && e + 1 < limit && s_.IsWord(e + 1) &&
               s_.toks[e + 1].capitalised))) {
        ++e;
      }
      if (j > k && role.empty() && !l_.determiners.count(w)) return std::nullopt;
      if (l_.months.count(s_.Lw(j)) || l_.weekdays.count(s_.Lw(j))) return std::nullopt;
      subject_end_ = e;
      if (auto n = Named(j, e)) return n;
    }
    subject_end_ = j;
    if (!role.empty()) return Role(role);
    return std::nullopt;
  }

  const FactLanguage& l_;
  const TextScan& s_;
  std::vector<Sentence> sents_;
  QuotePeople people_;
  const std::vector<QuoteMarks>& marks_;
  std::vector<int> in_quote_;
  std::size_t pos_ = 0;
  mutable std::size_t subject_end_ = 0;
  mutable bool unnamed_ = false;  // the last subject was an unnamed "a/an <role>"  // token after
                                  // the last SubjectAfterAt name
  std::size_t last_speaker_q_ = static_cast<std::size_t>(-1);
  std::optional<std::string> last_speaker_;
};

std::vector<Sentence> Paragraphs(std::string_view text) {
  std::vector<Sentence> out;
  std::size_t a = 0;
  while (a < text.size()) {
    std::size_t b = text.find("\n\n", a);
    if (b == std::string_view::npos) b = text.size();
    if (b > a) out.push_back({a, b});
    a = b + 2;
  }
  if (out.empty()) out.push_back({0, text.size()});
  return out;
}

}  // namespace

std::vector<Quote> QuoteExtractor::Extract(const TextScan& scan,
                                           const std::vector<Sentence>& sentences,
                                           const std::vector<Entity>& entities) const {
  std::vector<QuoteMarks> marks = FindQuoteMarks(scan.text);
  if (marks.empty()) return {};
  Attributor attr(lang_, scan, sentences.empty() ? Paragraphs(scan.text) : sentences, entities,
                  marks);
  std::vector<std::optional<std::string>> who(marks.size());
  for (std::size_t q = 0; q < marks.size(); ++q) {
    who[q] = attr.Speaker(q);
    attr.Spoke(q, who[q]);
  }
  // A quote running over paragraphs has one speaker, usually named in its last part.
  for (std::size_t q = 0; q < marks.size();) {
    std::size_t e = q;
    while (e + 1 < marks.size() && marks[e].continues) ++e;
    std::optional<std::string> s;
    for (std::size_t k = q; k <= e && !s; ++k) s = who[k];
    for (std::size_t k = q; k <= e; ++k) {
      if (!who[k]) who[k] = s;
    }
    q = e + 1;
  }
  std::vector<Quote> out;
  for (std::size_t q = 0; q < marks.size(); ++q) {
    const QuoteMarks& m = marks[q];
    int words = 1;
    for (std::size_t i = m.start; i < m.end; ++i) {
      if (scan.text[i] == ' ' && i + 1 < m.end && scan.text[i + 1] != ' ') ++words;
    }
    if (words <= 3 && !who[q]) continue;  // scare quotes, titles, nicknames
    Quote out_q;
    out_q.start = m.start;
    out_q.end = m.end;
    out_q.text = std::string(scan.text.substr(m.start, m.end - m.start));
    out_q.speaker = who[q];
    out.push_back(std::move(out_q));
  }
  return out;
}

}  // namespace newsd
