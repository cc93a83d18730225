#pragma once
/// The JSON contract of `sonde dns` (see man/sonde-dns.1, OUTPUT).
#include <nlohmann/json.hpp>

#include "core/dns/server_checks.hpp"
#include "core/dns/trace.hpp"

namespace sonde::cli {

/// Extra views attached to one trace.
struct DnsViews {
  std::vector<dns::ServerCheck> all_servers;  ///< --all-servers
  std::vector<dns::ServerCheck> resolvers;    ///< --compare
  bool asked_all_servers = false;
  bool asked_compare = false;
  bool resolver_list = false;  ///< --compare FILE: the list's resolvers, not the system's
};

nlohmann::ordered_json dns_to_json(const dns::TraceResult& trace, const DnsViews& views);

}  // namespace sonde::cli
