#pragma once
/// An HTTP/1.1 response head as the proxy's event-loop server writes it: the status line, the
/// answer's end-to-end headers as they came (hop-by-hop ones and any framing of their own
/// dropped), then the server's own framing and connection headers.
#include <cstdint>
#include <optional>
#include <string>

#include "core/mock/exchange.hpp"

namespace sonde::proxy {

enum class ResponseFraming {
  none,     ///< no body may follow (HEAD, 1xx, 204, 304): nothing added
  length,   ///< Content-Length: the given length
  chunked,  ///< Transfer-Encoding: chunked
  close,    ///< the body ends when the connection closes (an HTTP/1.0 client, no announced length)
};

/// Whether a response to `method` with `status` may carry a body (RFC 9110 sections 6.4.1, 9.3.2).
bool response_has_body(const std::string& method, int status);

/// What the answer's Connection field says: nothing (HTTP/1.1 stays open by default), `close`, or
/// `keep-alive` for an HTTP/1.0 client that asked for it (it closes after the answer otherwise).
enum class ConnectionField { none, close, keep_alive };

/// Appends the head to `out`. `length` is read with ResponseFraming::length.
void append_response_head(std::string& out, int status, const mock::HeaderList& headers, ResponseFraming framing,
                          std::uint64_t length, ConnectionField connection);

/// Appends one chunk of a chunked body (nothing for an empty part: an empty chunk ends the body).
void append_chunk(std::string& out, std::string_view part);
inline constexpr std::string_view k_last_chunk = "0\r\n\r\n";

}  // namespace sonde::proxy
