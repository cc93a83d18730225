#include "core/dns/query_builder.hpp"

#include <cctype>
#include <cstdio>

namespace sonde::dns {

namespace {

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

// The name as a user may see it: control bytes and spaces in the \DDD form of RFC 1035 5.1.
std::string printable(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03u", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Error bad_name(std::string_view name, const std::string& why) {
  return Error{ErrorKind::usage, "invalid domain name (" + why + ")", printable(name), {}};
}

}  // namespace

Result<std::vector<std::uint8_t>> encode_name(std::string_view name) {
  std::vector<std::uint8_t> out;
  if (name == "." || name.empty()) return std::vector<std::uint8_t>{0};
  std::vector<std::uint8_t> label;
  auto flush = [&]() -> Result<void> {
    if (label.empty()) return std::unexpected(bad_name(name, "empty label"));
    if (label.size() > 63) return std::unexpected(bad_name(name, "label longer than 63 bytes"));
    out.push_back(static_cast<std::uint8_t>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
    label.clear();
    return {};
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '\\') {
      if (i + 3 < name.size() + 0 && std::isdigit(static_cast<unsigned char>(name[i + 1])) &&
          std::isdigit(static_cast<unsigned char>(name[i + 2])) && std::isdigit(static_cast<unsigned char>(name[i + 3]))) {
        const int v = (name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0');
        if (v > 255) return std::unexpected(bad_name(name, "escape above \\255"));
        label.push_back(static_cast<std::uint8_t>(v));
        i += 3;
      } else if (i + 1 < name.size()) {
        label.push_back(static_cast<std::uint8_t>(name[++i]));
      } else {
        return std::unexpected(bad_name(name, "dangling backslash"));
      }
    } else if (c == '.') {
      if (auto ok = flush(); !ok) return std::unexpected(ok.error());
    } else if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      // A raw control byte or space is almost always a paste accident; \DDD says it on purpose.
      return std::unexpected(bad_name(name, "control character or space; write it as \\DDD if meant"));
    } else {
      label.push_back(static_cast<std::uint8_t>(c));
    }
  }
  if (!label.empty()) {
    if (auto ok = flush(); !ok) return std::unexpected(ok.error());
  }
  out.push_back(0);
  if (out.size() > 255) return std::unexpected(bad_name(name, "longer than 255 bytes"));
  return out;
}

Result<std::vector<std::uint8_t>> build_query(std::string_view name, std::uint16_t type, const QueryOptions& options) {
  auto qname = encode_name(name);
  if (!qname) return std::unexpected(qname.error());
  std::vector<std::uint8_t> out;
  put16(out, 0);                                           // id: set by the transport
  put16(out, options.recursion_desired ? 0x0100 : 0x0000);  // flags: QUERY, RD as asked
  put16(out, 1);                                           // QDCOUNT
  put16(out, 0);
  put16(out, 0);
  put16(out, 1);  // ARCOUNT: the OPT record
  out.insert(out.end(), qname->begin(), qname->end());
  put16(out, type);
  put16(out, 1);  // class IN
  out.push_back(0);  // OPT owner: root
  put16(out, 41);
  put16(out, options.udp_size);
  put16(out, 0);  // extended rcode, version 0
  put16(out, options.dnssec_ok ? 0x8000 : 0x0000);
  if (options.nsid) {
    put16(out, 4);
    put16(out, 3);  // NSID, empty in queries (RFC 5001 §2.3)
    put16(out, 0);
  } else {
    put16(out, 0);
  }
  return out;
}

}  // namespace sonde::dns
