#pragma once
/// Turns a failed libcurl transfer into words a user can act on, and into sonde's error kinds.
#include <curl/curl.h>

#include <cstddef>
#include <string>

#include "core/util/error.hpp"

namespace sonde::net {

/// What went wrong with a transfer, classified for retry decisions and messages.
enum class TransferFailure {
  none,
  resolve,            ///< the host name did not resolve
  connect_refused,    ///< nothing listens: the request provably never left
  connect_timeout,    ///< no TCP connection in time
  connection_reset,   ///< the peer reset or closed the connection mid-exchange
  tls_expired,        ///< certificate expired (or not yet valid)
  tls_hostname,       ///< certificate does not name the host
  tls_untrusted,      ///< self-signed or unknown issuer
  tls_other,          ///< any other TLS handshake failure
  timeout,            ///< the whole transfer took too long
  other,
};

struct TransferError {
  TransferFailure failure = TransferFailure::none;
  std::string message;  ///< one line, e.g. "TLS certificate has expired"
};

/// Classifies a failed transfer. `handle` (may be null) is used to read the OpenSSL verify result
/// (CURLINFO_SSL_VERIFYRESULT) and the OS errno; `curl_error_buffer` is CURLOPT_ERRORBUFFER's text.
TransferError classify_transfer_error(CURLcode code, CURL* handle, const char* curl_error_buffer);

/// The most response body `check` (live and --generate) and `test` keep in memory: past it the
/// transfer stops with body_limit_message(). (`replay` has its own --max-body, same default.)
inline constexpr std::size_t k_max_kept_body = std::size_t{64} << 20;

/// "response body larger than the 64 MiB limit; stopped reading" for `limit` bytes.
std::string body_limit_message(std::size_t limit);

/// The sonde Error (kind runtime, exit 4) for a failed transfer to `where` (host:port or URL).
Error to_error(const TransferError& error, const std::string& where);

/// True when retrying cannot duplicate a side effect: the request never reached the server.
bool request_never_sent(TransferFailure failure);

}  // namespace sonde::net
