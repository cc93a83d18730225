#include "core/timing/pin_syntax.hpp"

#include <string>
#include <vector>

#include "core/net/ares_resolve.hpp"

namespace sonde::timing {

namespace {

// Splits on ':' outside [...] (so IPv6 literals stay whole).
std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[') ++depth;
    else if (text[i] == ']') --depth;
    else if (text[i] == ':' && depth == 0) {
      fields.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  fields.push_back(text.substr(start));
  return fields;
}

bool valid_port(std::string_view port, bool allow_empty) {
  if (port.empty()) return allow_empty;
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  long value = std::stol(std::string(port));
  return value >= 1 && value <= 65535;
}

bool valid_address(std::string_view address) {
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
  return net::is_ip_literal(std::string(address));
}

}  // namespace

Result<void> check_resolve_entry(std::string_view entry) {
  const std::string hint = "write HOST:PORT:ADDR, e.g. api.example.com:443:127.0.0.1";
  std::string_view body = entry;
  const bool removal = !body.empty() && body.front() == '-';
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  auto fields = split_fields(body);
  if (removal) {
    if (fields.size() == 2 && !fields[0].empty() && valid_port(fields[1], false)) return {};
    return fail(ErrorKind::usage, "bad --resolve entry", std::string(entry), "write -HOST:PORT to drop a pin");
  }
  if (fields.size() != 3 || fields[0].empty() || !valid_port(fields[1], false) || fields[2].empty()) {
    return fail(ErrorKind::usage, "bad --resolve entry", std::string(entry), hint);
  }
  std::string_view addresses = fields[2];
  while (!addresses.empty()) {
    auto comma = addresses.find(',');
    auto address = addresses.substr(0, comma);
    if (!valid_address(address)) {
      return fail(ErrorKind::usage, "--resolve address '" + std::string(address) + "' is not an IP address",
                  std::string(entry), hint);
    }
    if (comma == std::string_view::npos) break;
    addresses.remove_prefix(comma + 1);
  }
  return {};
}

Result<void> check_connect_to_entry(std::string_view entry) {
  auto fields = split_fields(entry);
  if (fields.size() != 4 || !valid_port(fields[1], true) || !valid_port(fields[3], true)) {
    return fail(ErrorKind::usage, "bad --connect-to entry", std::string(entry),
                "write HOST1:PORT1:HOST2:PORT2 (parts may be empty), e.g. api.example.com:443:127.0.0.1:8443");
  }
  return {};
}

}  // namespace sonde::timing
