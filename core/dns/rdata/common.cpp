// Helpers shared by the RDATA handlers: bounds, character-strings, hex/base64/base32hex, bitmaps.
#include <cstdio>

#include "core/dns/rdata/formatters.hpp"
#include "core/dns/rdata/registry.hpp"

namespace sonde::dns::rdata {

Error bad_rdata(const WireReader& r, const std::string& what) {
  return Error{ErrorKind::invalid_input, "malformed DNS message: " + what, "offset " + std::to_string(r.pos()), {}};
}

Result<void> expect_end(const WireReader& r, std::size_t end) {
  if (r.pos() != end) return std::unexpected(bad_rdata(r, "RDATA length does not match its content"));
  return {};
}

Result<std::string> character_string(WireReader& r, std::size_t end) {
  if (r.pos() >= end) return std::unexpected(bad_rdata(r, "character-string past the RDATA end"));
  auto len = r.u8();
  if (!len) return std::unexpected(len.error());
  if (r.pos() + *len > end) return std::unexpected(bad_rdata(r, "character-string past the RDATA end"));
  auto bytes = r.bytes(*len);
  if (!bytes) return std::unexpected(bytes.error());
  std::string out = "\"";
  for (std::uint8_t c : *bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", unsigned{c});
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += k_digits[b >> 4];
    out += k_digits[b & 0x0F];
  }
  return out;
}

std::string to_base64(std::span<const std::uint8_t> bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += k_alphabet[(v >> shift) & 0x3F];
  }
  if (i < bytes.size()) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (i + 1 < bytes.size()) v |= std::uint32_t{bytes[i + 1]} << 8;
    out += k_alphabet[(v >> 18) & 0x3F];
    out += k_alphabet[(v >> 12) & 0x3F];
    out += i + 1 < bytes.size() ? k_alphabet[(v >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::string to_base32hex(std::span<const std::uint8_t> bytes) {
  static constexpr char k_alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += k_alphabet[(buffer >> (bits - 5)) & 0x1F];
      bits -= 5;
    }
  }
  if (bits > 0) out += k_alphabet[(buffer << (5 - bits)) & 0x1F];
  return out;
}

Result<std::string> type_bitmap(WireReader& r, std::size_t end) {
  std::string out;
  while (r.pos() < end) {
    auto window = r.u8();
    auto length = r.u8();
    if (!window || !length) return std::unexpected(bad_rdata(r, "truncated type bitmap"));
    if (*length == 0 || *length > 32 || r.pos() + *length > end) {
      return std::unexpected(bad_rdata(r, "bad type bitmap window length"));
    }
    auto bits = r.bytes(*length);
    if (!bits) return std::unexpected(bits.error());
    for (std::size_t i = 0; i < bits->size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        if (((*bits)[i] & (0x80 >> bit)) == 0) continue;
        const auto code = static_cast<std::uint16_t>((*window << 8) | (i * 8 + static_cast<std::size_t>(bit)));
        if (!out.empty()) out += ' ';
        out += type_name(code);
      }
    }
  }
  return out;
}

Result<std::string> format_generic(WireReader& r, std::size_t end) {
  auto bytes = r.bytes(end - r.pos());
  if (!bytes) return std::unexpected(bytes.error());
  std::string out = "\\# " + std::to_string(bytes->size());
  if (!bytes->empty()) out += " " + to_hex(*bytes);
  return out;
}

}  // namespace sonde::dns::rdata
