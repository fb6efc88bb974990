#include "storage/codec.h"

#include <boost/json.hpp>

namespace newsd::storage {

std::optional<std::int64_t> ToUnix(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return ToUnix(*t);
}

std::optional<TimePoint> FromUnix(const std::optional<std::int64_t>& s) {
  if (!s) return std::nullopt;
  return FromUnix(*s);
}

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += '\n';
    out += v[i];
  }
  return out;
}

std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t pos = 0;
  while (true) {
    const auto nl = s.find('\n', pos);
    out.emplace_back(s.substr(pos, nl == std::string_view::npos ? s.npos : nl - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

namespace {
void PutU32(std::string& out, std::size_t v) {
  const auto x = static_cast<std::uint32_t>(v);
  for (int i = 0; i < 4; ++i) out += static_cast<char>((x >> (8 * i)) & 0xff);
}
std::size_t GetU32(std::string_view s, std::size_t at) {
  std::uint32_t x = 0;
  for (int i = 0; i < 4; ++i) {
    x |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + i])) << (8 * i);
  }
  return x;
}
}  // namespace

std::string EncodeSpans(const std::vector<Span>& spans) {
  std::string out;
  out.reserve(spans.size() * 8);
  for (const auto& sp : spans) {
    PutU32(out, sp.start);
    PutU32(out, sp.end);
  }
  return out;
}

std::vector<Span> DecodeSpans(std::string_view blob) {
  std::vector<Span> out;
  for (std::size_t at = 0; at + 8 <= blob.size(); at += 8) {
    out.push_back(Span{GetU32(blob, at), GetU32(blob, at + 4)});
  }
  return out;
}

std::string MatchSpansToJson(const std::vector<MatchSpan>& spans) {
  boost::json::array a;
  for (const auto& m : spans) {
    a.push_back(boost::json::object{
        {"field", m.field}, {"start", m.start}, {"end", m.end}, {"term", m.term}});
  }
  return boost::json::serialize(a);
}

std::vector<MatchSpan> MatchSpansFromJson(std::string_view json) {
  std::vector<MatchSpan> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    MatchSpan m;
    if (auto* f = o.if_contains("field"); f && f->is_string()) m.field = f->as_string().c_str();
    if (auto* f = o.if_contains("term"); f && f->is_string()) m.term = f->as_string().c_str();
    if (auto* f = o.if_contains("start"); f && f->is_number())
      m.start = f->to_number<std::size_t>();
    if (auto* f = o.if_contains("end"); f && f->is_number()) m.end = f->to_number<std::size_t>();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace newsd::storage
