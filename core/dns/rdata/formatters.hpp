#pragma once
/// The per-family RDATA handlers behind the table in registry.cpp (one .cpp per family).
#include <cstddef>
#include <string>

#include "core/dns/wire_reader.hpp"

namespace sonde::dns::rdata {

Result<std::string> format_a(WireReader& r, std::size_t end);
Result<std::string> format_aaaa(WireReader& r, std::size_t end);
Result<std::string> format_single_name(WireReader& r, std::size_t end);  ///< NS, CNAME, DNAME, PTR
Result<std::string> format_soa(WireReader& r, std::size_t end);
Result<std::string> format_mx(WireReader& r, std::size_t end);
Result<std::string> format_srv(WireReader& r, std::size_t end);
Result<std::string> format_txt(WireReader& r, std::size_t end);
Result<std::string> format_caa(WireReader& r, std::size_t end);
Result<std::string> format_ds(WireReader& r, std::size_t end);
Result<std::string> format_dnskey(WireReader& r, std::size_t end);
Result<std::string> format_rrsig(WireReader& r, std::size_t end);
Result<std::string> format_nsec(WireReader& r, std::size_t end);
Result<std::string> format_nsec3(WireReader& r, std::size_t end);
/// RFC 3597 §5: "\# <length> <hex>".
Result<std::string> format_generic(WireReader& r, std::size_t end);

/// Shared helpers for the handlers.
Error bad_rdata(const WireReader& r, const std::string& what);
Result<void> expect_end(const WireReader& r, std::size_t end);
/// One <character-string> (RFC 1035 §3.3) quoted, with '"' and '\' escaped and other
/// non-printables as \DDD.
Result<std::string> character_string(WireReader& r, std::size_t end);
std::string to_hex(std::span<const std::uint8_t> bytes);  ///< upper-case, as zone files do
std::string to_base64(std::span<const std::uint8_t> bytes);
std::string to_base32hex(std::span<const std::uint8_t> bytes);  ///< RFC 4648 §7, upper-case, no padding
/// An NSEC/NSEC3 type bitmap (RFC 4034 §4.1.2) as space-separated mnemonics.
Result<std::string> type_bitmap(WireReader& r, std::size_t end);

}  // namespace sonde::dns::rdata
