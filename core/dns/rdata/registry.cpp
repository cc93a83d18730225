#include "core/dns/rdata/registry.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/dns/rdata/formatters.hpp"

namespace sonde::dns::rdata {

namespace {

constexpr std::array k_types{
    TypeInfo{1, "A", format_a},
    TypeInfo{2, "NS", format_single_name},
    TypeInfo{5, "CNAME", format_single_name},
    TypeInfo{6, "SOA", format_soa},
    TypeInfo{12, "PTR", format_single_name},
    TypeInfo{15, "MX", format_mx},
    TypeInfo{16, "TXT", format_txt},
    TypeInfo{28, "AAAA", format_aaaa},
    TypeInfo{33, "SRV", format_srv},
    TypeInfo{39, "DNAME", format_single_name},
    TypeInfo{43, "DS", format_ds},
    TypeInfo{46, "RRSIG", format_rrsig},
    TypeInfo{47, "NSEC", format_nsec},
    TypeInfo{48, "DNSKEY", format_dnskey},
    TypeInfo{50, "NSEC3", format_nsec3},
    TypeInfo{59, "CDS", format_ds},
    TypeInfo{60, "CDNSKEY", format_dnskey},
    TypeInfo{257, "CAA", format_caa},
    TypeInfo{255, "ANY", nullptr},
};

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::span<const TypeInfo> type_table() { return k_types; }

std::string type_name(std::uint16_t code) {
  for (const auto& t : k_types) {
    if (t.code == code) return std::string(t.name);
  }
  return "TYPE" + std::to_string(code);
}

std::optional<std::uint16_t> type_code(std::string_view name) {
  for (const auto& t : k_types) {
    if (iequal(t.name, name)) return t.code;
  }
  if (name.size() > 4 && iequal(name.substr(0, 4), "TYPE")) {
    unsigned value = 0;
    auto digits = name.substr(4);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && value <= 0xFFFF) {
      return static_cast<std::uint16_t>(value);
    }
  }
  return std::nullopt;
}

Result<std::string> format(WireReader& r, std::uint16_t type, std::uint16_t length) {
  const std::size_t end = r.pos() + length;
  if (end > r.size()) return std::unexpected(bad_rdata(r, "RDATA length runs past the end of the message"));
  Formatter handler = format_generic;
  for (const auto& t : k_types) {
    if (t.code == type && t.format != nullptr) handler = t.format;
  }
  return handler(r, end);
}

}  // namespace sonde::dns::rdata
