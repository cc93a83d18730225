#include "core/net/libcurl_preload.hpp"

#include <system_error>

#include "core/net/curl_handle.hpp"

namespace sonde::net {

LibcurlPreload::LibcurlPreload() {
  try {
    thread_ = std::thread([] {
      try {
        ensure_curl_global_init();
      } catch (...) {
        // Said by the first real call, which meets the same cached failure.
      }
    });
  } catch (const std::system_error&) {
    // No thread to be had: libcurl loads when first used, as it would without the preload.
  }
}

LibcurlPreload::~LibcurlPreload() {
  if (thread_.joinable()) thread_.join();
}

}  // namespace sonde::net
