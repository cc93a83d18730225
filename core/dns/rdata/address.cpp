// A (RFC 1035 §3.4.1) and AAAA (RFC 3596 §2.2).
#include <arpa/inet.h>

#include "core/dns/rdata/formatters.hpp"

namespace sonde::dns::rdata {

namespace {

Result<std::string> address(WireReader& r, std::size_t end, int family, std::size_t size) {
  if (end - r.pos() != size) return std::unexpected(bad_rdata(r, "address RDATA has the wrong length"));
  auto bytes = r.bytes(size);
  if (!bytes) return std::unexpected(bytes.error());
  char text[INET6_ADDRSTRLEN] = {};
  if (::inet_ntop(family, bytes->data(), text, sizeof text) == nullptr) {
    return std::unexpected(bad_rdata(r, "unprintable address"));
  }
  return std::string(text);
}

}  // namespace

Result<std::string> format_a(WireReader& r, std::size_t end) { return address(r, end, AF_INET, 4); }

Result<std::string> format_aaaa(WireReader& r, std::size_t end) { return address(r, end, AF_INET6, 16); }

}  // namespace sonde::dns::rdata
