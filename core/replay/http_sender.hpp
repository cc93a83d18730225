#pragma once
/// The real Sender: one libcurl easy handle per attempt (a fresh connection, so a reset
/// connection is never reused), no redirects, no retries of its own.
#include <string>

#include "core/replay/sender.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

struct TransportOptions {
  std::string cacert;     ///< CA bundle file (curl --cacert); empty: the system store
  bool insecure = false;  ///< skip certificate verification (curl -k)
};

/// Fails (invalid_input, naming the request's origin) unless the URL parses and its scheme is
/// http or https: the only schemes the sender will use.
Result<void> check_url(const Request& request);

class CurlSender final : public Sender {
 public:
  explicit CurlSender(TransportOptions options = {}) : options_(std::move(options)) {}
  SendResult send(const Request& request, Duration timeout) override;

 private:
  TransportOptions options_;
};

}  // namespace sonde::replay
