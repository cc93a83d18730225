#pragma once
/// The cryptography of DNSSEC, over OpenSSL's libcrypto: digests (DS, NSEC3) and signature
/// verification for the algorithms in use (RFC 8624 §3.1): RSA/SHA-1, RSA/SHA-256, RSA/SHA-512,
/// ECDSA P-256/P-384, Ed25519, Ed448. Keys and signatures arrive in their DNS wire forms.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::dns::dnssec {

/// DS digest types (RFC 4034 §5.1.4, RFC 4509, RFC 6605) and the NSEC3 hash (RFC 5155).
enum class Digest { sha1 = 1, sha256 = 2, sha384 = 4 };

/// The digest of `data`; an Error only when libcrypto cannot be loaded.
Result<std::vector<std::uint8_t>> digest(Digest type, std::span<const std::uint8_t> data);

enum class SignatureCheck {
  valid,
  invalid,                ///< the signature does not match the data under this key
  unsupported_algorithm,  ///< an algorithm sonde does not verify (treated as insecure, RFC 4035 §5.2)
  bad_key,                ///< the DNSKEY's public key field is malformed for its algorithm
};

/// Verifies `signature` (RRSIG wire form) over `data` with `key` (DNSKEY public key field) under
/// DNSSEC `algorithm`. An Error only when libcrypto cannot be loaded.
Result<SignatureCheck> verify_signature(std::uint8_t algorithm, std::span<const std::uint8_t> key,
                                        std::span<const std::uint8_t> data, std::span<const std::uint8_t> signature);

/// True for the algorithms verify_signature knows.
bool algorithm_supported(std::uint8_t algorithm);

/// The mnemonic (RFC 8624 §2): "RSASHA256", "ECDSAP256SHA256", "ED25519", or "ALG23".
std::string algorithm_name(std::uint8_t algorithm);

}  // namespace sonde::dns::dnssec
