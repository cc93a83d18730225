#pragma once
/// Loads libcurl (with its TLS, Kerberos and LDAP libraries: ~30 of them) and runs its global init
/// on a thread of its own, while the caller reads what it needs no network for: flow files, a
/// description. That load is most of a short run's start-up (~15 ms here), so it overlaps
/// instead of adding. The first libcurl call waits for it (ensure_curl_global_init's statics);
/// the destructor waits too, so the process never exits during the load. A libcurl that cannot
/// be loaded is reported by that first call, as without the preload.
#include <thread>

namespace sonde::net {

class LibcurlPreload {
 public:
  LibcurlPreload();
  ~LibcurlPreload();
  LibcurlPreload(const LibcurlPreload&) = delete;
  LibcurlPreload& operator=(const LibcurlPreload&) = delete;

 private:
  std::thread thread_;
};

}  // namespace sonde::net
