#include "alerts/message.h"

#include <algorithm>

#include <boost/json.hpp>

namespace newsd::alerts {
namespace {

std::string Str(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return "";
  return std::string(v->as_string());
}

// About 60 bytes each side of [start, end) of `text`, cut at spaces, on one line.
std::string Context(const std::string& text, std::size_t start, std::size_t end) {
  if (start > end || end > text.size()) return "";
  constexpr std::size_t kSide = 60;
  std::size_t a = start > kSide ? start - kSide : 0;
  std::size_t b = std::min(text.size(), end + kSide);
  // Do not cut a UTF-8 sequence; then widen to a space.
  while (a > 0 && (static_cast<unsigned char>(text[a]) & 0xC0) == 0x80) --a;
  while (b < text.size() && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) ++b;
  if (a > 0) {
    std::size_t sp = text.find(' ', a);
    if (sp != std::string::npos && sp < start) a = sp + 1;
  }
  if (b < text.size()) {
    std::size_t sp = text.rfind(' ', b);
    if (sp != std::string::npos && sp >= end) b = sp;
  }
  std::string s = (a > 0 ? "…" : "") + text.substr(a, start - a) + "[" +
                  text.substr(start, end - start) + "]" + text.substr(end, b - end) +
                  (b < text.size() ? "…" : "");
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

std::string JsonEscaped(const std::string& s) {
  std::string q = boost::json::serialize(boost::json::value(s));
  return q.substr(1, q.size() - 2);
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

}  // namespace

AlertView ViewOf(const std::string& payload) {
  AlertView v;
  boost::system::error_code ec;
  boost::json::value j = boost::json::parse(payload, ec);
  if (ec || !j.is_object()) return v;
  const auto& o = j.as_object();
  v.id = Str(o, "id");
  v.watch = Str(o, "watch");
  std::string text, title;
  if (const auto* a = o.if_contains("article"); a != nullptr && a->is_object()) {
    const auto& art = a->as_object();
    v.title = title = Str(art, "title");
    v.url = Str(art, "canonical_url");
    if (v.url.empty()) v.url = Str(art, "url");
    v.source = Str(art, "feed");
    v.published = Str(art, "published");
    text = Str(art, "text");
  }
  if (const auto* m = o.if_contains("matched"); m != nullptr && m->is_array()) {
    for (const auto& e : m->as_array()) {
      if (!e.is_object()) continue;
      const auto& s = e.as_object();
      std::string term = Str(s, "term");
      if (!term.empty() && std::find(v.terms.begin(), v.terms.end(), term) == v.terms.end()) {
        v.terms.push_back(term);
      }
      const auto* st = s.if_contains("start");
      const auto* en = s.if_contains("end");
      if (st == nullptr || en == nullptr || !st->is_int64() || !en->is_int64()) continue;
      const std::string field = Str(s, "field");
      const std::string& src = field == "title" ? title : text;
      std::string c = Context(src, static_cast<std::size_t>(st->as_int64()),
                              static_cast<std::size_t>(en->as_int64()));
      if (!c.empty()) v.contexts.push_back(c);
    }
  }
  return v;
}

std::string JsonBody(const std::vector<const OutboxRow*>& alerts, bool brief) {
  auto one = [brief](const OutboxRow& r) -> boost::json::value {
    boost::system::error_code ec;
    boost::json::value j = boost::json::parse(r.payload, ec);
    if (ec) return boost::json::value(r.payload);
    if (brief && j.is_object()) {
      if (auto* a = j.as_object().if_contains("article"); a != nullptr && a->is_object()) {
        a->as_object().erase("text");
      }
    }
    return j;
  };
  if (alerts.size() == 1) {
    if (!brief) return alerts[0]->payload;
    return boost::json::serialize(one(*alerts[0]));
  }
  boost::json::array arr;
  for (const OutboxRow* r : alerts) arr.push_back(one(*r));
  boost::json::object d;
  d["type"] = "digest";
  d["count"] = alerts.size();
  d["alerts"] = std::move(arr);
  return boost::json::serialize(d);
}

std::string RenderTemplate(const std::string& tmpl, const std::vector<const OutboxRow*>& alerts) {
  std::vector<std::string> titles, urls, watches, terms, ids, sources;
  for (const OutboxRow* r : alerts) {
    AlertView v = ViewOf(r->payload);
    titles.push_back(v.title);
    urls.push_back(v.url);
    ids.push_back(v.id.empty() ? r->alert_id : v.id);
    auto add = [](std::vector<std::string>& to, const std::string& s) {
      if (!s.empty() && std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
    };
    add(watches, v.watch.empty() ? r->watch : v.watch);
    add(sources, v.source);
    for (const auto& t : v.terms) add(terms, t);
  }
  const std::size_t first = tmpl.find_first_not_of(" \t\r\n");
  const bool json = first != std::string::npos && (tmpl[first] == '{' || tmpl[first] == '[');
  auto value = [&](const std::string& name, bool& known) -> std::string {
    known = true;
    if (name == "title") return Join(titles, "\n");
    if (name == "url") return Join(urls, "\n");
    if (name == "watch") return Join(watches, ", ");
    if (name == "terms") return Join(terms, ", ");
    if (name == "id") return Join(ids, ", ");
    if (name == "source") return Join(sources, ", ");
    if (name == "count") return std::to_string(alerts.size());
    known = false;
    return "";
  };
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    std::size_t open = tmpl.find("{{", i);
    std::size_t close = open == std::string::npos ? open : tmpl.find("}}", open + 2);
    if (close == std::string::npos) {
      out += tmpl.substr(i);
      break;
    }
    out += tmpl.substr(i, open - i);
    std::string name = tmpl.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    bool known = false;
    std::string v = value(name, known);
    if (!known) {
      out += tmpl.substr(open, close + 2 - open);  // unknown: left as written
    } else {
      out += json ? JsonEscaped(v) : v;
    }
    i = close + 2;
  }
  return out;
}

EmailText FormatEmail(const std::vector<const OutboxRow*>& alerts) {
  EmailText e;
  std::string body;
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    AlertView v = ViewOf(alerts[i]->payload);
    if (i == 0) {
      e.subject = alerts.size() == 1
                      ? "[newsd] " + v.watch + ": " + v.title
                      : "[newsd] " + std::to_string(alerts.size()) + " alerts (" + v.watch + ", …)";
    } else {
      body += "\n----------------------------------------\n\n";
    }
    body += v.title + "\n\n";
    body += "Watch:   " + v.watch + "\n";
    if (!v.source.empty()) body += "Source:  " + v.source + "\n";
    if (!v.published.empty()) body += "Published: " + v.published + "\n";
    if (!v.terms.empty()) body += "Matched: " + Join(v.terms, ", ") + "\n";
    if (!v.contexts.empty()) {
      body += "\n";
      for (const auto& c : v.contexts) body += "  " + c + "\n";
    }
    body += "\nLink: " + v.url + "\n";
    body += "Alert id: " + (v.id.empty() ? alerts[i]->alert_id : v.id) + "\n";
  }
  for (char& c : e.subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  e.body = std::move(body);
  return e;
}

}  // namespace newsd::alerts
