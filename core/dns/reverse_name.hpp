#pragma once
/// The PTR owner name of an address (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa).
#include <string>

#include "core/util/error.hpp"

namespace sonde::dns {

/// "192.0.2.1" -> "1.2.0.192.in-addr.arpa."; IPv6 as nibbles under ip6.arpa. Usage Error for
/// anything that is not an IP address.
Result<std::string> reverse_name(const std::string& address);

}  // namespace sonde::dns
