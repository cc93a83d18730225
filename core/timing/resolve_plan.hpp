#pragma once
/// Decides, per hop, how the host becomes an address: sonde's own c-ares lookup (timed), or no
/// lookup at all (IP literal, a --resolve pin, a proxy, --connect-to, or an address already known).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/timing/options.hpp"
#include "core/timing/target.hpp"

namespace sonde::timing {

struct ResolvePlan {
  DnsInfo info;
  std::int64_t dns_us = 0;            ///< sonde's lookup time, 0 when none was made
  std::vector<std::string> entries;   ///< CURLOPT_RESOLVE: the user's pins plus sonde's answer
};

/// Addresses already looked up, keyed by host (a warm run or a later hop does not look again).
using AddressCache = std::map<std::string, net::ResolvedAddresses>;

/// Resolves `target` for one hop; a failed lookup is an exit-4 Error naming the host.
Result<ResolvePlan> plan_resolution(const RequestOptions& options, const Target& target, AddressCache& cache);

}  // namespace sonde::timing
