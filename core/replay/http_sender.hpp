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
  /// The most response body kept (--max-body); past it the transfer stops with an error, so an
  /// endless body costs bounded memory.
  std::size_t max_body = std::size_t{64} << 20;
};

/// Fails (invalid_input, naming the request's origin) unless the URL parses and its scheme is
/// http or https: the only schemes the sender will use.
Result<void> check_url(const Request& request);

/// Fails (with `kind`, naming the request's origin) when the method is not a token or a header
/// name or value holds CR, LF or NUL: from any source, after variables were substituted.
Result<void> check_fields(const Request& request, ErrorKind kind);

class CurlSender final : public Sender {
 public:
  explicit CurlSender(TransportOptions options = {}) : options_(std::move(options)) {}
  /// Follows redirects itself when the request's Transport asks (see http_sender.cpp for why).
  SendResult send(const Request& request, Duration timeout) override;

 private:
  SendResult send_once(const Request& request, Duration timeout);
  TransportOptions options_;
};

}  // namespace sonde::replay
