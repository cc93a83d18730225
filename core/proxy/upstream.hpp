#pragma once
/// The proxy's way to the real service: one request forwarded as it came (method, target,
/// headers, body bytes), over libcurl with certificate verification on, and the answer returned
/// as it came. Hop-by-hop headers (RFC 9110 section 7.6.1) stay on their hop; Host becomes the
/// upstream's (a reverse proxy). Bodies are kept whole, up to net::k_max_kept_body each way.
#include <chrono>
#include <string>

#include "core/mock/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

struct UpstreamOptions {
  /// "https://api.example.com" or with a path prefix: a reverse proxy, the target is appended.
  /// Empty: a forward proxy (clients with HTTP_PROXY), each request goes to its own absolute URL.
  std::string base;
  std::chrono::milliseconds timeout{30000};
  bool insecure = false;  ///< no certificate verification (a self-signed upstream under test)
  std::string cacert;
};

/// The URL a request target goes to. Origin-form ("/v1/pets?limit=2") is appended to `base`; it
/// must start with "/", so a target can never change the host ("@evil.test/" after
/// "https://api.example.com" would). Absolute-form ("http://api.example.com/v1/pets", what clients
/// send to a forward proxy) keeps its own URL when `base` is empty, and only its path and query
/// are appended to `base` otherwise: a reverse proxy is never an open relay. The error (a client
/// error, answered 400) says what the proxy takes.
Result<std::string> upstream_url(std::string_view target, std::string_view base);

/// The upstream's answer; an error (runtime, exit 4 material) when it could not be reached or its
/// answer was too large.
Result<mock::MockResponse> forward(const mock::MockRequest& request, const UpstreamOptions& options);

/// True for the headers that belong to one connection, not to the message.
bool hop_by_hop(std::string_view name);

/// One line of the upstream's answer head as libcurl hands it over ("Name: value\r\n"), kept in
/// `headers` unless the hop owns it (hop-by-hop, Content-Length: the proxy's server frames its own
/// answer). A status line starts a new answer (a 1xx came first) and clears what was kept.
void take_header_line(std::string_view line, mock::HeaderList& headers);

}  // namespace sonde::proxy
