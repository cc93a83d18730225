#pragma once
/// sonde's own name resolution for `sonde time`: one ares_getaddrinfo against the system's
/// configured servers and /etc/hosts, timed by sonde, so libcurl can be handed the addresses.
#include <chrono>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::net {

/// Which address families to ask for.
enum class Family { any, ipv4, ipv6 };

struct ResolvedAddresses {
  std::vector<std::string> ipv4;  ///< dotted quads, in the order c-ares returned them
  std::vector<std::string> ipv6;  ///< textual IPv6 addresses (no brackets)
  std::vector<std::string> ordered;  ///< both families in c-ares' preference order (RFC 6724)
  double elapsed_ms = 0.0;        ///< wall time of the lookup, measured by sonde
};

/// Resolves `host` (not an IP literal) within `timeout`; exit-4 Error naming the host on failure.
Result<ResolvedAddresses> ares_resolve(const std::string& host, Family family, std::chrono::milliseconds timeout);

/// True when `host` is an IPv4 or IPv6 literal (brackets allowed), which needs no lookup.
bool is_ip_literal(const std::string& host);

}  // namespace sonde::net
