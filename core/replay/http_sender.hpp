#pragma once
/// The real Sender: one libcurl easy handle per attempt (a fresh connection, so a reset
/// connection is never reused), no redirects, no retries of its own.
#include <string>

#include "core/replay/sender.hpp"

namespace sonde::replay {

struct TransportOptions {
  std::string cacert;     ///< CA bundle file (curl --cacert); empty: the system store
  bool insecure = false;  ///< skip certificate verification (curl -k)
};

class CurlSender final : public Sender {
 public:
  explicit CurlSender(TransportOptions options = {}) : options_(std::move(options)) {}
  SendResult send(const Request& request, Duration timeout) override;

 private:
  TransportOptions options_;
};

}  // namespace sonde::replay
