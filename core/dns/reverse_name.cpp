#include "core/dns/reverse_name.hpp"

#include <arpa/inet.h>

namespace sonde::dns {

Result<std::string> reverse_name(const std::string& address) {
  unsigned char b[16];
  if (::inet_pton(AF_INET, address.c_str(), b) == 1) {
    return std::to_string(b[3]) + "." + std::to_string(b[2]) + "." + std::to_string(b[1]) + "." +
           std::to_string(b[0]) + ".in-addr.arpa.";
  }
  if (::inet_pton(AF_INET6, address.c_str(), b) == 1) {
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 15; i >= 0; --i) {
      out += k_hex[b[i] & 0x0F];
      out += '.';
      out += k_hex[b[i] >> 4];
      out += '.';
    }
    return out + "ip6.arpa.";
  }
  return fail(ErrorKind::usage, "-x needs an IPv4 or IPv6 address", address);
}

}  // namespace sonde::dns
