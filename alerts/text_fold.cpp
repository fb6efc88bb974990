#include "alerts/text_fold.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "alerts/word_break.h"

namespace newsd::alerts {
namespace {

using word_break::Cls;
using word_break::ForEachWord;
using word_break::HighSeparator;
using word_break::IcuWords;

struct Normalizers {
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
};

const Normalizers& Norm() {
  static const Normalizers n = [] {
    Normalizers r;
    UErrorCode s = U_ZERO_ERROR;
    r.nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(s);
    s = U_ZERO_ERROR;
    r.nfd = icu::Normalizer2::getNFDInstance(s);
    s = U_ZERO_ERROR;
    r.nfc = icu::Normalizer2::getNFCInstance(s);
    return r;
  }();
  return n;
}

// ASCII lower case (and identity for every other byte), for the fast path.
struct LowerTable {
  char map[256];
  constexpr LowerTable() : map() {
    for (int c = 0; c < 256; ++c) {
      map[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
};
constexpr LowerTable kLower;

// Appends a word of ASCII letters, digits and punctuation folded: lower case
// (kFold) or as it is (kCase). The same result as the ICU path below gives
// for such a word (NFKC case folding of ASCII is lower case; NFC is the
// identity); a word never holds ' ' or '\x01' (separators).
void AppendAsciiFolded(std::string_view word, FoldMode mode, std::string& out) {
  const std::size_t before = out.size();
  out.append(word);
  if (mode == FoldMode::kFold) {
    char* d = out.data() + before;
    for (std::size_t i = 0; i < word.size(); ++i)
      d[i] = kLower.map[static_cast<unsigned char>(d[i])];
  }
}

// Appends the folded form of one word to `out`; returns false when nothing
// is left of it (a word made only of marks). `icu_only` folds ASCII words
// with ICU too (the reference for tests).
bool AppendFolded(std::string_view word, FoldMode mode, std::string& out, bool icu_only = false) {
  const std::size_t before = out.size();
  const bool ascii = !icu_only && std::all_of(word.begin(), word.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  if (ascii) {
    AppendAsciiFolded(word, mode, out);
    return !word.empty();
  } else {
    const Normalizers& n = Norm();
    UErrorCode s = U_ZERO_ERROR;
    // Buffers reused per thread: this runs for every non-ASCII word.
    thread_local icu::UnicodeString u, cf, d, stripped;
    u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(word.data(), static_cast<std::int32_t>(word.size())));
    if (mode == FoldMode::kFold) {
      cf.remove();
      n.nfkc_cf->normalize(u, cf, s);
      const bool decomposed = n.nfd->quickCheck(cf, s) == UNORM_YES;
      if (!decomposed) {
        d.remove();
        n.nfd->normalize(cf, d, s);
      }
      const icu::UnicodeString& src = decomposed ? cf : d;
      stripped.remove();
      bool changed = !decomposed;
      for (std::int32_t i = 0; i < src.length();) {
        UChar32 c = src.char32At(i);
        i += U16_LENGTH(c);
        // Dotless i (Turkish, Azerbaijani) is read as i: users type "i".
        if (c == 0x0131) {
          c = 'i';
          changed = true;
        }
        if (u_charType(c) == U_NON_SPACING_MARK) {
          changed = true;
          continue;
        }
        stripped.append(c);
      }
      if (changed) {
        u.remove();
        n.nfc->normalize(stripped, u, s);
      } else {
        u = cf;
      }
    } else {
      cf.remove();
      n.nfc->normalize(u, cf, s);
      u = cf;
    }
    if (U_FAILURE(s)) return false;
    u.toUTF8String(out);
  }
  // The stream uses ' ' and '\x01' as separators; keep them out of words.
  for (std::size_t i = before; i < out.size(); ++i) {
    if (out[i] == ' ' || out[i] == '\x01') out[i] = '_';
  }
  return out.size() > before;
}

// The folds of the two-byte letters (word_break::Letters2), each computed by
// ICU on the letter alone, in both modes. A word of ASCII and such letters
// folds to the concatenation of its letters' folds: they are letters, not
// marks, so nothing composes across them (tests/alerts/text_fold_test.cpp
// checks this against ICU on whole words). len == kNone: fold the word with ICU.
struct LetterFolds {
  static constexpr std::uint8_t kNone = 0xFF;
  struct Entry {
    std::uint8_t len = kNone;
    char s[11] = {};
  };
  Entry fold[0x800], exact[0x800];
};

const LetterFolds& Folds2() {
  static const LetterFolds* t = [] {
    auto* r = new LetterFolds;  // lives as long as the process (no exit-time destructor)
    const word_break::TwoByteLetters& letters = word_break::Letters2();
    for (unsigned cp = 0x80; cp < 0x800; ++cp) {
      if (!letters.Has(cp)) continue;
      const char ch[2] = {static_cast<char>(0xC0 | (cp >> 6)),
                          static_cast<char>(0x80 | (cp & 0x3F))};
      for (FoldMode mode : {FoldMode::kFold, FoldMode::kCase}) {
        std::string out;
        if (!AppendFolded(std::string_view(ch, 2), mode, out, true)) continue;
        if (out.empty() || out.size() > sizeof(LetterFolds::Entry::s)) continue;
        LetterFolds::Entry& e = mode == FoldMode::kFold ? r->fold[cp] : r->exact[cp];
        e.len = static_cast<std::uint8_t>(out.size());
        std::memcpy(e.s, out.data(), out.size());
      }
    }
    return r;
  }();
  return *t;
}

}  // namespace

long FoldedText::WordAt(std::size_t p) const {
  auto it = std::lower_bound(word.begin(), word.end(), static_cast<std::uint32_t>(p),
                             [](const Word& w, std::uint32_t v) { return w.pos < v; });
  if (it == word.end() || it->pos != p) return -1;
  return static_cast<long>(it - word.begin());
}

long FoldedText::WordBefore(std::size_t p, long hint) const {
  const long n = static_cast<long>(word.size());
  if (hint < 0 || hint >= n || word[hint].pos > p) {
    // Out of order: binary search.
    auto it = std::upper_bound(word.begin(), word.end(), static_cast<std::uint32_t>(p),
                               [](std::uint32_t v, const Word& w) { return v < w.pos; });
    return static_cast<long>(it - word.begin()) - 1;
  }
  long k = hint;
  while (k + 1 < n && word[k + 1].pos <= p) ++k;
  return k;
}

FoldedTextBuilder::FoldedTextBuilder(FoldMode mode) : mode_(mode) { out_.stream = " "; }

void FoldedTextBuilder::AddPiece(std::string_view utf8, std::uint32_t piece_index) {
  if (any_piece_) {
    // A separator word so that phrases cannot join the end of one piece to
    // the start of the next.
    out_.word.push_back({static_cast<std::uint32_t>(out_.stream.size()), 0, 0, piece_index});
    out_.stream += "\x01 ";
  }
  any_piece_ = true;
  // About one word per 6 bytes of text: grow once, not word by word (and
  // geometrically, for builders fed many small pieces).
  const auto grow = [](auto& v, std::size_t need) {
    if (need > v.capacity()) v.reserve(std::max(need, 2 * v.capacity()));
  };
  grow(out_.word, out_.word.size() + utf8.size() / 5 + 4);
  std::string& st = out_.stream;
  std::vector<FoldedText::Word>& words = out_.word;
  const std::size_t n = utf8.size();
  const bool lower = mode_ == FoldMode::kFold;
  const word_break::TwoByteLetters& letters = word_break::Letters2();
  const LetterFolds::Entry* folds = lower ? Folds2().fold : Folds2().exact;
  // The stream is kept larger than its content (`w` bytes) so that words are
  // written in place; it grows geometrically and is cut to `w` at the end.
  std::size_t w = st.size();
  grow(st, w + n + 8);
  st.resize(w + n + 1);
  char* d = st.data();
  const auto room = [&](std::size_t need) {
    if (w + need > st.size()) {
      st.resize(std::max(2 * st.size(), w + need));
      d = st.data();
    }
  };
  const auto push = [&](std::size_t pos, std::size_t a, std::size_t b) {
    d[w++] = ' ';
    words.push_back({static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(a),
                     static_cast<std::uint32_t>(b), piece_index});
  };
  thread_local std::string icu_out;
  const auto emit_icu = [&](std::size_t a, std::size_t b) {  // a word folded by ICU
    icu_out.clear();
    if (!AppendFolded(utf8.substr(a, b - a), mode_, icu_out)) return;
    room(icu_out.size() + 1);
    const std::size_t pos = w;
    std::memcpy(d + w, icu_out.data(), icu_out.size());
    w += icu_out.size();
    push(pos, a, b);
  };
  const auto emit_ascii = [&](std::size_t a, std::size_t b) {
    room(b - a + 1);
    const std::size_t pos = w;
    for (std::size_t k = a; k < b; ++k) {
      const char c = utf8[k];
      d[w++] = lower ? kLower.map[static_cast<unsigned char>(c)] : c;
    }
    push(pos, a, b);
  };
  const auto emit_letters = [&](std::size_t a, std::size_t b) {  // ASCII and two-byte letters
    room(6 * (b - a) + 1);  // a two-byte letter folds to at most 11 bytes
    const std::size_t pos = w;
    for (std::size_t k = a; k < b;) {
      const auto c = static_cast<unsigned char>(utf8[k]);
      if (c < 0x80) {
        d[w++] = lower ? kLower.map[c] : static_cast<char>(c);
        ++k;
        continue;
      }
      const LetterFolds::Entry& e =
          folds[((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[k + 1]) & 0x3Fu)];
      if (e.len == LetterFolds::kNone) {
        w = pos;
        emit_icu(a, b);
        return;
      }
      std::memcpy(d + w, e.s, e.len);
      w += e.len;
      k += 2;
    }
    push(pos, a, b);
  };
  const auto emit = [&](std::size_t a, std::size_t b, bool high) {
    if (high) {
      emit_letters(a, b);
    } else {
      emit_ascii(a, b);
    }
  };
  // The same chunks as word_break::ForEachWord: cut at characters that are
  // always word boundaries; a chunk of ASCII and two-byte letters is split by
  // the fast path, runs of chunks with other characters by ICU.
  std::size_t icu_start = 0, icu_end = 0;  // pending run of other chunks
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t c = Cls(utf8, i);
    if (c == word_break::kSep) {
      ++i;
      continue;
    }
    if (c == word_break::kHigh) {
      if (const std::size_t len = HighSeparator(utf8, i)) {
        i += len;
        continue;
      }
    }
    const std::size_t a = i;
    bool fast = true, plain = true, high = false;  // plain: only letters and digits
    while (i < n) {
      const std::uint8_t k = Cls(utf8, i);
      if (k == word_break::kSep) break;
      if (k == word_break::kHigh) {
        if (HighSeparator(utf8, i) != 0) break;
        if (word_break::FastLetter(letters, utf8, i) != 0) {
          high = true;
          i += 2;
          continue;
        }
        fast = false;
      }
      plain = plain && (k == word_break::kLetter || k == word_break::kDigit);
      ++i;
    }
    if (!fast) {
      if (icu_end == icu_start) icu_start = a;
      icu_end = i;
      continue;
    }
    if (icu_end > icu_start) {
      IcuWords(utf8, icu_start, icu_end,
               [&](std::int32_t x, std::int32_t y, bool) { emit_icu(x, y); });
    }
    icu_start = icu_end = 0;
    if (plain) {
      emit(a, i, high);  // the common case: the chunk is one word
    } else {
      word_break::AsciiWords(utf8, a, i, [&](std::int32_t x, std::int32_t y, bool) {
        emit(static_cast<std::size_t>(x), static_cast<std::size_t>(y), high);
      });
    }
  }
  if (icu_end > icu_start) {
    IcuWords(utf8, icu_start, icu_end,
             [&](std::int32_t x, std::int32_t y, bool) { emit_icu(x, y); });
  }
  st.resize(w);
}

FoldedText FoldedTextBuilder::Finish() {
  FoldedText r = std::move(out_);
  out_ = FoldedText();
  out_.stream = " ";
  any_piece_ = false;
  return r;
}

FoldedText FoldText(std::string_view utf8, FoldMode mode) {
  FoldedTextBuilder b(mode);
  b.AddPiece(utf8, 0);
  return b.Finish();
}

FoldedText IcuFoldText(std::string_view utf8, FoldMode mode) {
  FoldedText out;
  out.stream = " ";
  IcuWords(utf8, 0, utf8.size(), [&](std::int32_t a, std::int32_t b, bool) {
    const std::size_t p = out.stream.size();
    if (!AppendFolded(utf8.substr(a, b - a), mode, out.stream, true)) return;
    out.stream.push_back(' ');
    out.word.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(a),
                        static_cast<std::uint32_t>(b), 0});
  });
  return out;
}

std::vector<std::string> FoldWords(std::string_view utf8, FoldMode mode) {
  std::vector<std::string> words;
  ForEachWord(utf8, [&](std::int32_t a, std::int32_t b, bool) {
    std::string w;
    if (AppendFolded(utf8.substr(a, b - a), mode, w)) words.push_back(std::move(w));
  });
  return words;
}

}  // namespace newsd::alerts
