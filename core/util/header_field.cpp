#include "core/util/header_field.hpp"

#include <string>

namespace sonde {

namespace {

// tchar of RFC 9110 section 5.6.2.
bool is_tchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

std::string hex_byte(unsigned char c) {
  static const char* hex = "0123456789abcdef";
  return {hex[c >> 4], hex[c & 15]};
}

std::string shown_char(unsigned char c) {
  switch (c) {
    case '\r': return "CR";
    case '\n': return "LF";
    case '\0': return "NUL";
    default: return "0x" + hex_byte(c);
  }
}

// A name short enough for an error line, with control bytes escaped.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 60)) {
    if (c < 0x20 || c == 0x7f) out += "\\x" + hex_byte(c);
    else out += static_cast<char>(c);
  }
  if (text.size() > 60) out += "...";
  return out;
}

}  // namespace

Result<void> check_header_field(std::string_view name, std::string_view value, ErrorKind kind, std::string_view where) {
  if (!is_token(name)) {
    for (unsigned char c : name) {
      if (c == '\r' || c == '\n' || c == '\0') {
        return fail(kind, "header name '" + printable(name) + "' contains " + shown_char(c) + " (header injection refused)",
                    std::string(where));
      }
    }
    return fail(kind, "header name '" + printable(name) + "' is not a valid token", std::string(where),
                "a header name is letters, digits and !#$%&'*+-.^_`|~ only");
  }
  for (unsigned char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') {
      return fail(kind, "header '" + std::string(name) + "' contains " + shown_char(c) + " in its value (header injection refused)",
                  std::string(where));
    }
  }
  return {};
}

Result<void> check_header_line(std::string_view line, ErrorKind kind, std::string_view where) {
  auto colon = line.find(':');
  // "Name;" is curl's way to send an empty header.
  if (colon == std::string_view::npos && !line.empty() && line.back() == ';') colon = line.size() - 1;
  if (colon == std::string_view::npos) return check_header_field(line, {}, kind, where);
  return check_header_field(line.substr(0, colon), line.substr(colon + 1), kind, where);
}

Result<void> check_method(std::string_view method, ErrorKind kind, std::string_view where) {
  if (is_token(method)) return {};
  return fail(kind, "method '" + printable(method) + "' is not a valid token", std::string(where),
              "a method is letters, digits and !#$%&'*+-.^_`|~ only (GET, POST, PURGE...)");
}

Result<void> check_url_chars(std::string_view url, ErrorKind kind, std::string_view where) {
  for (unsigned char c : url) {
    if (c < 0x20 || c == 0x7f) {
      return fail(kind, "URL contains " + shown_char(c) + " (request injection refused)", std::string(where),
                  "percent-encode it (%0D, %0A...)");
    }
  }
  return {};
}

}  // namespace sonde
