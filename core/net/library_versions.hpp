#pragma once
/// Versions of the libraries sonde runs with (read at run time, not at build time).
#include <string>
#include <vector>

namespace sonde::net {

struct LibraryVersion {
  std::string name;
  std::string version;
};

/// libcurl, its TLS backend (OpenSSL), c-ares, and the other libraries libcurl reports.
std::vector<LibraryVersion> library_versions();

}  // namespace sonde::net
