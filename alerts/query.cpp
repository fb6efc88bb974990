#include "alerts/query.h"

#include <charconv>
#include <optional>

#include "alerts/text_fold.h"

namespace newsd::alerts {
namespace {

constexpr int kMaxDistance = 1000;
constexpr int kMaxDepth = 100;

enum class Tok { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kNear, kField, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // word/phrase content, field name
  std::string raw;   // as written (for messages)
  std::size_t offset = 0;
  bool prefix = false;
  int distance = 0;
  bool ordered = false;
};

struct ParseError {
  std::size_t offset;
  std::string message;
  std::string token;  // "" = end of query
};

bool IsFieldName(std::string_view s) {
  return s == "title" || s == "text" || s == "entity" || s == "quote" || s == "feed" ||
         s == "lang" || s == "case";
}

class Parser {
 public:
  Parser(std::string_view q, const std::string& id) : q_(q), id_(id) {}

  Result<QueryNode> Run() {
    if (!Lex()) return Fail(ErrorKind::kInvalidArgument, Format(*err_));
    if (toks_.size() == 1) {
      return Fail(ErrorKind::kInvalidArgument, Format({0, "empty query", ""}));
    }
    QueryNode n;
    if (!ParseOr(n, 0)) return Fail(ErrorKind::kInvalidArgument, Format(*err_));
    if (Peek().kind != Tok::kEnd) {
      const Token& t = Peek();
      SetError(t.offset, t.kind == Tok::kRParen ? "unexpected ')'" : "unexpected token", t.raw);
      return Fail(ErrorKind::kInvalidArgument, Format(*err_));
    }
    return n;
  }

