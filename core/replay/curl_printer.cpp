#include "core/replay/curl_printer.hpp"

#include <cctype>
#include <cstdio>

namespace sonde::replay {

std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  bool safe = true, control = false;
  for (unsigned char c : word) {
    if (c < 0x20 || c == 0x7f) control = true;
    if (!(std::isalnum(c) || std::string_view("-_./:=@%+,").find(static_cast<char>(c)) != std::string_view::npos)) safe = false;
  }
  if (safe) return std::string(word);
  if (!control) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  std::string out = "$'";
  for (unsigned char c : word) {
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c == '\'' || c == '\\') out += std::string("\\") + static_cast<char>(c);
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + "'";
}

std::string to_curl_command(const Request& request, const Redactor& redactor) {
  std::string out = "curl";
  bool head = iequals(request.method, "HEAD");
  if (head) {
    out += " --head";
  } else if (!(iequals(request.method, "GET") && request.body.empty()) &&
             !(iequals(request.method, "POST") && !request.body.empty())) {
    out += " -X " + shell_quote(request.method);
  }
  for (const auto& h : request.headers) {
    std::string value = redactor.shown(h.name, h.value);
    out += " -H " + shell_quote(value.empty() ? h.name + ";" : h.name + ": " + value);
  }
  if (!request.body.empty()) out += " --data-raw " + shell_quote(request.body);
  out += " " + shell_quote(request.url);
  return out;
}

}  // namespace sonde::replay
