#pragma once
/// The seam between the mock and the HTTP library that serves it. cpp-httplib (and OpenSSL behind
/// it) lives in a module, sonde-mock-http.so, that `sonde mock` loads when it starts: linked into
/// the executable, those libraries cost every other subcommand ~3 ms of start-up. The module and
/// the executable must come from one build (version and type layouts are checked), since C++
/// types cross the seam.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/mock/exchange.hpp"
#include "core/mock/http_server.hpp"
#include "core/util/error.hpp"
#include "sonde/build_info.hpp"

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

/// Serves one accepted h2c connection (see http_server.hpp's serve_h2c_connection).
using ServeH2c = bool (*)(int fd, std::string_view bytes, const RequestHandler& handler, const std::atomic<int>& serving);

/// The module's exported symbols.
inline constexpr const char* k_backend_bind_symbol = "sonde_mock_http_bind";
inline constexpr const char* k_backend_h2c_symbol = "sonde_mock_http_serve_h2c";
inline constexpr const char* k_backend_abi_symbol = "sonde_mock_http_abi";

/// What both sides of the seam must agree on, computed by each with its own compilation: the
/// version and the sizes of the types that cross.
inline std::string backend_abi_tag() {
  return std::string(k_version) + "/" + std::to_string(sizeof(ServerOptions)) + "/" + std::to_string(sizeof(MockRequest)) +
         "/" + std::to_string(sizeof(MockResponse)) + "/" + std::to_string(sizeof(RequestHandler)) + "/" +
         std::to_string(sizeof(Result<std::unique_ptr<HttpBackend>>)) + "/" + std::to_string(sizeof(Error));
}

}  // namespace sonde::mock
