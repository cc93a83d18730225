// TXT (RFC 1035 §3.3.14: one or more character-strings) and CAA (RFC 8659 §4.1).
#include "core/dns/rdata/formatters.hpp"

namespace sonde::dns::rdata {

Result<std::string> format_txt(WireReader& r, std::size_t end) {
  if (r.pos() == end) return std::unexpected(bad_rdata(r, "empty TXT RDATA"));
  std::string out;
  while (r.pos() < end) {
    auto s = character_string(r, end);
    if (!s) return s;
    if (!out.empty()) out += ' ';
    out += *s;
  }
  return out;
}

Result<std::string> format_caa(WireReader& r, std::size_t end) {
  if (end - r.pos() < 2) return std::unexpected(bad_rdata(r, "CAA RDATA too short"));
  const std::uint8_t flags = *r.u8();
  const std::uint8_t tag_length = *r.u8();
  if (tag_length == 0 || r.pos() + tag_length > end) return std::unexpected(bad_rdata(r, "bad CAA tag length"));
  auto tag = r.bytes(tag_length);
  std::string out = std::to_string(flags) + " " + std::string(tag->begin(), tag->end()) + " \"";
  auto value = r.bytes(end - r.pos());
  for (std::uint8_t c : *value) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

}  // namespace sonde::dns::rdata
