#include "core/net/curl_handle.hpp"

#include <new>

#include "core/net/libcurl_loader.hpp"

namespace sonde::net {

void ensure_curl_global_init() {
  if (auto loaded = load_libcurl(); !loaded) throw ErrorException(loaded.error());
  static const bool initialised = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  if (!initialised) throw std::bad_alloc();
}

EasyHandle make_easy() {
  ensure_curl_global_init();
  EasyHandle h(curl_easy_init());
  if (!h) throw std::bad_alloc();
  return h;
}

MultiHandle make_multi() {
  ensure_curl_global_init();
  MultiHandle h(curl_multi_init());
  if (!h) throw std::bad_alloc();
  return h;
}

Slist make_slist(const std::vector<std::string>& items) {
  curl_slist* list = nullptr;
  for (const auto& item : items) {
    curl_slist* next = curl_slist_append(list, item.c_str());
    if (!next) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = next;
  }
  return Slist(list);
}

}  // namespace sonde::net
