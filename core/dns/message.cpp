#include "core/dns/message.hpp"

#include <algorithm>
#include <cctype>

namespace sonde::dns {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

bool same_name(const std::string& a, const std::string& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_subdomain(const std::string& name, const std::string& zone) {
  if (zone == ".") return true;
  if (name.size() < zone.size()) return false;
  const std::string tail = name.substr(name.size() - zone.size());
  if (!same_name(tail, zone)) return false;
  // The match must start at a label boundary: "xshop.test." is not under "shop.test.".
  return name.size() == zone.size() || name[name.size() - zone.size() - 1] == '.';
}

int label_count(const std::string& name) {
  if (name == "." || name.empty()) return 0;
  int count = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\') {
      ++i;  // an escaped character never ends a label
      continue;
    }
    if (name[i] == '.') ++count;
  }
  return count;
}

std::string canonical_name(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), lower);
  if (name.empty() || name.back() != '.') name += '.';
  if (name.size() > 1 && name.front() == '.') name.erase(0, 1);
  return name;
}

}  // namespace sonde::dns
