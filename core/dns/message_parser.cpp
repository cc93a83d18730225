#include "core/dns/message_parser.hpp"

#include <array>

#include "core/dns/rdata/registry.hpp"
#include "core/dns/wire_reader.hpp"

namespace sonde::dns {

namespace {

constexpr std::uint16_t k_type_opt = 41;     // RFC 6891 §6.1.1
constexpr std::uint16_t k_option_nsid = 3;   // RFC 5001 §2.3

Result<Header> parse_header(WireReader& r, std::array<std::uint16_t, 4>& counts) {
  Header h;
  auto id = r.u16();
  auto flags = r.u16();
  if (!id || !flags) return std::unexpected(Error{ErrorKind::invalid_input, "malformed DNS message: shorter than a header", "offset 0", {}});
  h.id = *id;
  h.qr = (*flags & 0x8000) != 0;
  h.opcode = static_cast<std::uint8_t>((*flags >> 11) & 0x0F);
  h.aa = (*flags & 0x0400) != 0;
  h.tc = (*flags & 0x0200) != 0;
  h.rd = (*flags & 0x0100) != 0;
  h.ra = (*flags & 0x0080) != 0;
  h.ad = (*flags & 0x0020) != 0;
  h.cd = (*flags & 0x0010) != 0;
  h.rcode = *flags & 0x000F;
  for (auto& count : counts) {
    auto c = r.u16();
    if (!c) return std::unexpected(c.error());
    count = *c;
  }
  return h;
}

std::string printable_or_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  bool printable = !bytes.empty();
  for (std::uint8_t c : bytes) printable = printable && c >= 0x20 && c < 0x7F;
  if (printable) return std::string(bytes.begin(), bytes.end());
  std::string hex;
  for (std::uint8_t c : bytes) {
    hex += k_digits[c >> 4];
    hex += k_digits[c & 0x0F];
  }
  return hex;
}

Result<Edns> parse_opt(WireReader& r, std::uint16_t klass, std::uint32_t ttl, std::uint16_t length, Header& h) {
  Edns e;
  e.udp_size = klass;
  h.rcode = static_cast<std::uint16_t>(h.rcode | ((ttl >> 24) << 4));  // extended RCODE, RFC 6891 §6.1.3
  e.version = static_cast<std::uint8_t>((ttl >> 16) & 0xFF);
  e.dnssec_ok = (ttl & 0x8000) != 0;
  const std::size_t end = r.pos() + length;
  while (r.pos() < end) {
    auto code = r.u16();
    auto len = r.u16();
    if (!code || !len || r.pos() + *len > end) {
      return std::unexpected(Error{ErrorKind::invalid_input, "malformed DNS message: bad EDNS option", "offset " + std::to_string(r.pos()), {}});
    }
    auto data = r.bytes(*len);
    if (!data) return std::unexpected(data.error());
    if (*code == k_option_nsid) e.nsid = printable_or_hex(*data);
  }
  return e;
}

// One resource record; the OPT pseudo-record goes to `message.edns` instead of `into`.
Result<void> parse_record(WireReader& r, Message& message, std::vector<Record>& into, bool additional) {
  Record rr;
  auto name = r.name();
  if (!name) return std::unexpected(name.error());
  rr.name = *name;
  auto type = r.u16();
  auto klass = r.u16();
  auto ttl = r.u32();
  auto length = r.u16();
  if (!type || !klass || !ttl || !length) {
    return std::unexpected(Error{ErrorKind::invalid_input, "malformed DNS message: truncated record header", "offset " + std::to_string(r.pos()), {}});
  }
  if (*type == k_type_opt) {
    if (!additional || message.edns) {
      return std::unexpected(Error{ErrorKind::invalid_input, "malformed DNS message: misplaced or repeated OPT record", "offset " + std::to_string(r.pos()), {}});
    }
    auto edns = parse_opt(r, *klass, *ttl, *length, message.header);
    if (!edns) return std::unexpected(edns.error());
    message.edns = *edns;
    return {};
  }
  rr.type = *type;
  rr.klass = *klass;
  rr.ttl = *ttl;
  WireReader again = r;  // the same RDATA read twice: shown, and in canonical form for DNSSEC
  auto data = rdata::format(r, *type, *length);
  if (!data) return std::unexpected(data.error());
  rr.data = std::move(*data);
  auto wire = rdata::canonical(again, *type, *length);
  if (!wire) return std::unexpected(wire.error());
  rr.rdata = std::move(*wire);
  into.push_back(std::move(rr));
  return {};
}

}  // namespace

Result<Message> parse_message(std::span<const std::uint8_t> wire) {
  WireReader r(wire);
  Message message;
  std::array<std::uint16_t, 4> counts{};
  auto header = parse_header(r, counts);
  if (!header) return std::unexpected(header.error());
  message.header = *header;
  for (std::uint16_t i = 0; i < counts[0]; ++i) {
    Question q;
    auto name = r.name();
    if (!name) return std::unexpected(name.error());
    auto type = r.u16();
    auto klass = r.u16();
    if (!type || !klass) return std::unexpected(Error{ErrorKind::invalid_input, "malformed DNS message: truncated question", "offset " + std::to_string(r.pos()), {}});
    message.questions.push_back({*name, *type, *klass});
  }
  std::array<std::vector<Record>*, 3> sections{&message.answer, &message.authority, &message.additional};
  for (std::size_t s = 0; s < sections.size(); ++s) {
    for (std::uint16_t i = 0; i < counts[s + 1]; ++i) {
      if (auto ok = parse_record(r, message, *sections[s], s == 2); !ok) return std::unexpected(ok.error());
    }
  }
  return message;
}

std::string rcode_name(std::uint16_t rcode) {
  static constexpr std::array<const char*, 11> k_names{"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
                                                       "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
  if (rcode < k_names.size()) return k_names[rcode];
  if (rcode == 16) return "BADVERS";
  return "RCODE" + std::to_string(rcode);
}

}  // namespace sonde::dns
