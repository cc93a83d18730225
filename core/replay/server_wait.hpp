#pragma once
/// What the server asked us to wait before trying again: Retry-After (RFC 9110 section 10.2.3) in
/// both forms, the IETF RateLimit fields, and the de-facto X-RateLimit-Reset.
#include <chrono>
#include <optional>
#include <string>

#include "core/replay/request.hpp"
#include "core/replay/retry_policy.hpp"

namespace sonde::replay {

struct ServerWait {
  Duration wait{};
  std::string source;  ///< the header as the timeline shows it, e.g. "Retry-After: 2"
};

/// The first of Retry-After, RateLimit (`t=`) / RateLimit-Reset, X-RateLimit-Reset that parses.
/// An HTTP-date is measured against the response's own Date header (so clock skew between client
/// and server does not matter), or against `wall_now` when Date is missing. Past dates wait 0.
std::optional<ServerWait> server_requested_wait(const Headers& response_headers,
                                                std::chrono::system_clock::time_point wall_now);

}  // namespace sonde::replay
