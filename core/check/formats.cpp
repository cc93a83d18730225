#include "core/check/formats.hpp"

#include <array>
#include <cstdint>

namespace sonde::check {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

int digits_at(std::string_view s, std::size_t pos, std::size_t len) {
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (i >= s.size() || !digit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// RFC 3339 full-date: YYYY-MM-DD with the real digits_at of days in the month.
bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = digits_at(s, 0, 4), m = digits_at(s, 5, 2), d = digits_at(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return false;
  static constexpr std::array<int, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= k_days[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM); second 60 allowed for leap seconds.
bool is_time(std::string_view s) {
  if (s.size() < 9 || s[2] != ':' || s[5] != ':') return false;
  int h = digits_at(s, 0, 2), m = digits_at(s, 3, 2), sec = digits_at(s, 6, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return false;
  std::size_t i = 8;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t start = i;
    while (i < s.size() && digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i >= s.size()) return false;
  if (s[i] == 'Z' || s[i] == 'z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  if (s.size() - i != 6 || s[i + 3] != ':') return false;
  int oh = digits_at(s, i + 1, 2), om = digits_at(s, i + 4, 2);
  return oh >= 0 && oh <= 23 && om >= 0 && om <= 59;
}

bool is_date_time(std::string_view s) {
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')) return false;
  return is_date(s.substr(0, 10)) && is_time(s.substr(11));
}

bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && digit(s[i]) && i - start < 3) v = v * 10 + (s[i++] - '0');
    std::size_t len = i - start;
    if (len == 0 || v > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// RFC 4291 section 2.2 text forms, including "::" compression and a trailing dotted IPv4.
bool is_ipv6(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  } else if (s[0] == ':') {
    return false;
  }
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && hex(s[i]) && i - start < 4) ++i;
    if (i < s.size() && s[i] == '.') {
      // A trailing dotted IPv4 address stands for the last two groups.
      return is_ipv4(s.substr(start)) && (compressed ? groups + 2 <= 7 : groups + 2 == 8);
    }
    if (i == start) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i < s.size() && s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    } else if (i == s.size()) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups == 8;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 1-63 octets
// each, 253 in all; a trailing dot is allowed.
bool is_hostname(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (label == 0 || s[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    if (!alpha(c) && !digit(c) && c != '-') return false;
    if (c == '-' && label == 0) return false;
    if (++label > 63) return false;
  }
  return s.back() != '-';
}

// RFC 5321 addr-spec, pragmatic: dot-atom local part (no quoted strings), host name or IP literal.
bool is_email(std::string_view s) {
  auto at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  static constexpr std::string_view k_atext = "!#$%&'*+-/=?^_`{|}~";
  if (local.front() == '.' || local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    char c = local[i];
    if (c == '.' && local[i + 1] == '.') return false;
    if (!alpha(c) && !digit(c) && c != '.' && k_atext.find(c) == std::string_view::npos &&
        static_cast<unsigned char>(c) < 0x80) {
      return false;
    }
  }
  if (domain.size() > 2 && domain.front() == '[' && domain.back() == ']') {
    auto ip = domain.substr(1, domain.size() - 2);
    return ip.starts_with("IPv6:") ? is_ipv6(ip.substr(5)) : is_ipv4(ip);
  }
  return is_hostname(domain);
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !hex(s[i])) return false;
  }
  return true;
}

// RFC 3986 unreserved and reserved characters, as a table: URIs are the most frequent format in
// real bodies (74 per GitHub repository object).
constexpr std::array<bool, 256> make_uri_table() {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("-._~:/?#[]@!$&'()*+,;=")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> k_uri_char = make_uri_table();

// One pass: every octet must be unreserved, reserved, or part of a %XX escape; '#' may appear
// once; '[' and ']' only inside the authority's IP literal. (find_first_of over a character set
// costs a memchr per character, which dominated large bodies.)
bool is_uri_reference(std::string_view s) {
  std::size_t hashes = 0, first_bracket = std::string_view::npos, last_bracket = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!k_uri_char[static_cast<unsigned char>(c)]) {
      if (c != '%' || i + 2 >= s.size() || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    if (c == '#') ++hashes;
    if (c == '[' || c == ']') {
      if (first_bracket == std::string_view::npos) first_bracket = i;
      last_bracket = i;
    }
  }
  if (hashes > 1) return false;
  if (first_bracket != std::string_view::npos) {
    auto authority = s.find("//");
    if (authority == std::string_view::npos || first_bracket < authority) return false;
    auto end = s.find_first_of("/?#", authority + 2);
    if (end != std::string_view::npos && last_bracket > end) return false;
  }
  return true;
}

// RFC 3986 URI: scheme ":" hier-part, scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_uri(std::string_view s) {
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !alpha(s[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!alpha(c) && !digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return is_uri_reference(s.substr(colon + 1));
}

// RFC 4648 base64 with padding ("byte" in OpenAPI).
bool is_byte(std::string_view s) {
  if (s.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (alpha(c) || digit(c) || c == '+' || c == '/') continue;
    if (c == '=' && i >= s.size() - 2 && (i == s.size() - 1 || s[i + 1] == '=')) continue;
    return false;
  }
  return true;
}

struct FormatEntry {
  std::string_view name;
  FormatCheck check;
};

// Add a format here with its checker; everything else passes (and -v says so).
constexpr std::array<FormatEntry, 11> k_formats{{
    {"date-time", is_date_time},
    {"date", is_date},
    {"time", is_time},
    {"email", is_email},
    {"uri", is_uri},
    {"uri-reference", is_uri_reference},
    {"uuid", is_uuid},
    {"ipv4", is_ipv4},
    {"ipv6", is_ipv6},
    {"hostname", is_hostname},
    {"byte", is_byte},
}};

}  // namespace

FormatCheck find_format(std::string_view name) {
  for (const auto& f : k_formats) {
    if (f.name == name) return f.check;
  }
  return nullptr;
}

bool is_numeric_format(std::string_view name) {
  return name == "int32" || name == "int64" || name == "float" || name == "double";
}

}  // namespace sonde::check
