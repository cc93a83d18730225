#pragma once
/// The mock's transport-neutral request and response: the HTTP server fills a MockRequest and
/// writes a MockResponse, so everything the mock decides is testable without sockets.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/check/request_parts.hpp"

namespace sonde::mock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct MockRequest {
  std::string method;  ///< upper case
  std::string target;  ///< path and query, as sent
  HeaderList headers;
  std::string body;
};

struct MockResponse {
  int status = 200;
  HeaderList headers;
  std::string body;
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
