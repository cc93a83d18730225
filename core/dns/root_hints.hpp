#pragma once
/// Where every trace starts: the root servers, built in (IANA's named.root) or read from a file
/// in the same format (`--root-hints FILE`) for private hierarchies such as a lab.
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::dns {

struct NameServer {
  std::string name;                    ///< "a.root-servers.net."
  std::vector<std::string> addresses;  ///< IPv4 first, then IPv6; empty when glue is missing
};

/// IANA's root hints (https://www.internic.net/domain/named.root).
std::vector<NameServer> builtin_root_hints();

/// Parses named.root text: NS records of "." and the A/AAAA records of their names. Errors name
/// `origin:line`.
Result<std::vector<NameServer>> parse_root_hints(const std::string& text, const std::string& origin);

/// Reads and parses a root hints file.
Result<std::vector<NameServer>> load_root_hints(const std::string& path);

}  // namespace sonde::dns
