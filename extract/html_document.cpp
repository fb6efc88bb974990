#include "extract/html_document.h"

#include <gumbo.h>

namespace newsd {
namespace {

const GumboNode* ChildElement(const GumboNode* parent, GumboTag tag) {
  if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT) return nullptr;
  const GumboVector& children = parent->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(children.data[i]);
    if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == tag) return c;
  }
  return nullptr;
}

}  // namespace

HtmlDocument::HtmlDocument(std::string_view utf8) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors; recording them is slow
  output_ = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }

const GumboNode* HtmlDocument::Root() const { return output_->root; }

const GumboNode* HtmlDocument::Body() const {
  const GumboNode* body = ChildElement(output_->root, GUMBO_TAG_BODY);
  return body != nullptr ? body : output_->root;
}

const GumboNode* HtmlDocument::Head() const { return ChildElement(output_->root, GUMBO_TAG_HEAD); }

}  // namespace newsd
