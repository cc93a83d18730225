#pragma once
/// What `sonde dns --dnssec` concludes, as data: a verdict per link of the chain of trust (the
/// trust anchor, then each zone's DS and DNSKEY), per RRset of the answer or denial, and overall,
/// each with the reason a person can act on. The CLI renders it.
#include <cstdint>
#include <string>
#include <vector>

namespace sonde::dns::dnssec {

/// RFC 4033 §5 / RFC 4035 §4.3.
enum class Security { secure, insecure, bogus, indeterminate };

/// "secure", "insecure", "bogus", "indeterminate".
const char* security_name(Security security);

/// One zone of the chain of trust.
struct Link {
  std::string zone;
  Security security = Security::indeterminate;
  std::string detail;               ///< secure: which DS → DNSKEY; insecure: the proof; else the reason
  std::vector<std::uint16_t> ds;    ///< key tags of the DS set (of the anchor for the root)
  std::vector<std::uint16_t> keys;  ///< key tags of the zone's DNSKEY set
};

/// One RRset of the answer (or of the denial proof).
struct RrsetSecurity {
  std::string owner;
  std::string type;
  std::string signer;  ///< the zone whose keys it is checked with
  Security security = Security::indeterminate;
  std::string detail;
};

struct Report {
  std::string anchor;                ///< "built-in root KSK 20326" or "FILE: DS 12345"
  std::vector<std::string> notes;    ///< e.g. the root hints are not the real root's
  std::vector<Link> chain;
  std::vector<RrsetSecurity> rrsets;
  Security verdict = Security::indeterminate;
  std::string reason;  ///< the broken link when not secure
  int queries = 0;     ///< queries sent for validation beyond the trace itself
};

}  // namespace sonde::dns::dnssec
