#include "daemon/opml.h"

#include <map>
#include <memory>
#include <sstream>

#include <strings.h>

#include <pugixml.hpp>

namespace newsd {
namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

// An attribute by name, ignoring ASCII case (xmlUrl / xmlurl / XMLURL).
std::string Attr(const pugi::xml_node& n, const char* name) {
  for (const pugi::xml_attribute& a : n.attributes()) {
    if (strcasecmp(a.name(), name) == 0) return Trim(a.value());
  }
  return "";
}

bool HasAttr(const pugi::xml_node& n, const char* name) {
  for (const pugi::xml_attribute& a : n.attributes()) {
    if (strcasecmp(a.name(), name) == 0) return true;
  }
  return false;
}

void Walk(const pugi::xml_node& parent, std::vector<std::string>& path, OpmlDocument& doc) {
  for (const pugi::xml_node& o : parent.children()) {
    if (o.type() != pugi::node_element || strcasecmp(o.name(), "outline") != 0) continue;
    std::string name = Attr(o, "text");
    if (name.empty()) name = Attr(o, "title");
    if (HasAttr(o, "xmlUrl")) {
      const std::string url = Attr(o, "xmlUrl");
      if (url.empty()) {
        ++doc.without_url;
        continue;
      }
      OpmlFeed f{url, name, path};
      std::stringstream cats(Attr(o, "category"));
      std::string cat;
      while (std::getline(cats, cat, ',')) {
        cat = Trim(cat);
        while (!cat.empty() && cat.front() == '/') cat.erase(0, 1);
        if (!cat.empty()) f.tags.push_back(cat);
      }
      doc.feeds.push_back(std::move(f));
      continue;
    }
    // A folder: its name is a tag of everything inside.
    if (!name.empty()) path.push_back(name);
    Walk(o, path, doc);
    if (!name.empty()) path.pop_back();
  }
}

struct Folder {
  std::vector<const FeedConfig*> feeds;
  std::vector<std::pair<std::string, std::unique_ptr<Folder>>> children;  // in first-seen order

  Folder& Child(const std::string& name) {
    for (auto& [n, f] : children) {
      if (n == name) return *f;
    }
    children.emplace_back(name, std::make_unique<Folder>());
    return *children.back().second;
  }
};

void Emit(const Folder& f, pugi::xml_node parent) {
  for (const FeedConfig* feed : f.feeds) {
    pugi::xml_node o = parent.append_child("outline");
    const std::string& text = feed->title.empty() ? feed->id : feed->title;
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = text.c_str();
    o.append_attribute("title") = text.c_str();
    o.append_attribute("xmlUrl") = feed->url.c_str();
  }
  for (const auto& [name, child] : f.children) {
    pugi::xml_node o = parent.append_child("outline");
    o.append_attribute("text") = name.c_str();
    o.append_attribute("title") = name.c_str();
    Emit(*child, o);
  }
}

}  // namespace

Result<OpmlDocument> ParseOpml(std::string_view text, const std::string& name) {
  pugi::xml_document xml;
  const pugi::xml_parse_result r =
      xml.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_trim_pcdata);
  if (!r) {
    return Fail(ErrorKind::kParse, name + ": not well-formed XML at byte " +
                                       std::to_string(r.offset) + ": " + r.description());
  }
  const pugi::xml_node root = xml.document_element();
  if (strcasecmp(root.name(), "opml") != 0) {
    return Fail(ErrorKind::kParse, name + ": not an OPML document (root element <" +
                                       std::string(root.name()) + ">, expected <opml>)");
  }
  const pugi::xml_node body = root.child("body");
  if (!body) return Fail(ErrorKind::kParse, name + ": OPML document has no <body>");
  OpmlDocument doc;
  doc.title = Trim(root.child("head").child_value("title"));
  std::vector<std::string> path;
  Walk(body, path, doc);
  return doc;
}

std::string WriteOpml(const std::vector<FeedConfig>& feeds, const std::string& title) {
  Folder top;
  for (const auto& f : feeds) {
    Folder* at = &top;
    for (const auto& t : f.tags) at = &at->Child(t);
    at->feeds.push_back(&f);
  }
  pugi::xml_document xml;
  pugi::xml_node decl = xml.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = xml.append_child("opml");
  opml.append_attribute("version") = "2.0";
  pugi::xml_node head = opml.append_child("head");
  head.append_child("title").text().set(title.c_str());
  Emit(top, opml.append_child("body"));
  std::ostringstream out;
  xml.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

}  // namespace newsd
