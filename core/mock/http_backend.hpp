#pragma once
/// The seam between the mock and the HTTP library that serves it. cpp-httplib (and OpenSSL behind
/// it) lives in a module, sonde-mock-http.so, that `sonde mock` loads when it starts: linked into
/// the executable, those libraries cost every other subcommand ~3 ms of start-up. The module and
/// the executable come from one build (the version is checked), so C++ types cross the seam.
#include <functional>
#include <memory>

#include "core/mock/exchange.hpp"
#include "core/mock/http_server.hpp"
#include "core/util/error.hpp"

namespace sonde::mock {

/// A bound, not yet serving, HTTP(S) server.
class HttpBackend {
 public:
  virtual ~HttpBackend() = default;
  virtual int port() const = 0;
  virtual std::string scheme() const = 0;  ///< "http" or "https"
  virtual bool serve() = 0;                ///< until stop(); false when serving failed
  virtual void stop() = 0;                 ///< from any thread
};

/// Answers one request (called on the server's worker threads).
using RequestHandler = std::function<MockResponse(const MockRequest&)>;

using BindBackend = Result<std::unique_ptr<HttpBackend>> (*)(const ServerOptions&, RequestHandler);

/// The module's exported symbols.
inline constexpr const char* k_backend_bind_symbol = "sonde_mock_http_bind";
inline constexpr const char* k_backend_version_symbol = "sonde_mock_http_version";

}  // namespace sonde::mock
