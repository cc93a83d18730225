#include "core/net/library_versions.hpp"

#include <ares.h>
#include <curl/curl.h>

#include "core/net/libcurl_loader.hpp"

namespace sonde::net {

std::vector<LibraryVersion> library_versions() {
  std::vector<LibraryVersion> out;
  if (!load_libcurl()) {
    out.push_back({"libcurl", "not loadable"});
    out.push_back({"c-ares", ares_version(nullptr)});
    return out;
  }
  const curl_version_info_data* info = curl_version_info(CURLVERSION_NOW);
  out.push_back({"libcurl", info->version ? info->version : "unknown"});
  if (info->ssl_version) {
    // libcurl reports "OpenSSL/3.0.17": split it into name and version.
    std::string ssl = info->ssl_version;
    auto slash = ssl.find('/');
    if (slash == std::string::npos) out.push_back({ssl, ""});
    else out.push_back({ssl.substr(0, slash), ssl.substr(slash + 1)});
  }
  out.push_back({"c-ares", ares_version(nullptr)});
  if (info->libz_version) out.push_back({"zlib", info->libz_version});
  if (info->age >= CURLVERSION_SIXTH && info->nghttp2_version) out.push_back({"nghttp2", info->nghttp2_version});
  return out;
}

}  // namespace sonde::net
