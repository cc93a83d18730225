#pragma once
/// The DNSSEC records as the validator reads them, from RDATA in canonical wire form
/// (dns::Record::rdata): DNSKEY and DS (RFC 4034 §§2, 5), RRSIG (§3), with the key tag (App. B)
/// and the DS digest of a key (§5.1.4).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/dns/message.hpp"
#include "core/util/error.hpp"

namespace sonde::dns::dnssec {

inline constexpr std::uint16_t k_type_ds = 43;
inline constexpr std::uint16_t k_type_rrsig = 46;
inline constexpr std::uint16_t k_type_nsec = 47;
inline constexpr std::uint16_t k_type_dnskey = 48;
inline constexpr std::uint16_t k_type_nsec3 = 50;

struct Dnskey {
  std::string owner;
  std::uint16_t flags = 0;
  std::uint8_t protocol = 0;
  std::uint8_t algorithm = 0;
  std::vector<std::uint8_t> public_key;
  std::uint16_t key_tag = 0;
  std::vector<std::uint8_t> rdata;  ///< whole RDATA (what a DS digests)
  bool zone_key() const { return (flags & 0x0100) != 0; }
  bool secure_entry_point() const { return (flags & 0x0001) != 0; }
  bool revoked() const { return (flags & 0x0080) != 0; }
};

struct Ds {
  std::string owner;
  std::uint16_t key_tag = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t digest_type = 0;
  std::vector<std::uint8_t> digest;
};

struct Rrsig {
  std::uint16_t type_covered = 0;
  std::uint8_t algorithm = 0;
  std::uint8_t labels = 0;
  std::uint32_t original_ttl = 0;
  std::uint32_t expiration = 0;
  std::uint32_t inception = 0;
  std::uint16_t key_tag = 0;
  std::string signer;                      ///< presentation form, lower case
  std::vector<std::uint8_t> signed_fields;  ///< RDATA up to the signature (the start of the signed data)
  std::vector<std::uint8_t> signature;
};

/// RFC 4034 Appendix B over a DNSKEY RDATA (the algorithm-1 special case included).
std::uint16_t key_tag(std::span<const std::uint8_t> dnskey_rdata);

/// Reads one record's RDATA; nullopt when it is too short for its type.
std::optional<Dnskey> read_dnskey(const Record& rr);
std::optional<Ds> read_ds(const Record& rr);
std::optional<Rrsig> read_rrsig(const Record& rr);

/// Wire form of a presentation-form name, lower-cased (canonical, RFC 4034 §6.2).
Result<std::vector<std::uint8_t>> canonical_owner(const std::string& name);

/// The DS digest of `key` (owner name | DNSKEY RDATA, RFC 4034 §5.1.4); nullopt for a digest type
/// sonde does not know. An Error only when libcrypto cannot be loaded.
Result<std::optional<std::vector<std::uint8_t>>> ds_digest(const Dnskey& key, std::uint8_t digest_type);

/// True when `ds` designates `key`: same tag, algorithm and digest.
Result<bool> ds_matches(const Ds& ds, const Dnskey& key);

/// "DS digest type" names: "SHA-1", "SHA-256", "SHA-384", or "digest type 3".
std::string digest_name(std::uint8_t digest_type);

/// RRSIG time fields (RFC 4034 §3.2): "2026-11-30T00:00:00Z".
std::string rrsig_time(std::uint32_t seconds);

}  // namespace sonde::dns::dnssec
