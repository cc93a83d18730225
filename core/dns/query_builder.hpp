#pragma once
/// Builds the query messages sonde sends (RFC 1035 §4.1 with an EDNS OPT record, RFC 6891).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::dns {

struct QueryOptions {
  bool recursion_desired = false;  ///< RD: false while tracing, true for resolvers
  std::uint16_t udp_size = 1232;   ///< advertised EDNS payload (DNS flag day 2020)
  bool dnssec_ok = false;          ///< DO bit: ask for RRSIG/NSEC along the answers
  bool nsid = false;               ///< ask the server for its NSID (RFC 5001)
};

/// A query for `name` (presentation form) and `type`, id 0 (the transport gives each query a random ID).
Result<std::vector<std::uint8_t>> build_query(std::string_view name, std::uint16_t type, const QueryOptions& options);

/// Wire form of a presentation-form name ("\." and "\DDD" escapes understood); an usage Error
/// for an empty label, a label over 63 bytes or a name over 255 bytes.
Result<std::vector<std::uint8_t>> encode_name(std::string_view name);

}  // namespace sonde::dns
