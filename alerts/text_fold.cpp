#include "alerts/text_fold.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

namespace newsd::alerts {
namespace {

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

// One word-break iterator per thread (creating one costs far more than a word).
icu::BreakIterator* WordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> bi = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) b.reset();
    return b;
  }();
  return bi.get();
}

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
    for (std::size_t i = 0; i < word.size(); ++i) d[i] = kLower.map[static_cast<unsigned char>(d[i])];
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

// Calls fn(start, end) for every word ICU finds in utf8[base, end) (letters,
// numbers, kana, ideographs); offsets are into `utf8`.
template <typename Fn>
void IcuWords(std::string_view utf8, std::size_t base, std::size_t limit, Fn&& fn) {
  icu::BreakIterator* bi = WordBreaker();
  if (bi == nullptr || limit <= base) return;
  const std::string_view part = utf8.substr(base, limit - base);
  UErrorCode s = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, part.data(), static_cast<std::int64_t>(part.size()), &s));
  if (U_FAILURE(s)) return;
  bi->setText(ut.get(), s);
  if (U_FAILURE(s)) return;
  const auto off = static_cast<std::int32_t>(base);
  std::int32_t start = bi->first();
  for (std::int32_t end = bi->next(); end != icu::BreakIterator::DONE;
       start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    // ICU keeps apostrophes inside words ("can't"); Turkish and Azerbaijani
    // put suffixes after one ("İstanbul'da"), so apostrophes split words.
    std::int32_t a = start;
    for (std::int32_t i = start; i < end;) {
      std::int32_t len = 0;
      const auto ch = static_cast<unsigned char>(part[i]);
      if (ch == '\'') len = 1;
      if (ch == 0xE2 && i + 2 < end && static_cast<unsigned char>(part[i + 1]) == 0x80 &&
          static_cast<unsigned char>(part[i + 2]) == 0x99) {
        len = 3;  // U+2019
      }
      if (len == 0) {
        ++i;
        continue;
      }
      if (i > a) fn(a + off, i + off, false);
      i += len;
      a = i;
    }
    if (end > a) fn(a + off, end + off, false);
  }
  // Detach the iterator from the UText before it is closed.
  bi->setText(icu::UnicodeString());
}

// Character classes of the ASCII fast path (UAX #29 Word_Break of ASCII).
enum : std::uint8_t {
  kSep = 0,        // Other / whitespace: a word boundary on both sides, never in a word
  kLetter = 1,     // ALetter
  kDigit = 2,      // Numeric
  kUnder = 3,      // ExtendNumLet ('_')
  kMidLetter = 4,  // unused: ICU does not join letters across ':' (MidLetter)
  kMidNum = 5,     // ',' ';' between digits (MidNum)
  kQuote = 6,      // '\'' (joins, but words are split at apostrophes anyway)
  kPoint = 7,      // '.': between letters or between digits
  kHigh = 8,       // a byte >= 0x80, or '@': the chunk goes to ICU
};

struct AsciiTable {
  std::uint8_t cls[256];
  constexpr AsciiTable() : cls() {
    for (int c = 0; c < 256; ++c) {
      std::uint8_t k = kSep;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k = kLetter;
      if (c >= '0' && c <= '9') k = kDigit;
      if (c == '_') k = kUnder;
      if (c == ',' || c == ';') k = kMidNum;
      if (c == '\'') k = kQuote;
      if (c == '.') k = kPoint;
      if (c >= 0x80 || c == '@') k = kHigh;  // '@': ICU joins e-mail addresses
      cls[c] = k;
    }
  }
};
constexpr AsciiTable kAscii;

std::uint8_t Cls(std::string_view s, std::size_t i) {
  return kAscii.cls[static_cast<unsigned char>(s[i])];
}

// Length of a non-ASCII character at `i` that is never part of a word and
// never joins two words (Word_Break = Other: no-break space, « », – —, “ ”,
// …; and ’, which joins but at which words are split anyway), else 0.
std::size_t HighSeparator(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (i + 1 < s.size() && b(0) == 0xC2 && (b(1) == 0xA0 || b(1) == 0xAB || b(1) == 0xBB)) {
    return 2;
  }
  if (i + 2 < s.size() && b(0) == 0xE2 && b(1) == 0x80) {
    switch (b(2)) {
      case 0x93:  // – en dash
      case 0x94:  // — em dash
      case 0x99:  // ’
      case 0x9C:  // “
      case 0x9D:  // ”
      case 0xA6:  // …
        return 3;
      default:
        break;
    }
  }
  return 0;
}

