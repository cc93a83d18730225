#pragma once
/// libcurl is loaded on first use (dlopen of its SONAME), not at process start: mapping it and the
/// ~30 libraries behind it (OpenSSL, GnuTLS, Kerberos, LDAP, ...) costs about 5 ms, which
/// `sonde dns` and `sonde diff` never need. The curl_* functions sonde calls are defined in
/// libcurl_loader.cpp as forwarders, so the rest of the code uses the ordinary libcurl API.
#include "core/util/error.hpp"

namespace sonde::net {

/// Loads libcurl once (thread-safe); an Error (runtime) naming the library when it cannot be
/// loaded or lacks a function sonde needs. Later calls return the first outcome.
Result<void> load_libcurl();

}  // namespace sonde::net
