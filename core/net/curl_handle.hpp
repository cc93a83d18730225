#pragma once
/// RAII owners for libcurl handles, and the once-per-process global init. Only core/net and the
/// engines built on it include curl headers.
#include <curl/curl.h>

#include <memory>
#include <string>
#include <vector>

namespace sonde::net {

/// Loads libcurl and calls curl_global_init once (thread-safe via function-local statics); throws
/// ErrorException when libcurl cannot be loaded (see libcurl_loader.hpp).
void ensure_curl_global_init();

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

/// A new easy handle (after the global init); never null (allocation failure throws bad_alloc).
EasyHandle make_easy();

/// A new multi handle (after the global init); never null.
MultiHandle make_multi();

/// Builds a curl_slist from strings (headers, CURLOPT_RESOLVE entries, ...).
Slist make_slist(const std::vector<std::string>& items);

}  // namespace sonde::net