bool IsWordCls(std::uint8_t c) { return c == kLetter || c == kDigit || c == kUnder; }

// The words of a chunk of ASCII word characters and mid punctuation (no
// separators), as ICU's word rules find them: letters, digits and '_' run
// together (a lone '_' is not a word, "__" is); '.' joins letters, '.', ',' or ';' join
// digits (ICU does not join letters across ':').
template <typename Fn>
void AsciiWords(std::string_view s, std::size_t a, std::size_t b, Fn&& fn) {
  std::size_t k = a;
  while (k < b) {
    if (!IsWordCls(Cls(s, k))) {
      ++k;
      continue;
    }
    const std::size_t start = k;
    while (true) {
      while (k < b && IsWordCls(Cls(s, k))) ++k;
      if (k + 1 >= b) break;
      const std::uint8_t m = Cls(s, k), prev = Cls(s, k - 1), next = Cls(s, k + 1);
      const bool letters = prev == kLetter && next == kLetter && (m == kMidLetter || m == kPoint);
      const bool digits = prev == kDigit && next == kDigit && (m == kMidNum || m == kPoint);
      if (!letters && !digits) break;
      ++k;
    }
    // ICU: a lone '_' is not a word, "__" is.
    if (k - start > 1 || Cls(s, start) != kUnder) {
      fn(static_cast<std::int32_t>(start), static_cast<std::int32_t>(k), true);
    }
  }
}

// Calls fn(start, end) for every word (letters, numbers, kana, ideographs),
// in order. Text is cut into chunks at characters that are always word
// boundaries (whitespace, most punctuation); chunks of ASCII go through the
// fast path above, runs of chunks with other characters through ICU (the
// same words: tests/alerts/text_fold_test.cpp compares both on real text).
template <typename Fn>
void ForEachWord(std::string_view utf8, Fn&& fn) {
  const std::size_t n = utf8.size();
  std::size_t icu_start = 0, icu_end = 0;  // pending run of non-ASCII chunks
  std::size_t i = 0;
  while (i < n) {
    const std::uint8_t c = Cls(utf8, i);
    if (c == kSep) {
      ++i;
      continue;
    }
    if (c == kHigh) {
      if (const std::size_t len = HighSeparator(utf8, i)) {
        i += len;
        continue;
      }
    }
    // A chunk: up to the next separator.
    const std::size_t a = i;
    bool ascii = true;
    while (i < n) {
      const std::uint8_t k = Cls(utf8, i);
      if (k == kSep) break;
      if (k == kHigh) {
        if (HighSeparator(utf8, i) != 0) break;
        ascii = false;
      }
      ++i;
    }
    if (ascii) {
      if (icu_end > icu_start) IcuWords(utf8, icu_start, icu_end, fn);
      icu_start = icu_end = 0;
      AsciiWords(utf8, a, i, fn);
    } else {
      if (icu_end == icu_start) icu_start = a;
      icu_end = i;
    }
  }
  if (icu_end > icu_start) IcuWords(utf8, icu_start, icu_end, fn);
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
  grow(out_.stream, out_.stream.size() + utf8.size() + 8);
  grow(out_.word, out_.word.size() + utf8.size() / 5 + 4);
  ForEachWord(utf8, [&](std::int32_t a, std::int32_t b, bool ascii) {
    const std::size_t p = out_.stream.size();
    const std::string_view w = utf8.substr(a, b - a);
    if (ascii) {
      AppendAsciiFolded(w, mode_, out_.stream);
    } else if (!AppendFolded(w, mode_, out_.stream)) {
      return;
    }
    out_.stream.push_back(' ');
    out_.word.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(a),
                         static_cast<std::uint32_t>(b), piece_index});
  });
}

FoldedText FoldedTextBuilder::Finish() {
  FoldedText r = std::move(out_);
  out_ = FoldedText();
  out_.stream = " ";
  any_piece_ = false;
  return r;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> IcuWordSpans(std::string_view utf8) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  IcuWords(utf8, 0, utf8.size(), [&](std::int32_t a, std::int32_t b, bool) {
    out.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  });
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> WordSpans(std::string_view utf8) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  ForEachWord(utf8, [&](std::int32_t a, std::int32_t b, bool) {
    out.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  });
  return out;
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
