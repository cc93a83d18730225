#pragma once
/// Authenticated denial of existence: what NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8) records
/// prove about a name. The records given must already be verified against the zone's keys; these
/// functions only read what they say.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dns/message.hpp"

namespace sonde::dns::dnssec {

struct Denial {
  bool proven = false;
  bool opt_out = false;  ///< an NSEC3 opt-out span covers the name: unsigned delegations may hide in it
  std::string detail;    ///< the proof ("NSEC shop.test. -> www.shop.test. has no DS") or what is missing
  /// NSEC3 with more iterations than RFC 9276 §3.2 allows a validator to hash: not checked, and
  /// the answer is insecure (as BIND and Unbound treat it), which also bounds the work.
  bool insecure = false;
};

/// RFC 9276 §3.2: validators may treat NSEC3 with more iterations than this as insecure.
inline constexpr std::uint16_t k_nsec3_max_iterations = 150;

/// No record of `qtype` at `qname`, though the name exists (NODATA).
Denial prove_nodata(const std::vector<Record>& proof, const std::string& qname, std::uint16_t qtype,
                    const std::string& zone);

/// No name `qname` (NXDOMAIN): the name and the wildcard that could have produced it are both
/// denied.
Denial prove_nxdomain(const std::vector<Record>& proof, const std::string& qname, const std::string& zone);

/// No DS at the delegation `child` in its parent `zone`: the delegation is insecure. An NSEC3
/// opt-out span over it proves the same (RFC 5155 §8.9).
Denial prove_no_ds(const std::vector<Record>& proof, const std::string& child, const std::string& zone);

/// A wildcard answer's proof that `qname` itself does not exist (RFC 4035 §5.3.4): the closest
/// encloser is `wildcard` minus its "*." label.
Denial prove_wildcard_expansion(const std::vector<Record>& proof, const std::string& qname,
                                const std::string& wildcard, const std::string& zone);

/// RFC 4034 §6.1 canonical order of names: -1, 0 or 1.
int compare_names(const std::string& a, const std::string& b);

/// The NSEC3 hash of `name` (RFC 5155 §5) as the base32hex label NSEC3 owners carry (upper case).
std::string nsec3_hash(const std::string& name, std::span<const std::uint8_t> salt, std::uint16_t iterations);

}  // namespace sonde::dns::dnssec
