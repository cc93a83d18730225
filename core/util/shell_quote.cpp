#include "core/util/shell_quote.hpp"

#include <cctype>
#include <cstdio>

namespace sonde {

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

}  // namespace sonde
