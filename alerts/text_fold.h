// Word segmentation and folding for watch rules. Text is split into words
// with ICU word breaks (so scripts without spaces work) and every word is
// folded: NFKC case folding and removal of combining marks (diacritics), or,
// in case-sensitive mode, only NFC. The folded words are laid out in one
// string, " w1 w2 w3 ", that the Hyperscan matcher scans; each word keeps the
// byte range it came from in the original text.
//
// Thread-safe: all functions are pure (ICU objects are per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsd::alerts {

enum class FoldMode {
  kFold,  // case- and diacritics-insensitive (the default of the rule language)
  kCase,  // exact case and marks, NFC only (the `case:` scope)
};

// A text as a sequence of folded words.
struct FoldedText {
  // " w0 w1 ... wn " (a leading and trailing space; one space between words).
  // Piece separators (see AddPiece) appear as a "\x01" word.
  std::string stream;
  // Word i: where it starts in `stream`, its byte range in the original text
  // [src_start, src_end), and which piece (AddPiece call) it came from.
  struct Word {
    std::uint32_t pos = 0;
    std::uint32_t src_start = 0, src_end = 0;
    std::uint32_t piece = 0;
  };
  std::vector<Word> word;

  std::size_t words() const { return word.size(); }
  // The word that starts at stream offset `p`, or -1 if none does.
  long WordAt(std::size_t p) const;
  // The last word that starts at or before stream offset `p` (-1 if none),
  // searching from `hint` (a previous answer; matches come mostly in order).
  long WordBefore(std::size_t p, long hint) const;
};

// Builds a FoldedText from several pieces (a field such as "entity" is the
// list of entity names). Words never run across pieces and a phrase never
// matches across a piece boundary.
class FoldedTextBuilder {
 public:
  explicit FoldedTextBuilder(FoldMode mode);
  // Appends `utf8` as piece number `piece_index`; source offsets are
  // relative to `utf8`. Invalid UTF-8 is tolerated (read as U+FFFD).
  void AddPiece(std::string_view utf8, std::uint32_t piece_index);
  // Returns the result and leaves the builder empty.
  FoldedText Finish();

 private:
  FoldMode mode_;
  FoldedText out_;
  bool any_piece_ = false;
};

// Folds one text in one piece.
FoldedText FoldText(std::string_view utf8, FoldMode mode);

// The same with ICU alone: every word split by ICU's word break iterator and
// folded by ICU's normalisers, without the ASCII fast paths. The reference
// FoldText must agree with (for tests).
FoldedText IcuFoldText(std::string_view utf8, FoldMode mode);

// The folded words of `utf8` (for rule terms).
std::vector<std::string> FoldWords(std::string_view utf8, FoldMode mode);

// The byte ranges of the words of `utf8` as the matcher splits them
// (ASCII fast path + ICU), and as ICU alone splits them (the reference the
// fast path must agree with; for tests).
std::vector<std::pair<std::uint32_t, std::uint32_t>> WordSpans(std::string_view utf8);
std::vector<std::pair<std::uint32_t, std::uint32_t>> IcuWordSpans(std::string_view utf8);

}  // namespace newsd::alerts
