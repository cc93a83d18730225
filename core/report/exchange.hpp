#pragma once
/// What a report may carry beside pass/fail: the HTTP exchange a test case made, as it may be
/// shown (credentials already masked by the subcommand, see core/util/redaction.hpp), with bodies
/// cut to an excerpt so a report stays readable and bounded.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/timing/phases.hpp"

namespace sonde::report {

/// Bodies longer than this are cut in reports (HTML pages).
inline constexpr std::size_t k_body_excerpt_bytes = 64 * 1024;

/// The start of a body: at most k_body_excerpt_bytes, cut before a UTF-8 sequence.
struct Excerpt {
  std::string text;      ///< the bytes kept (not necessarily valid UTF-8: binary bodies stay bytes)
  std::size_t size = 0;  ///< the whole body's size in bytes
  bool cut = false;      ///< `text` is only the start of the body
};

/// `body` cut to at most `limit` bytes.
Excerpt excerpt(std::string_view body, std::size_t limit = k_body_excerpt_bytes);

struct Message {
  std::string start_line;  ///< "GET http://host/path" or "HTTP/1.1 200"
  std::vector<std::pair<std::string, std::string>> headers;
  Excerpt body;
};

struct Exchange {
  Message request;
  Message response;
  bool answered = false;   ///< false: no response (the request failed); `response` is empty
  timing::Phases phases;   ///< as `sonde time` measures them; the hops of a redirect added up
  std::vector<std::string> redirects;  ///< URLs followed before the last hop, in order
};

}  // namespace sonde::report
