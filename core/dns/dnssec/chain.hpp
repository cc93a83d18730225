#pragma once
/// Validates a traced answer from a trust anchor down (RFC 4035 §5): for each zone on the way, the
/// DS set in the parent (or the proof that there is none), the DNSKEY set it designates, then the
/// answer's RRsets or the denial of existence, each with a verdict and its reason.
#include <cstdint>
#include <string>
#include <vector>

#include "core/dns/dnssec/anchor.hpp"
#include "core/dns/dnssec/report.hpp"
#include "core/dns/message.hpp"

namespace sonde::dns::dnssec {

/// Where the validator gets what the trace did not already bring. The trace engine implements
/// it by asking the zones' own servers.
class Source {
 public:
  virtual ~Source() = default;
  /// Asks a server of `zone` (or of the closest zone cut above it that is known) for qname/qtype
  /// with the DO bit; the reply or why there is none.
  virtual Result<Message> ask(const std::string& zone, const std::string& qname, std::uint16_t qtype) = 0;
  /// The zone cuts the trace met, lower case ("." first).
  virtual std::vector<std::string> cuts() const = 0;
  /// The DS, NSEC, NSEC3 and RRSIG records a parent sent with its referral into `zone`; empty when
  /// no referral into it was seen.
  virtual std::vector<Record> referral_proof(const std::string& zone) const = 0;
};

/// What was resolved, as the validator needs it.
struct Answer {
  std::string qname;
  std::uint16_t qtype = 0;
  std::vector<Record> answer;     ///< the records of the answer with their RRSIGs (CNAME chain included)
  std::vector<Record> authority;  ///< SOA, NSEC, NSEC3 and RRSIGs of a negative or wildcard answer
  bool nxdomain = false;
  bool nodata = false;
  bool resolved = true;           ///< false when the trace failed
};

/// The verdicts; an Error only when libcrypto cannot be loaded.
Result<Report> validate(const Answer& answer, Source& source, const Anchors& anchors, std::uint32_t now);

}  // namespace sonde::dns::dnssec
