#pragma once
/// Syntax checks for curl's --resolve and --connect-to entries, so a typo is a usage error
/// (exit 2) naming the entry instead of a lookup failure later.
#include <string_view>

#include "core/util/error.hpp"

namespace sonde::timing {

/// `[+]HOST:PORT:ADDR[,ADDR...]` or `-HOST:PORT`; addresses are IP literals ([v6] allowed).
Result<void> check_resolve_entry(std::string_view entry);

/// `HOST1:PORT1:HOST2:PORT2`; any part may be empty, IPv6 hosts in brackets.
Result<void> check_connect_to_entry(std::string_view entry);

}  // namespace sonde::timing
