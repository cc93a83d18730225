#pragma once
/// Resource records written in zone-file presentation form (RFC 1035 §5.1), as trust-anchor files
/// and `dig` print them: "owner [ttl] [class] TYPE RDATA", owners fully qualified, parentheses
/// across lines and ';' comments understood. Enough types for DNSSEC anchors and fixtures: A, AAAA,
/// NS, CNAME, PTR, DNAME, DS, CDS, DNSKEY, CDNSKEY, RRSIG.
#include <string>
#include <string_view>
#include <vector>

#include "core/dns/message.hpp"
#include "core/util/error.hpp"

namespace sonde::dns {

/// Every record in `text`; an invalid_input Error naming `file`:line and the problem otherwise.
/// `lines`, when given, receives the line each record starts on (for the caller's own checks).
Result<std::vector<Record>> parse_records_text(std::string_view text, const std::string& file,
                                               std::vector<std::size_t>* lines = nullptr);

}  // namespace sonde::dns
