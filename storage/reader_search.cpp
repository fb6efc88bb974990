// Fact terms in search queries (entity:, quote:) and `newsd search` with them.
#include <algorithm>
#include <cctype>

#include "storage/codec.h"
#include "storage/fact_query.h"
#include "storage/reader_impl.h"
#include "storage/sqlite.h"

namespace newsd {

using storage::Stmt;

namespace {

constexpr std::string_view kEntity = "entity:";
constexpr std::string_view kQuote = "quote:";

bool StartsWithNoCase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
  }
  return true;
}

bool TermStart(std::string_view s, std::size_t i) {
  return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '(';
}

// The prefix (kEntity or kQuote) a fact term at `i` starts with, else "".
std::string_view FactPrefix(std::string_view s, std::size_t i) {
  if (!TermStart(s, i)) return {};
  if (StartsWithNoCase(s, i, kEntity)) return kEntity;
  if (StartsWithNoCase(s, i, kQuote)) return kQuote;
  return {};
}

// LIKE pattern for "contains `v`", with % _ and \ escaped (ESCAPE '\').
std::string ContainsPattern(std::string_view v) {
  std::string out = "%";
  for (char c : v) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

bool Utf8Start(std::string_view s, std::size_t p) {
  return p >= s.size() || (static_cast<unsigned char>(s[p]) & 0xC0) != 0x80;
}

// "…text around [the fact]…", cut on UTF-8 boundaries.
std::string SnippetAround(std::string_view text, std::size_t b, std::size_t e) {
  constexpr std::size_t kContext = 60;
  b = std::min(b, text.size());
  e = std::clamp(e, b, text.size());
  std::size_t from = b > kContext ? b - kContext : 0;
  std::size_t to = std::min(text.size(), e + kContext);
  while (from > 0 && !Utf8Start(text, from)) --from;
  while (to < text.size() && !Utf8Start(text, to)) ++to;
  std::string out;
  if (from > 0) out += "…";
  out.append(text.substr(from, b - from));
  out += "[";
  out.append(text.substr(b, e - b));
  out += "]";
  out.append(text.substr(e, to - e));
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace

bool HasFactTerms(std::string_view q) {
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (!FactPrefix(q, i).empty()) return true;
  }
  return false;
}

Result<FactQuery> ParseFactQuery(std::string_view q) {
  FactQuery fq;
  std::size_t i = 0;
  bool in_phrase = false;  // inside an FTS "phrase": nothing there is a fact term
  while (i < q.size()) {
    std::string_view prefix = in_phrase ? std::string_view() : FactPrefix(q, i);
    if (prefix.empty()) {
      if (q[i] == '"') in_phrase = !in_phrase;
      fq.fts.push_back(q[i++]);
      continue;
    }
    std::size_t v = i + prefix.size();
    std::string value;
    if (v < q.size() && q[v] == '"') {
      std::size_t k = v + 1;
      bool closed = false;
      while (k < q.size()) {
        if (q[k] == '"' && k + 1 < q.size() && q[k + 1] == '"') {  // "" is a literal quote
          value.push_back('"');
          k += 2;
        } else if (q[k] == '"') {
          closed = true;
          ++k;
          break;
        } else {
          value.push_back(q[k++]);
        }
      }
      if (!closed) {
        return Fail(ErrorKind::kInvalidArgument, "unclosed '\"' after '" + std::string(prefix) +
                                                     "' in '" + std::string(q) + "'");
      }
      i = k;
    } else {
      std::size_t k = v;
      while (k < q.size() && q[k] != ' ' && q[k] != '\t' && q[k] != '\n' && q[k] != ')') ++k;
      value.assign(q.substr(v, k - v));
      i = k;
    }
    if (value.find_first_not_of(" \t\n") == std::string::npos) {
      return Fail(ErrorKind::kInvalidArgument,
                  "empty '" + std::string(prefix) + "' term in '" + std::string(q) + "'");
    }
    (prefix == kEntity ? fq.entities : fq.quotes).push_back(std::move(value));
  }
  // Only white space (and empty parentheses) left: no text condition.
  if (fq.fts.find_first_not_of(" \t\n()") == std::string::npos) fq.fts.clear();
  return fq;
}

std::string FactFilterSql(const FactQuery& fq, int first_param) {
  std::string sql;
  int p = first_param;
  for (std::size_t i = 0; i < fq.entities.size(); ++i, ++p) {
    std::string n = "?" + std::to_string(p);
    sql +=
        " AND EXISTS (SELECT 1 FROM entities fe WHERE fe.article_id = a.id AND (fe.canonical = " +
        n + " COLLATE NOCASE OR fe.text = " + n + " COLLATE NOCASE))";
  }
  for (std::size_t i = 0; i < fq.quotes.size(); ++i, ++p) {
    sql += " AND EXISTS (SELECT 1 FROM quotes fq WHERE fq.article_id = a.id AND fq.text LIKE ?" +
           std::to_string(p) + " ESCAPE '\\')";
  }
  return sql;
}

void BindFactFilter(Stmt& s, const FactQuery& fq, int first_param) {
  int p = first_param;
  for (const auto& e : fq.entities) s.Bind(p++, std::string_view(e));
  for (const auto& q : fq.quotes) s.Bind(p++, std::string_view(ContainsPattern(q)));
}

Result<SearchPage> SearchWithFacts(storage::Db& db, const SearchQuery& q) {
  auto parsed = ParseFactQuery(q.query);
  if (!parsed) return Fail(parsed.error());
  const FactQuery& fq = *parsed;
  const bool text = !fq.fts.empty();
  if (text) {
    auto fts = db.Prepare("SELECT value FROM meta WHERE key = 'fts'");
    if (!fts) return Fail(fts.error());
    auto frow = fts->Step();
    if (!frow) return Fail(frow.error());
    if (!*frow || fts->TextView(0) != "on") {
      return Fail(ErrorKind::kUnsupported,
                  db.path() + ": full-text search is switched off ([storage] fts = false)");
    }
  }
  const int limit = std::clamp(q.limit, 1, 1000);
  std::int64_t offset = 0;
  if (!q.cursor.empty()) {
    try {
      offset = std::stoll(q.cursor);
    } catch (...) {
      return Fail(ErrorKind::kInvalidArgument, "bad search cursor '" + q.cursor + "'");
    }
  }
  const char* filters =
      " AND (?2 IS NULL OR a.fetched >= ?2) AND (?3 = '' OR a.lang = ?3) "
      "AND (?4 = '' OR EXISTS (SELECT 1 FROM article_sources s WHERE s.article_id = a.id "
      "AND s.feed = ?4))";
  std::string sql = text ? "SELECT a.id, a.feed, a.title, a.url, a.lang, a.published, a.fetched, "
                           "a.duplicate_of, snippet(articles_fts, 1, '[', ']', '…', 16), "
                           "bm25(articles_fts, 3.0, 1.0) AS r "
                           "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                           "WHERE articles_fts MATCH ?1"
                         : "SELECT a.id, a.feed, a.title, a.url, a.lang, a.published, a.fetched, "
                           "a.duplicate_of, '', 0.0 AS r FROM articles a WHERE ?1 = ''";
  sql += filters;
  sql += FactFilterSql(fq, 7);
  sql += text ? " ORDER BY r, a.id LIMIT ?5 OFFSET ?6" : " ORDER BY a.id DESC LIMIT ?5 OFFSET ?6";
  auto s = db.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, std::string_view(fq.fts))
      .Bind(2, storage::ToUnix(q.since))
      .Bind(3, std::string_view(q.lang))
      .Bind(4, std::string_view(q.feed))
      .Bind(5, limit + 1)
      .Bind(6, offset);
  BindFactFilter(*s, fq, 7);
  auto read = storage::ReadSearchHits(*s, q.query, limit, offset);
  if (!read) return Fail(read.error());
  SearchPage page = std::move(*read);
  s->Reset();
  if (text) return page;
  // Without text there is no FTS snippet: show the first matching fact in context.
  std::string fact_sql =
      fq.entities.empty()
          ? "SELECT fq.start, fq.\"end\", a.text FROM quotes fq JOIN articles a ON a.id = "
            "fq.article_id WHERE a.id = ?1 AND fq.text LIKE ?2 ESCAPE '\\' ORDER BY fq.idx LIMIT 1"
          : "SELECT fe.start, fe.\"end\", a.text FROM entities fe JOIN articles a ON a.id = "
            "fe.article_id WHERE a.id = ?1 AND (fe.canonical = ?2 COLLATE NOCASE OR fe.text = ?2 "
            "COLLATE NOCASE) ORDER BY fe.idx LIMIT 1";
  auto f = db.Prepare(fact_sql);
  if (!f) return Fail(f.error());
  const std::string key =
      fq.entities.empty() ? ContainsPattern(fq.quotes.front()) : fq.entities.front();
  for (SearchHit& h : page.hits) {
    f->Bind(1, h.id).Bind(2, std::string_view(key));
    auto row = f->Step();
    if (!row) return Fail(row.error().Wrap("search '" + q.query + "'"));
    if (*row) {
      h.snippet = SnippetAround(f->TextView(2), static_cast<std::size_t>(f->Int(0)),
                                static_cast<std::size_t>(f->Int(1)));
    }
    f->Reset();
  }
  return page;
}

}  // namespace newsd
