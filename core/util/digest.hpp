#pragma once
/// SHA-256 (FIPS 180-4) and MD5 (RFC 1321) of a byte string, for `sonde test`'s sha256 and md5
/// queries. Written here rather than linking libcrypto, which would be mapped by every
/// subcommand at start-up (see tests/shell/lazy_libraries.sh).
#include <string>
#include <string_view>

namespace sonde {

/// The 32-byte SHA-256 digest of `data`.
std::string sha256(std::string_view data);

/// The 16-byte MD5 digest of `data`.
std::string md5(std::string_view data);

}  // namespace sonde