 private:
  std::size_t Column(std::size_t offset) const {
    std::size_t col = 1;
    for (std::size_t i = 0; i < offset && i < q_.size(); ++i) {
      if ((static_cast<unsigned char>(q_[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  std::string Format(const ParseError& e) const {
    std::string m =
        "watch \"" + id_ + "\": column " + std::to_string(Column(e.offset)) + ": " + e.message;
    m += e.token.empty() ? " (at end of query)" : " (at '" + e.token + "')";
    return m;
  }

  bool SetError(std::size_t offset, std::string msg, std::string token) {
    if (!err_) err_ = ParseError{offset, std::move(msg), std::move(token)};
    return false;
  }

  static bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  bool Lex() {
    std::size_t i = 0;
    while (i < q_.size()) {
      char c = q_[i];
      if (IsSpace(c)) {
        ++i;
        continue;
      }
      Token t;
      t.offset = i;
      if (c == '(' || c == ')') {
        t.kind = c == '(' ? Tok::kLParen : Tok::kRParen;
        t.raw = std::string(1, c);
        ++i;
      } else if (c == '"') {
        std::size_t close = q_.find('"', i + 1);
        if (close == std::string_view::npos) {
          return SetError(i, "unterminated phrase", std::string(q_.substr(i)));
        }
        t.kind = Tok::kPhrase;
        t.text = std::string(q_.substr(i + 1, close - i - 1));
        t.raw = std::string(q_.substr(i, close - i + 1));
        if (t.text.find_first_not_of(" \t\r\n") == std::string::npos) {
          return SetError(i, "empty phrase", t.raw);
        }
        i = close + 1;
        if (i < q_.size() && q_[i] == '*') {
          t.prefix = true;
          t.raw += '*';
          ++i;
        }
      } else {
        std::size_t j = i;
        while (j < q_.size() && !IsSpace(q_[j]) && q_[j] != '(' && q_[j] != ')' && q_[j] != '"') {
          if (q_[j] == ':') break;
          ++j;
        }
        std::string word(q_.substr(i, j - i));
        if (j < q_.size() && q_[j] == ':' && !word.empty()) {
          if (!IsFieldName(word)) return SetError(i, "unknown field '" + word + ":'", word + ":");
          t.kind = Tok::kField;
          t.text = word;
          t.raw = word + ":";
          i = j + 1;
          toks_.push_back(std::move(t));
          continue;
        }
        if (word.empty()) {  // a ':' alone
          return SetError(i, "':' must follow a field name", ":");
        }
        t.raw = word;
        i = j;
        if (!LexWord(word, t)) return false;
      }
      toks_.push_back(std::move(t));
    }
    Token end;
    end.offset = q_.size();
    toks_.push_back(end);
    return true;
  }

  bool LexWord(const std::string& word, Token& t) {
    if (word == "AND") {
      t.kind = Tok::kAnd;
      return true;
    }
    if (word == "OR") {
      t.kind = Tok::kOr;
      return true;
    }
    if (word == "NOT") {
      t.kind = Tok::kNot;
      return true;
    }
    const bool near = word.rfind("NEAR", 0) == 0;
    const bool onear = word.rfind("ONEAR", 0) == 0;
    if (near || onear) {
      std::string_view rest = std::string_view(word).substr(onear ? 5 : 4);
      int d = -1;
      if (rest.size() >= 2 && rest[0] == '/') {
        auto r = std::from_chars(rest.data() + 1, rest.data() + rest.size(), d);
        if (r.ec != std::errc() || r.ptr != rest.data() + rest.size()) d = -1;
        if (r.ec == std::errc::result_out_of_range) d = kMaxDistance + 1;
      }
      if (d < 0) {
        return SetError(t.offset,
                        std::string(onear ? "ONEAR" : "NEAR") + " needs a distance such as " +
                            (onear ? "ONEAR/5" : "NEAR/5"),
                        word);
      }
      if (d > kMaxDistance) {
        return SetError(t.offset, "distance must be at most " + std::to_string(kMaxDistance), word);
      }
      t.kind = Tok::kNear;
      t.distance = d;
      t.ordered = onear;
      return true;
    }
    std::size_t star = word.find('*');
    if (star != std::string::npos && star != word.size() - 1) {
      return SetError(t.offset + star, "'*' is only allowed at the end of a word", word);
    }
    t.kind = Tok::kWord;
    t.prefix = star != std::string::npos;
    t.text = t.prefix ? word.substr(0, word.size() - 1) : word;
    if (t.text.empty()) return SetError(t.offset, "'*' is only allowed at the end of a word", word);
    return true;
  }

  const Token& Peek() const { return toks_[pos_]; }
  const Token& Next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

  bool StartsPrimary(Tok k) const {
    return k == Tok::kWord || k == Tok::kPhrase || k == Tok::kLParen || k == Tok::kField ||
           k == Tok::kNot;
  }

  bool Expected(const Token& t) {
    if (t.kind == Tok::kEnd) return SetError(t.offset, "expected a term", "");
    if (t.kind == Tok::kRParen) return SetError(t.offset, "unexpected ')'", t.raw);
    return SetError(t.offset, "expected a term", t.raw);
  }

  bool ParseOr(QueryNode& out, int depth) {
    if (!ParseAnd(out, depth)) return false;
    while (Peek().kind == Tok::kOr) {
      const Token& op = Next();
      QueryNode rhs;
      if (!ParseAnd(rhs, depth)) return false;
      Combine(out, std::move(rhs), QueryNode::Kind::kOr, op.offset);
    }
    return true;
  }

  bool ParseAnd(QueryNode& out, int depth) {
    if (!ParseNot(out, depth)) return false;
    while (true) {
      const Token& t = Peek();
      if (t.kind == Tok::kAnd) {
        Next();
      } else if (!StartsPrimary(t.kind)) {
        break;
      }
      QueryNode rhs;
      if (!ParseNot(rhs, depth)) return false;
      Combine(out, std::move(rhs), QueryNode::Kind::kAnd, t.offset);
    }
    return true;
  }

  bool ParseNot(QueryNode& out, int depth) {
    if (depth > kMaxDepth) return SetError(Peek().offset, "query nested too deeply", Peek().raw);
    if (Peek().kind == Tok::kNot) {
      const Token& op = Next();
      QueryNode child;
      if (!ParseNot(child, depth + 1)) return false;
      out = QueryNode();
      out.kind = QueryNode::Kind::kNot;
      out.column = Column(op.offset);
      out.children.push_back(std::move(child));
      return true;
    }
    return ParseNear(out, depth);
  }

  static bool NearOperand(const QueryNode& n) {
    switch (n.kind) {
      case QueryNode::Kind::kTerm:
      case QueryNode::Kind::kNear:
        return true;
      case QueryNode::Kind::kOr:
        for (const auto& c : n.children) {
          if (!NearOperand(c)) return false;
        }
        return true;
      default:
        return false;
    }
  }

  bool ParseNear(QueryNode& out, int depth) {
    std::size_t lhs_off = Peek().offset;
    std::string lhs_raw = Peek().raw;
    if (!ParsePrimary(out, depth)) return false;
    while (Peek().kind == Tok::kNear) {
      Token op = Next();
      if (!NearOperand(out)) {
        return SetError(lhs_off, "NEAR/ONEAR operands must be terms, phrases, OR groups or NEAR",
                        lhs_raw);
      }
      std::size_t rhs_off = Peek().offset;
      std::string rhs_raw = Peek().raw;
      QueryNode rhs;
      if (!ParsePrimary(rhs, depth)) return false;
      if (!NearOperand(rhs)) {
        return SetError(rhs_off, "NEAR/ONEAR operands must be terms, phrases, OR groups or NEAR",
                        rhs_raw);
      }
      QueryNode n;
      n.kind = QueryNode::Kind::kNear;
      n.column = out.column;
      n.distance = op.distance;
      n.ordered = op.ordered;
      n.children.push_back(std::move(out));
      n.children.push_back(std::move(rhs));
      out = std::move(n);
    }
    return true;
  }

  static void Scope(QueryNode& n, QueryField f, bool case_sensitive) {
    if (n.kind == QueryNode::Kind::kTerm) {
      if (f != QueryField::kAny && n.field == QueryField::kAny) n.field = f;
      if (case_sensitive) n.case_sensitive = true;
    }
    for (auto& c : n.children) Scope(c, f, case_sensitive);
  }

  bool ParsePrimary(QueryNode& out, int depth) {
    if (depth > kMaxDepth) return SetError(Peek().offset, "query nested too deeply", Peek().raw);
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kWord:
      case Tok::kPhrase: {
        Next();
        if (FoldWords(t.text, FoldMode::kFold).empty()) {
          return SetError(t.offset, "'" + t.raw + "' has no words to match", t.raw);
        }
        out = QueryNode();
        out.kind = QueryNode::Kind::kTerm;
        out.column = Column(t.offset);
        out.text = t.text;
        out.prefix = t.prefix;
        return true;
      }
      case Tok::kLParen: {
        Next();
        if (!ParseOr(out, depth + 1)) return false;
        if (Peek().kind != Tok::kRParen) {
          return SetError(Peek().offset,
                          "missing ')' for the '(' at column " + std::to_string(Column(t.offset)),
                          Peek().raw);
        }
        Next();
        return true;
      }
      case Tok::kField: {
        Token f = Next();
        if (f.text == "feed" || f.text == "lang") {
          const Token& v = Peek();
          if (v.kind != Tok::kWord && v.kind != Tok::kPhrase) {
            return SetError(f.offset, "'" + f.raw + "' needs a value", f.raw);
          }
          Next();
          out = QueryNode();
          out.kind = QueryNode::Kind::kMeta;
          out.column = Column(f.offset);
          out.meta_field = f.text;
          out.meta_value = v.text;
          return true;
        }
        if (!ParsePrimary(out, depth + 1)) return false;
        if (out.kind == QueryNode::Kind::kMeta) {
          return SetError(f.offset, "'" + f.raw + "' cannot scope feed: or lang:", f.raw);
        }
        QueryField qf = f.text == "title"    ? QueryField::kTitle
                        : f.text == "text"   ? QueryField::kText
                        : f.text == "entity" ? QueryField::kEntity
                        : f.text == "quote"  ? QueryField::kQuote
                                             : QueryField::kAny;
        Scope(out, qf, f.text == "case");
        out.column = Column(f.offset);
        return true;
      }
      default:
        return Expected(t);
    }
  }

  void Combine(QueryNode& lhs, QueryNode rhs, QueryNode::Kind kind, std::size_t) {
    if (lhs.kind == kind && !lhs.children.empty()) {
      lhs.children.push_back(std::move(rhs));
      return;
    }
    QueryNode n;
    n.kind = kind;
    n.column = lhs.column;
    n.children.push_back(std::move(lhs));
    n.children.push_back(std::move(rhs));
    lhs = std::move(n);
  }

  std::string_view q_;
  const std::string& id_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::optional<ParseError> err_;
};

}  // namespace

const char* QueryFieldName(QueryField f) {
  switch (f) {
    case QueryField::kAny:
      return "any";
    case QueryField::kTitle:
      return "title";
    case QueryField::kText:
      return "text";
    case QueryField::kEntity:
      return "entity";
    case QueryField::kQuote:
      return "quote";
  }
  return "any";
}

Result<QueryNode> ParseQuery(std::string_view query, const std::string& watch_id) {
  return Parser(query, watch_id).Run();
}

std::string DebugString(const QueryNode& n) {
  switch (n.kind) {
    case QueryNode::Kind::kTerm: {
      std::string s;
      if (n.field != QueryField::kAny) s += std::string(QueryFieldName(n.field)) + ":";
      if (n.case_sensitive) s += "case:";
      s += "\"" + n.text + "\"";
      if (n.prefix) s += "*";
      return s;
    }
    case QueryNode::Kind::kMeta:
      return n.meta_field + ":" + n.meta_value;
    case QueryNode::Kind::kNot:
      return "NOT " + DebugString(n.children[0]);
    case QueryNode::Kind::kNear:
      return "(" + DebugString(n.children[0]) + (n.ordered ? " ONEAR/" : " NEAR/") +
             std::to_string(n.distance) + " " + DebugString(n.children[1]) + ")";
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::string s = "(";
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i > 0) s += n.kind == QueryNode::Kind::kAnd ? " AND " : " OR ";
        s += DebugString(n.children[i]);
      }
      return s + ")";
    }
  }
  return "";
}

}  // namespace newsd::alerts
