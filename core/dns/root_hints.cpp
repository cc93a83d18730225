#include "core/dns/root_hints.hpp"

#include <arpa/inet.h>

#include <sstream>

#include "core/dns/message.hpp"
#include "core/util/file_read.hpp"

namespace sonde::dns {

namespace {

struct BuiltinRoot {
  const char* name;
  const char* v4;
  const char* v6;
};

constexpr BuiltinRoot k_iana_roots[] = {
    {"a.root-servers.net.", "198.41.0.4", "2001:503:ba3e::2:30"},
    {"b.root-servers.net.", "170.247.170.2", "2801:1b8:10::b"},
    {"c.root-servers.net.", "192.33.4.12", "2001:500:2::c"},
    {"d.root-servers.net.", "199.7.91.13", "2001:500:2d::d"},
    {"e.root-servers.net.", "192.203.230.10", "2001:500:a8::e"},
    {"f.root-servers.net.", "192.5.5.241", "2001:500:2f::f"},
    {"g.root-servers.net.", "192.112.36.4", "2001:500:12::d0d"},
    {"h.root-servers.net.", "198.97.190.53", "2001:500:1::53"},
    {"i.root-servers.net.", "192.36.148.17", "2001:7fe::53"},
    {"j.root-servers.net.", "192.58.128.30", "2001:503:c27::2:30"},
    {"k.root-servers.net.", "193.0.14.129", "2001:7fd::1"},
    {"l.root-servers.net.", "199.7.83.42", "2001:500:9f::42"},
    {"m.root-servers.net.", "202.12.27.33", "2001:dc3::35"},
};

bool is_number(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

}  // namespace

std::vector<NameServer> builtin_root_hints() {
  std::vector<NameServer> out;
  for (const auto& r : k_iana_roots) out.push_back({r.name, {r.v4, r.v6}});
  return out;
}

Result<std::vector<NameServer>> parse_root_hints(const std::string& text, const std::string& origin) {
  std::vector<NameServer> servers;
  std::vector<std::pair<std::string, std::string>> addresses;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = line.substr(0, line.find(';'));
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.empty()) continue;
    const std::string where = origin + ":" + std::to_string(number);
    // owner [ttl] [IN] type data
    std::size_t i = 1;
    if (i < f.size() && is_number(f[i])) ++i;
    if (i < f.size() && (f[i] == "IN" || f[i] == "in")) ++i;
    if (i + 2 != f.size()) return fail(ErrorKind::invalid_input, "expected 'NAME [TTL] [IN] TYPE DATA'", where);
    const std::string owner = canonical_name(f[0]);
    std::string type = f[i];
    for (auto& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string& data = f[i + 1];
    if (type == "NS") {
      if (owner != ".") return fail(ErrorKind::invalid_input, "NS record for a name other than the root", where);
      servers.push_back({canonical_name(data), {}});
    } else if (type == "A" || type == "AAAA") {
      unsigned char buf[16];
      if (::inet_pton(type == "A" ? AF_INET : AF_INET6, data.c_str(), buf) != 1) {
        return fail(ErrorKind::invalid_input, "bad " + type + " address '" + data + "'", where);
      }
      addresses.emplace_back(owner, data);
    } else {
      return fail(ErrorKind::invalid_input, "unexpected record type " + type + " in root hints", where);
    }
  }
  for (auto& s : servers) {
    for (const auto& [owner, address] : addresses) {
      if (owner == s.name && address.find(':') == std::string::npos) s.addresses.push_back(address);
    }
    for (const auto& [owner, address] : addresses) {
      if (owner == s.name && address.find(':') != std::string::npos) s.addresses.push_back(address);
    }
  }
  std::erase_if(servers, [](const NameServer& s) { return s.addresses.empty(); });
  if (servers.empty()) return fail(ErrorKind::invalid_input, "no root server with an address", origin);
  return servers;
}

Result<std::vector<NameServer>> load_root_hints(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse_root_hints(*text, path);
}

}  // namespace sonde::dns
