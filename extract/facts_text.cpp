#include "extract/facts_text.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace newsd {
namespace {

bool IsAsciiAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Non-ASCII code points that behave as punctuation or space, not letters.
bool IsUnicodePunct(char32_t c) {
  return (c >= 0x2000 && c <= 0x206F) ||  // general punctuation, spaces, quotes, dashes
         c == 0xA0 || c == 0xAB || c == 0xBB || c == 0xA3 || c == 0xA5 || c == 0xA7 || c == 0xB0 ||
         c == 0xB7 || c == 0x20AC || c == 0x20B9 || c == 0x20BD || c == 0x3000 || c == 0xFEFF ||
         c == 0xFFFD || (c >= 0x3001 && c <= 0x3011) || c == 0xD7 || c == 0xF7;
}

bool IsUnicodeSpace(char32_t c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF;
}

}  // namespace

char32_t DecodeUtf8(std::string_view s, std::size_t i, std::size_t* len) {
  auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n; ++k) {
    auto cb = static_cast<unsigned char>(s[i + k]);
    if ((cb & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    c = (c << 6) | (cb & 0x3F);
  }
  *len = static_cast<std::size_t>(n);
  return c;
}

bool IsQuoteMark(char32_t c) {
  return c == '"' || c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201C ||
         c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text.size(), '\0');
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    out[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> out;
  out.reserve(text.size() / 5);
  std::size_t i = 0;
  bool space = true;
  while (i < text.size()) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b == ' ' || b == '\n' || b == '\t' || b == '\r') {
      space = true;
      ++i;
      continue;
    }
    std::size_t len = 1;
    char32_t c = b < 0x80 ? b : DecodeUtf8(text, i, &len);
    if (b >= 0x80 && IsUnicodeSpace(c)) {
      space = true;
      i += len;
      continue;
    }
    Token t;
    t.start = i;
    t.space_before = space;
    space = false;
    if (IsDigit(b)) {
      std::size_t j = i + 1;
      while (j < text.size()) {
        auto d = static_cast<unsigned char>(text[j]);
        if (IsDigit(d)) {
          ++j;
        } else if ((d == ',' || d == '.') && j + 1 < text.size() &&
                   IsDigit(static_cast<unsigned char>(text[j + 1]))) {
          j += 2;
        } else {
          break;
        }
      }
      t.kind = TokenKind::kNumber;
      t.end = j;
    } else if (IsAsciiAlpha(b) || (b >= 0x80 && !IsUnicodePunct(c))) {
      t.capitalised = (b >= 'A' && b <= 'Z') || (b >= 0x80 && c >= 0xC0 && c <= 0xDE);
      std::size_t j = i;
      while (j < text.size()) {
        auto d = static_cast<unsigned char>(text[j]);
        if (IsAsciiAlpha(d)) {
          ++j;
          while (j < text.size() && IsAsciiAlpha(static_cast<unsigned char>(text[j]))) ++j;
          continue;
        }
        if (d >= 0x80) {
          std::size_t l2 = 1;
          char32_t c2 = DecodeUtf8(text, j, &l2);
          if (!IsUnicodePunct(c2) && !IsUnicodeSpace(c2)) {
            j += l2;
            continue;
          }
        }
        break;
      }
      t.kind = TokenKind::kWord;
      t.end = j;
    } else {
      t.kind = TokenKind::kPunct;
      t.end = i + len;
    }
    out.push_back(t);
    i = t.end;
  }
  return out;
}

TextScan::TextScan(std::string_view t, const Lexicon* lexicon)
    : text(t), lower(AsciiLower(t)), toks(Tokenize(t)) {
  cls.assign(toks.size(), 0);
  if (!lexicon) return;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].kind != TokenKind::kWord || toks[i].end - toks[i].start > 16) continue;
    auto it = lexicon->find(Lw(i));
    if (it != lexicon->end()) cls[i] = it->second;
  }
}

bool TextScan::ParaBreakBefore(std::size_t i) const {
  if (i == 0 || i >= toks.size()) return false;
  return text.substr(toks[i - 1].end, toks[i].start - toks[i - 1].end).find("\n\n") !=
         std::string_view::npos;
}

struct SentenceSplitter::Impl {
  std::unique_ptr<icu::BreakIterator> proto;
};

SentenceSplitter::SentenceSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SentenceSplitter::~SentenceSplitter() = default;

Result<std::unique_ptr<SentenceSplitter>> SentenceSplitter::Create(const std::string& locale) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc((locale + "@ss=standard").c_str());
  std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createSentenceInstance(loc, status));
  if (U_FAILURE(status) || !bi) {
    status = U_ZERO_ERROR;
    bi.reset(icu::BreakIterator::createSentenceInstance(icu::Locale(locale.c_str()), status));
  }
  if (U_FAILURE(status) || !bi) {
    return Fail(ErrorKind::kInternal,
                std::string("ICU sentence break iterator: ") + u_errorName(status));
  }
  auto impl = std::make_unique<Impl>();
  impl->proto = std::move(bi);
  return std::unique_ptr<SentenceSplitter>(new SentenceSplitter(std::move(impl)));
}

std::vector<Sentence> SentenceSplitter::Split(std::string_view text) const {
  std::vector<Sentence> out;
  auto push = [&](std::size_t a, std::size_t b) {
    while (a < b && (text[a] == ' ' || text[a] == '\n' || text[a] == '\t' || text[a] == '\r')) {
      ++a;
    }
    while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\n' || text[b - 1] == '\t' ||
                     text[b - 1] == '\r')) {
      --b;
    }
    if (a < b) out.push_back(Sentence{a, b});
  };
  // Iterators are not thread-safe; each call works on its own clone.
  std::unique_ptr<icu::BreakIterator> bi(impl_->proto->clone());
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (bi && U_SUCCESS(status)) bi->setText(ut, status);
  if (!bi || U_FAILURE(status)) {
    if (ut) utext_close(ut);
    std::size_t a = 0;
    while (a < text.size()) {
      std::size_t b = text.find("\n\n", a);
      if (b == std::string_view::npos) b = text.size();
      push(a, b);
      a = b + 2;
    }
    return out;
  }
  int32_t prev = bi->first();
  for (int32_t p = bi->next(); p != icu::BreakIterator::DONE; p = bi->next()) {
    // A paragraph break inside an ICU sentence still ends it.
    std::size_t a = static_cast<std::size_t>(prev);
    std::size_t end = static_cast<std::size_t>(p);
    while (true) {
      std::size_t pb = text.substr(0, end).find("\n\n", a);
      if (pb == std::string_view::npos) break;
      push(a, pb);
      a = pb + 2;
    }
    push(a, end);
    prev = p;
  }
  utext_close(ut);
  return out;
}

}  // namespace newsd
