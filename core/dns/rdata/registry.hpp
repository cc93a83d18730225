#pragma once
/// The record-type table: mnemonic, code, and the handler that turns RDATA into zone-file
/// presentation form. Adding a type = one handler in a family file + one line in registry.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dns/wire_reader.hpp"

namespace sonde::dns::rdata {

/// Reads RDATA from `r` (positioned at its start) up to offset `end`; must stop exactly at `end`.
using Formatter = Result<std::string> (*)(WireReader& r, std::size_t end);

struct TypeInfo {
  std::uint16_t code;
  std::string_view name;
  Formatter format;  ///< null: shown in the RFC 3597 generic form
};

/// Every type sonde knows by name.
std::span<const TypeInfo> type_table();

/// "A", "NSEC3", or "TYPE65280" for a type not in the table (RFC 3597 §5).
std::string type_name(std::uint16_t code);

/// The code for "aaaa", "MX" or "TYPE99"; nullopt for an unknown mnemonic.
std::optional<std::uint16_t> type_code(std::string_view name);

/// RDATA of `type` and `length` bytes in presentation form. A handler that fails (bad length,
/// garbage) is an Error: the message is malformed.
Result<std::string> format(WireReader& r, std::uint16_t type, std::uint16_t length);

/// The same RDATA in DNSSEC canonical wire form (RFC 4034 §6.2, RFC 6840 §5.1): names expanded
/// from compression and, in the types that list says, lower-cased. What RRSIGs sign.
Result<std::vector<std::uint8_t>> canonical(WireReader& r, std::uint16_t type, std::uint16_t length);

}  // namespace sonde::dns::rdata
