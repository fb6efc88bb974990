// Low-level text helpers shared by the quote, quantity and date stages: a
// small lexer that cuts UTF-8 text into words, numbers and punctuation with
// byte offsets, ASCII case folding, and sentence spans from ICU.
//
// The lexer is deliberately narrow (it only has to find numbers, keywords and
// capitalised names); it is not a general word breaker. Sentence boundaries
// come from ICU's BreakIterator.
//
// Thread rules: free functions are reentrant; SentenceSplitter is immutable
// after Create and Split may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "extract/facts_lang.h"

namespace newsd {

enum class TokenKind { kWord, kNumber, kPunct };

// One lexical token: [start, end) bytes of the text.
struct Token {
  std::size_t start = 0;
  std::size_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  bool capitalised = false;  // word starting with an upper-case letter
  bool space_before = true;  // whitespace (or text start) right before it
};

// Cuts `text` into tokens. Words are runs of letters (any non-ASCII code point
// that is not a known punctuation mark counts as a letter) with inner
// apostrophes and periods of abbreviations kept out; numbers are runs of
// digits with inner ',' or '.' between digits; everything else that is not
// white space is a one-code-point punctuation token.
std::vector<Token> Tokenize(std::string_view text);

// `text` with ASCII letters lower-cased (same length, same offsets).
std::string AsciiLower(std::string_view text);

// Decodes the code point at byte `i` of `s`; sets *len to its byte length
// (1 for invalid bytes, which decode as U+FFFD).
char32_t DecodeUtf8(std::string_view s, std::size_t i, std::size_t* len);

// True for the quotation marks this project knows (" ' and the typographic ones).
bool IsQuoteMark(char32_t c);

// A text with its lower-cased copy and tokens: what the stages scan. Holds a
// view of the text; the text must outlive it.
struct TextScan {
  // `lexicon` (may be null) classifies each word token once (see LexClass).
  TextScan(std::string_view t, const Lexicon* lexicon);
  std::string_view text;
  std::string lower;
  std::vector<Token> toks;
  std::vector<unsigned> cls;  // LexClass bits per token

  // True when token i has any of the LexClass `bits`.
  bool Has(std::size_t i, unsigned bits) const { return i < cls.size() && (cls[i] & bits); }

  std::size_t size() const { return toks.size(); }
  // Lower-cased token text; "" past the end.
  std::string_view Lw(std::size_t i) const {
    if (i >= toks.size()) return {};
    return std::string_view(lower).substr(toks[i].start, toks[i].end - toks[i].start);
  }
  // Original token text; "" past the end.
  std::string_view Raw(std::size_t i) const {
    if (i >= toks.size()) return {};
    return text.substr(toks[i].start, toks[i].end - toks[i].start);
  }
  bool Is(std::size_t i, std::string_view w) const { return i < toks.size() && Lw(i) == w; }
  bool IsWord(std::size_t i) const { return i < toks.size() && toks[i].kind == TokenKind::kWord; }
  bool IsNum(std::size_t i) const { return i < toks.size() && toks[i].kind == TokenKind::kNumber; }
  // True when token i follows token i-1 with no space between.
  bool Glued(std::size_t i) const { return i < toks.size() && !toks[i].space_before; }
  // True when a paragraph break ("\n\n") lies between tokens i-1 and i.
  bool ParaBreakBefore(std::size_t i) const;
};

// Sentence boundaries from ICU's sentence BreakIterator, as byte spans of the
// text (white space trimmed, "\n\n" always ends a sentence).
class SentenceSplitter {
 public:
  // Builds the ICU iterator for `locale` ("en"). Fails with kInternal when ICU
  // cannot (missing data).
  static Result<std::unique_ptr<SentenceSplitter>> Create(const std::string& locale);
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // The sentences of `text`. Never fails: on an ICU error each paragraph is
  // one sentence.
  std::vector<Sentence> Split(std::string_view text) const;

 private:
  struct Impl;
  explicit SentenceSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsd
