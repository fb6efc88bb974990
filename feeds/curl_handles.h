// Move-only RAII owners of libcurl's C handles: CURL* (easy), CURLM* (multi)
// and curl_slist*. Each frees its handle exactly once in its destructor.
// Not thread-safe: one owner, one thread at a time (as libcurl requires).
#pragma once

#include <memory>

#include <curl/curl.h>

namespace newsd {

struct CurlEasyDeleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

// An easy handle; null when curl_easy_init failed.
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
// A multi handle. Remove every easy handle from it before it is destroyed.
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

// A header list; Append keeps the list valid when curl_slist_append fails.
class CurlSlist {
 public:
  // Adds a copy of `line`; returns false when out of memory.
  bool Append(const char* line) {
    curl_slist* n = curl_slist_append(list_.get(), line);
    if (!n) return false;
    list_.release();
    list_.reset(n);
    return true;
  }
  curl_slist* get() const { return list_.get(); }

 private:
  std::unique_ptr<curl_slist, CurlSlistDeleter> list_;
};

}  // namespace newsd
