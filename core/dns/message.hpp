#pragma once
/// The DNS message model (RFC 1035 §4.1, RFC 6891 for OPT): what the wire parser produces and the
/// trace engine reads. Names are in presentation form with the trailing dot ("www.shop.test.").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sonde::dns {

struct Header {
  std::uint16_t id = 0;
  bool qr = false, aa = false, tc = false, rd = false, ra = false, ad = false, cd = false;
  std::uint8_t opcode = 0;
  std::uint16_t rcode = 0;  ///< with the EDNS extended bits folded in when an OPT record is present
};

struct Question {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = 1;
};

struct Record {
  std::string name;
  std::uint16_t type = 0;
  std::uint16_t klass = 1;
  std::uint32_t ttl = 0;
  std::string data;  ///< RDATA in zone-file presentation form (RFC 3597 generic form when unknown)
  std::vector<std::uint8_t> rdata = {};  ///< RDATA in DNSSEC canonical wire form (for validation)
};

struct Edns {
  std::uint16_t udp_size = 512;
  std::uint8_t version = 0;
  bool dnssec_ok = false;
  std::optional<std::string> nsid;  ///< NSID option (RFC 5001) as printable text
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<Record> answer;
  std::vector<Record> authority;
  std::vector<Record> additional;  ///< without the OPT pseudo-record (see edns)
  std::optional<Edns> edns;
};

/// Case-insensitive comparison of presentation-form names (RFC 4343).
bool same_name(const std::string& a, const std::string& b);

/// True when `name` equals `zone` or lies below it ("www.shop.test." is under "test." and ".").
bool is_subdomain(const std::string& name, const std::string& zone);

/// Number of labels ("." has 0, "shop.test." has 2).
int label_count(const std::string& name);

/// Lower-cases and adds the trailing dot: "WWW.Shop.test" -> "www.shop.test.".
std::string canonical_name(std::string name);

}  // namespace sonde::dns
