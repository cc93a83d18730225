#pragma once
/// The mock's transport-neutral request and response: the HTTP server fills a MockRequest and
/// writes a MockResponse, so everything the mock decides is testable without sockets.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/check/request_parts.hpp"

namespace sonde::mock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// Takes the parts of a request body in order; false to stop reading.
using BodySink = std::function<bool(std::string_view)>;

struct MockRequest {
  std::string method;  ///< upper case
  std::string target;  ///< path and query, as sent
  HeaderList headers;
  std::string body;
  /// Set when the server left the body unread for the handler (ServerOptions::stream_request_bodies:
  /// the proxy, which forwards it as it arrives): hands it to the sink part by part and says
  /// whether it arrived whole (false: the client cut it, its framing broke, or the sink stopped).
  /// At most once, before the handler returns. A body not read whole closes an HTTP/1.1
  /// connection after the response; over HTTP/2 the stream is reset (RST_STREAM NO_ERROR) once
  /// the response is sent, and the connection goes on. Unset: `body` holds the body.
  std::function<bool(const BodySink&)> read_body = nullptr;
};

/// A body sent as it arrives instead of held whole: what the proxy forwards without reading (a
/// download, an event stream), which may be larger than memory or never end. The HTTP server
/// pulls it part by part on the thread that answers the request and drops it after the response.
class BodyStream {
 public:
  enum class Pull {
    more,    ///< call again (`out` may have gained nothing: no byte came within the wait)
    done,    ///< the body is complete
    failed,  ///< the rest will not come: the server cuts the connection, so the client sees a truncated body
  };
  virtual ~BodyStream() = default;
  /// Appends what has arrived to `out`, waiting at most about a quarter of a second, so the server
  /// can notice that it is stopping between calls.
  virtual Pull next(std::string& out) = 0;
  /// The body's length when the sender announced it (sent as Content-Length), else nullopt (chunked).
  virtual std::optional<std::uint64_t> length() const = 0;
};

struct MockResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
  std::shared_ptr<BodyStream> stream;  ///< set: the body comes from here and `body` is unused
  std::chrono::milliseconds delay{0};  ///< latency that was injected (already served)
  bool reset = false;                  ///< drop the connection mid-response
  bool close = false;                  ///< close the connection after this response
  std::string operation;               ///< "GET /pets/{id}", empty when none matched
  std::string fault;                   ///< the fault applied, for the log line ("latency 50ms", "fail 503")
};

/// Case-insensitive header lookup (HTTP field names are case-insensitive, RFC 9110 section 5.1).
std::optional<std::string> header_value(const HeaderList& headers, std::string_view name);

using check::cookie_names;      // read as the request checks read them
using check::query_parameters;

}  // namespace sonde::mock
