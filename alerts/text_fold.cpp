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
  // The stream is sized for the rest of the text folded by the ASCII path
  // (at most one byte out per byte in, plus one space: ASCII words are
  // separated by at least one byte); `w` is the write position. ICU runs
  // append to the real end, then the room is made again.
  std::size_t w = st.size();
  grow(st, w + n + 8);
  st.resize(w + n + 1);
  char* d = st.data();
  const auto emit = [&](std::size_t a, std::size_t b) {  // an ASCII word
    for (std::size_t k = a; k < b; ++k) {
      const char c = utf8[k];
      d[w + k - a] = lower ? kLower.map[static_cast<unsigned char>(c)] : c;
    }
    d[w + b - a] = ' ';
    words.push_back({static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(a),
                     static_cast<std::uint32_t>(b), piece_index});
    w += b - a + 1;
  };
  const auto icu_run = [&](std::size_t a, std::size_t b) {
    st.resize(w);
    IcuWords(utf8, a, b, [&](std::int32_t x, std::int32_t y, bool) {
      const std::size_t p = st.size();
      if (!AppendFolded(utf8.substr(x, y - x), mode_, st)) return;
      st.push_back(' ');
      words.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(x),
                       static_cast<std::uint32_t>(y), piece_index});
    });
    w = st.size();
    st.resize(w + (n - b) + 1);
    d = st.data();
  };
  // The same chunks as word_break::ForEachWord: cut at characters that are
  // always word boundaries; a chunk of ASCII is split by the fast path, runs
  // of chunks with other characters by ICU.
  std::size_t icu_start = 0, icu_end = 0;  // pending run of non-ASCII chunks
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
    bool ascii = true, plain = true;  // plain: only letters and digits
    while (i < n) {
      const std::uint8_t k = Cls(utf8, i);
      if (k == word_break::kSep) break;
      if (k == word_break::kHigh) {
        if (HighSeparator(utf8, i) != 0) break;
        ascii = false;
      }
      plain = plain && (k == word_break::kLetter || k == word_break::kDigit);
      ++i;
    }
    if (!ascii) {
      if (icu_end == icu_start) icu_start = a;
      icu_end = i;
      continue;
    }
    if (icu_end > icu_start) icu_run(icu_start, icu_end);
    icu_start = icu_end = 0;
    if (plain) {
      emit(a, i);  // the common case: the chunk is one word
    } else {
      word_break::AsciiWords(utf8, a, i, [&](std::int32_t x, std::int32_t y, bool) {
        emit(static_cast<std::size_t>(x), static_cast<std::size_t>(y));
      });
    }
  }
  if (icu_end > icu_start) icu_run(icu_start, icu_end);
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
