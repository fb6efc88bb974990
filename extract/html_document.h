// HtmlDocument: an HTML5 document parsed by Gumbo, owned for its lifetime.
//
// Gumbo builds the same tree a browser would, so broken or truncated markup
// degrades the way it does on screen. The tree is read-only once parsed; a
// const HtmlDocument may be read from several threads at once.
#pragma once

#include <string_view>

struct GumboInternalNode;
struct GumboInternalOutput;

namespace newsd {

class HtmlDocument {
 public:
  // Parses `utf8` (must be UTF-8; invalid bytes are read as U+FFFD by Gumbo).
  // Never fails: any byte string yields a tree with at least <html><body>.
  explicit HtmlDocument(std::string_view utf8);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // The <html> element; valid while this document lives.
  const GumboInternalNode* Root() const;
  // The <body> element, or Root() when there is none (frameset documents).
  const GumboInternalNode* Body() const;
  // The <head> element, or nullptr.
  const GumboInternalNode* Head() const;

 private:
  GumboInternalOutput* output_;
};

}  // namespace newsd
