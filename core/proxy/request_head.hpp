#pragma once
/// The head of an HTTP/1.x request (RFC 9112 sections 3 and 5), read from the bytes a client sent
/// to the proxy's event-loop server (core/proxy/proxy_server.hpp). Strict where leniency lets
/// two parsers disagree about where a message ends (request smuggling): obsolete line folding,
/// a Transfer-Encoding beside a Content-Length, Content-Length values that differ, and any
/// transfer coding but a final `chunked` are refused, with a reason a client can read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/mock/exchange.hpp"

namespace sonde::proxy {

/// How the request's body ends.
enum class BodyFraming {
  none,     ///< no body
  length,   ///< RequestHead::content_length bytes
  chunked,  ///< chunked transfer coding (core/proxy/chunked_body.hpp)
};

struct RequestHead {
  std::string method;  ///< as sent (case matters: RFC 9110 section 9.1)
  std::string target;
  int minor_version = 1;  ///< HTTP/1.<minor>
  mock::HeaderList headers;  ///< as sent, in order, names as spelled
  BodyFraming framing = BodyFraming::none;
  std::uint64_t content_length = 0;
  bool keep_alive = true;       ///< HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with keep-alive
  bool expects_continue = false;  ///< "Expect: 100-continue"
};

enum class HeadStatus {
  incomplete,  ///< more bytes are needed (and the head so far is within the limit)
  complete,    ///< `head` is filled; the head took `size` bytes
  malformed,   ///< answer 400 with `problem`, then close
  too_large,   ///< answer 431, then close
  unsupported_coding,  ///< a transfer coding other than chunked: answer 501, then close
};

struct HeadParse {
  HeadStatus status = HeadStatus::incomplete;
  std::size_t size = 0;  ///< bytes of the head, blank line included (complete only)
  std::string problem;   ///< why it was refused (malformed, unsupported_coding)
};

/// Reads the head at the start of `bytes`. Empty lines before the request line are skipped
/// (RFC 9112 section 2.2). `max_head` bounds the head, blank line included.
HeadParse parse_request_head(std::string_view bytes, std::size_t max_head, RequestHead& head);

}  // namespace sonde::proxy
