#pragma once
/// The seam between the attempt runner and the network: one request in, one response or one
/// classified transfer failure out. The real implementation is CurlSender (http_sender.hpp).
#include <expected>

#include "core/net/curl_error.hpp"
#include "core/replay/request.hpp"
#include "core/replay/retry_policy.hpp"

namespace sonde::replay {

using SendResult = std::expected<Response, net::TransferError>;

class Sender {
 public:
  virtual ~Sender() = default;
  /// Sends `request` exactly as given (no added retries, no redirects), within `timeout`.
  virtual SendResult send(const Request& request, Duration timeout) = 0;
};

}  // namespace sonde::replay
