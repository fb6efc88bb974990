#include "alerts/text_fold.h"

#include <algorithm>
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

// Appends the folded form of one word to `out`; returns false when nothing
// is left of it (a word made only of marks).
bool AppendFolded(std::string_view word, FoldMode mode, std::string& out) {
  const std::size_t before = out.size();
  const bool ascii = std::all_of(word.begin(), word.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    for (char c : word) {
      if (mode == FoldMode::kFold && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out.push_back(c);
    }
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

// Calls fn(start, end) for every word (letters, numbers, kana, ideographs).
template <typename Fn>
void ForEachWord(std::string_view utf8, Fn&& fn) {
  icu::BreakIterator* bi = WordBreaker();
  if (bi == nullptr || utf8.empty()) return;
  UErrorCode s = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, utf8.data(), static_cast<std::int64_t>(utf8.size()), &s));
  if (U_FAILURE(s)) return;
  bi->setText(ut.get(), s);
  if (U_FAILURE(s)) return;
  std::int32_t start = bi->first();
  for (std::int32_t end = bi->next(); end != icu::BreakIterator::DONE;
       start = end, end = bi->next()) {
    if (bi->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    // ICU keeps apostrophes inside words ("can't"); Turkish and Azerbaijani
    // put suffixes after one ("İstanbul'da"), so apostrophes split words.
    std::int32_t a = start;
    for (std::int32_t i = start; i < end;) {
      std::int32_t len = 0;
      if (utf8[i] == '\'') len = 1;
      if (utf8.compare(i, 3, "\xE2\x80\x99") == 0) len = 3;  // U+2019
      if (len == 0) {
        ++i;
        continue;
      }
      if (i > a) fn(a, i);
      i += len;
      a = i;
    }
    if (end > a) fn(a, end);
  }
  // Detach the iterator from the UText before it is closed.
  bi->setText(icu::UnicodeString());
}

}  // namespace

long FoldedText::WordAt(std::size_t p) const {
  auto it = std::lower_bound(pos.begin(), pos.end(), static_cast<std::uint32_t>(p));
  if (it == pos.end() || *it != p) return -1;
  return static_cast<long>(it - pos.begin());
}

FoldedTextBuilder::FoldedTextBuilder(FoldMode mode) : mode_(mode) { out_.stream = " "; }

void FoldedTextBuilder::AddPiece(std::string_view utf8, std::uint32_t piece_index) {
  if (any_piece_) {
    // A separator word so that phrases cannot join the end of one piece to
    // the start of the next.
    out_.pos.push_back(static_cast<std::uint32_t>(out_.stream.size()));
    out_.src_start.push_back(0);
    out_.src_end.push_back(0);
    out_.piece.push_back(piece_index);
    out_.stream += "\x01 ";
  }
  any_piece_ = true;
  ForEachWord(utf8, [&](std::int32_t a, std::int32_t b) {
    const std::size_t p = out_.stream.size();
    if (!AppendFolded(utf8.substr(a, b - a), mode_, out_.stream)) return;
    out_.stream.push_back(' ');
    out_.pos.push_back(static_cast<std::uint32_t>(p));
    out_.src_start.push_back(static_cast<std::uint32_t>(a));
    out_.src_end.push_back(static_cast<std::uint32_t>(b));
    out_.piece.push_back(piece_index);
  });
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

std::vector<std::string> FoldWords(std::string_view utf8, FoldMode mode) {
  std::vector<std::string> words;
  ForEachWord(utf8, [&](std::int32_t a, std::int32_t b) {
    std::string w;
    if (AppendFolded(utf8.substr(a, b - a), mode, w)) words.push_back(std::move(w));
  });
  return words;
}

}  // namespace newsd::alerts
