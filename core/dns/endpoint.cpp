#include <arpa/inet.h>

#include <charconv>

#include "core/dns/transport.hpp"

namespace sonde::dns {

namespace {

bool is_ip(const std::string& s, int family) {
  unsigned char buf[16];
  return ::inet_pton(family, s.c_str(), buf) == 1;
}

}  // namespace

const char* protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::tcp: return "tcp";
    case Protocol::tls: return "tls";
    case Protocol::https: return "https";
    case Protocol::udp: break;
  }
  return "udp";
}

std::string Endpoint::text() const {
  if (!url.empty()) return url;
  if (port == 53) return address;
  if (address.find(':') != std::string::npos) return "[" + address + "]:" + std::to_string(port);
  return address + ":" + std::to_string(port);
}

Result<Endpoint> parse_endpoint(const std::string& text) {
  Endpoint e;
  std::string port;
  if (is_ip(text, AF_INET6)) {
    e.address = text;
  } else if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) return fail(ErrorKind::usage, "expected [IPv6]:PORT", text);
    e.address = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') return fail(ErrorKind::usage, "expected [IPv6]:PORT", text);
      port = text.substr(close + 2);
    }
  } else {
    const auto colon = text.find(':');
    e.address = text.substr(0, colon);
    if (colon != std::string::npos) port = text.substr(colon + 1);
  }
  if (!is_ip(e.address, AF_INET) && !is_ip(e.address, AF_INET6)) {
    return fail(ErrorKind::usage, "not an IP address (sonde never asks the system resolver)", text);
  }
  if (!port.empty()) {
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535) {
      return fail(ErrorKind::usage, "bad port", text);
    }
    e.port = static_cast<std::uint16_t>(value);
  }
  return e;
}

}  // namespace sonde::dns
