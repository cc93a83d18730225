#include "core/timing/resolve_plan.hpp"

namespace sonde::timing {

Result<ResolvePlan> plan_resolution(const RequestOptions& options, const Target& target, AddressCache& cache) {
  ResolvePlan plan;
  plan.entries = options.resolve;
  // With a proxy the proxy resolves the target; with --connect-to libcurl connects elsewhere.
  if (!options.proxy.empty()) {
    plan.info.source = "proxy";
    return plan;
  }
  if (!options.connect_to.empty()) {
    plan.info.source = "connect-to";
    return plan;
  }
  if (net::is_ip_literal(target.host)) {
    plan.info.source = "ip-literal";
    return plan;
  }
  if (resolve_pins(options.resolve, target)) {
    plan.info.source = "--resolve";
    return plan;
  }
  net::ResolvedAddresses addresses;
  if (auto it = cache.find(target.host); it != cache.end()) {
    addresses = it->second;
    plan.info.source = "cached";
  } else {
    auto looked_up = net::ares_resolve(target.host, options.family, options.timeout);
    if (!looked_up) return std::unexpected(looked_up.error());
    addresses = *looked_up;
    cache[target.host] = addresses;
    plan.info.source = "c-ares";
    plan.dns_us = static_cast<std::int64_t>(addresses.elapsed_ms * 1000.0);
  }
  plan.info.ipv4 = addresses.ipv4;
  plan.info.ipv6 = addresses.ipv6;
  plan.entries.push_back(resolve_entry(target, addresses.ordered));
  return plan;
}

}  // namespace sonde::timing
