#pragma once
/// The record type numbers the resolver logic tests for (IANA "Resource Record (RR) TYPEs"), in
/// one place: the names and presentation of every type live in core/dns/rdata/registry.
#include <cstdint>

namespace sonde::dns {

inline constexpr std::uint16_t k_a = 1;
inline constexpr std::uint16_t k_ns = 2;
inline constexpr std::uint16_t k_cname = 5;
inline constexpr std::uint16_t k_soa = 6;
inline constexpr std::uint16_t k_aaaa = 28;
inline constexpr std::uint16_t k_dname = 39;
inline constexpr std::uint16_t k_ds = 43;
inline constexpr std::uint16_t k_rrsig = 46;
inline constexpr std::uint16_t k_nsec = 47;
inline constexpr std::uint16_t k_dnskey = 48;
inline constexpr std::uint16_t k_nsec3 = 50;
inline constexpr std::uint16_t k_any = 255;

}  // namespace sonde::dns
