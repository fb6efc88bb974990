// Move-only RAII owners of libcurl easy handles and header lists (internal to
// the webhook and email sinks). Thread rules: one handle per thread at a time.
#pragma once

#include <memory>

#include <curl/curl.h>

namespace newsd::alerts {

struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

// Appends `s` to `list` (curl_slist_append keeps the head).
inline void SlistAppend(CurlSlist& list, const char* s) {
  curl_slist* head = curl_slist_append(list.get(), s);
  if (head != nullptr) {
    (void)list.release();
    list.reset(head);
  }
}

}  // namespace newsd::alerts
