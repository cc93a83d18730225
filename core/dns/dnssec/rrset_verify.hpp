#pragma once
/// One RRset against its RRSIGs and the zone's keys (RFC 4035 §5.3): the signed data in canonical
/// form and order (RFC 4034 §§3.1.8.1, 6.3), the wildcard owner, the validity window in serial
/// arithmetic, and a reason a person can act on when it fails.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dns/dnssec/records.hpp"
#include "core/dns/message.hpp"

namespace sonde::dns::dnssec {

struct RrsetCheck {
  enum class Status { secure, bogus, unsupported_algorithm } status = Status::bogus;
  std::string reason;                       ///< why it is bogus: "RRSIG expired 2026-11-30T00:00:00Z"
  std::optional<std::uint16_t> key_tag;     ///< the key whose signature verified
  std::optional<std::string> wildcard;      ///< "*.shop.test." when the answer came from a wildcard
};

/// Verifies `rrset` (one owner, type and class) with any RRSIG in `rrsigs` that covers it, signed by
/// `zone` under any of `keys`, at `now` (seconds since the epoch). An Error only when libcrypto
/// cannot be loaded.
Result<RrsetCheck> verify_rrset(const std::vector<Record>& rrset, const std::vector<Record>& rrsigs,
                                const std::vector<Dnskey>& keys, const std::string& zone, std::uint32_t now);

/// The bytes an RRSIG signs over `rrset` (exposed for tests): its fields up to the signature, then
/// every record in canonical form and order, duplicates dropped.
Result<std::vector<std::uint8_t>> signed_data(const std::vector<Record>& rrset, const Rrsig& sig);

struct RrsetGroup {
  std::string owner;  ///< as first seen
  std::uint16_t type = 0;
  std::vector<Record> records;
  std::vector<Record> rrsigs;  ///< the RRSIGs at the same owner covering this type
};

/// Groups a section's records into RRsets with their RRSIGs, in order of first appearance.
std::vector<RrsetGroup> group_rrsets(const std::vector<Record>& records);

}  // namespace sonde::dns::dnssec
