#include "extract/ner_conll.h"

#include <fstream>
#include <sstream>

namespace newsd::ner {

Result<std::vector<ConllDocument>> ParseConll(const std::string& content) {
  std::vector<ConllDocument> docs(1);
  ConllSentence cur;
  auto flush = [&] {
    if (!cur.words.empty()) docs.back().sentences.push_back(std::move(cur));
    cur = ConllSentence{};
  };
  std::istringstream in(content);
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream f(line);
    std::vector<std::string> cols;
    for (std::string c; f >> c;) cols.push_back(c);
    if (cols.empty()) {
      flush();
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      flush();
      if (!docs.back().sentences.empty()) docs.emplace_back();
      continue;
    }
    if (cols.size() < 2)
      return Fail(ErrorKind::kParse, "line " + std::to_string(lineno) + ": expected WORD ... TAG");
    cur.words.push_back(cols.front());
    cur.tags.push_back(cols.back());
  }
  flush();
  if (docs.back().sentences.empty()) docs.pop_back();
  return docs;
}

Result<std::vector<ConllDocument>> ReadConllFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kNotFound, path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  auto r = ParseConll(ss.str());
  if (!r) return Fail(r.error().Wrap(path));
  return r;
}

std::vector<Chunk> TagsToChunks(const std::vector<std::string>& tags, std::size_t base) {
  std::vector<Chunk> out;
  std::string cur_type;
  std::size_t start = 0;
  auto close = [&](std::size_t at) {
    if (!cur_type.empty()) out.push_back({base + start, base + at, cur_type});
    cur_type.clear();
  };
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::string& t = tags[i];
    if (t == "O" || t.size() < 3 || t[1] != '-') {
      close(i);
      continue;
    }
    std::string type = t.substr(2);
    bool begin = t[0] == 'B' || t[0] == 'S' || type != cur_type;
    if (begin) {
      close(i);
      cur_type = type;
      start = i;
    }
  }
  close(tags.size());
  return out;
}

std::string DocumentText(const ConllDocument& doc, std::vector<Sentence>& sentences,
                         std::vector<Span>& token_spans) {
  std::string text;
  sentences.clear();
  token_spans.clear();
  for (const auto& s : doc.sentences) {
    if (!text.empty()) text += '\n';
    std::size_t sstart = text.size();
    for (std::size_t i = 0; i < s.words.size(); ++i) {
      if (i > 0) text += ' ';
      token_spans.push_back({text.size(), text.size() + s.words[i].size()});
      text += s.words[i];
    }
    sentences.push_back({sstart, text.size()});
  }
  return text;
}

}  // namespace newsd::ner
