#pragma once
/// Views beside the trace: one question to one server (--server), the same question to every
/// server of the final zone (--all-servers) and to the system's resolvers (--compare).
#include <optional>
#include <string>
#include <vector>

#include "core/dns/trace.hpp"

namespace sonde::dns {

/// What one server said when asked directly.
struct ServerCheck {
  std::string server;  ///< NS name, or "resolver"
  std::string address;
  std::optional<double> rtt_ms;
  std::string rcode;                ///< empty when no reply came
  std::vector<std::string> answer;  ///< "TYPE data" of the relevant answer records, sorted
  std::optional<std::uint32_t> ttl;  ///< the lowest TTL among them: how long a cache keeps this answer
  std::optional<std::uint32_t> serial;
  std::optional<std::string> nsid;
  std::optional<std::string> problem;
};

/// How a server asked through another transport is shown: its URL and protocol (DoT, DoH).
struct ServerLabel {
  std::string text;
  Protocol protocol = Protocol::udp;
};

/// Asks `server` one question with RD=1 (like `dig @server`), over TCP again when truncated. The
/// result has one step per exchange; `failure` is set when no usable reply came.
Result<TraceResult> ask_server(const std::string& name, std::uint16_t type, const Endpoint& server,
                               const TraceOptions& opts, Transport& transport, const ServerLabel* label = nullptr);

/// Asks every known address of the final zone's servers the final question and the zone's SOA,
/// all at once; adds a problem to `trace` for each lame server and each differing answer or serial.
std::vector<ServerCheck> check_all_servers(TraceResult& trace, const TraceOptions& opts, Transport& transport);

/// Asks each resolver (RD=1) the traced question; adds a problem to `trace` where the resolver's
/// answer differs from the authoritative one (stale cache, split horizon).
std::vector<ServerCheck> compare_resolvers(TraceResult& trace, const std::vector<Endpoint>& resolvers,
                                           const TraceOptions& opts, Transport& transport);

}  // namespace sonde::dns
