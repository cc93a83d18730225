#include "core/replay/dotenv.hpp"

#include <cctype>

#include "core/replay/request.hpp"

namespace sonde::replay {

namespace {

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

std::string unescape_double(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'r') {
      out += '\r';
      ++i;
    } else {
      out += v[i];
    }
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parse_dotenv(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.starts_with("#")) continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (!valid_key(key)) continue;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'' || value.front() == '`')) {
      auto close = value.find(value.front(), 1);
      if (close != std::string_view::npos) {
        std::string_view inner = value.substr(1, close - 1);
        out[std::string(key)] = value.front() == '"' ? unescape_double(inner) : std::string(inner);
        continue;
      }
    }
    // An unquoted value ends at a comment that follows whitespace.
    for (std::size_t i = 1; i < value.size(); ++i) {
      if (value[i] == '#' && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
        value = trim(value.substr(0, i));
        break;
      }
    }
    out[std::string(key)] = std::string(value);
  }
  return out;
}

}  // namespace sonde::replay
