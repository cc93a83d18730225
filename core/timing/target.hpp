#pragma once
/// The pieces of a URL sonde needs to resolve and follow it, and the redirect rules.
#include <optional>
#include <string>
#include <vector>

#include "core/net/ares_resolve.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

struct Target {
  std::string scheme;  ///< lower case: http or https
  std::string host;    ///< without IPv6 brackets
  long port = 0;       ///< explicit or the scheme's default
};

/// Splits an absolute http(s) URL; a usage error naming the URL otherwise.
Result<Target> parse_target(const std::string& url);

/// A CURLOPT_RESOLVE entry "host:port:addr1,[addr6],...", addresses in the given order.
std::string resolve_entry(const Target& target, const std::vector<std::string>& addresses);

/// True when one of curl-style HOST:PORT:ADDR entries pins `target`'s host and port.
bool resolve_pins(const std::vector<std::string>& entries, const Target& target);

/// The address in libcurl's "Trying ADDR:PORT..." debug line (one per connect attempt, which
/// shows happy eyeballs racing the families); nullopt for any other line.
std::optional<std::string> parse_connect_attempt(const std::string& debug_line);

/// True for the statuses sonde follows (301, 302, 303, 307, 308).
bool is_redirect(long status);

/// The method of the next hop, as curl -L does it: 303 turns anything but HEAD into GET, and
/// 301/302 turn POST into GET; 307/308 keep method and body.
std::string method_after_redirect(long status, const std::string& method);

}  // namespace sonde::timing
