#include "core/replay/url_encode.hpp"

#include <cstdio>

namespace sonde::replay {

namespace {

enum class Part { path, query, fragment };

bool needs_encoding(unsigned char c, Part part) {
  if (c <= 0x20 || c >= 0x7F) return true;
  if (c == '"' || c == '<' || c == '>') return true;
  if (part == Part::path) return c == '`' || c == '{' || c == '}';
  if (part == Part::query) return c == '\'';
  return c == '`';
}

}  // namespace

std::string encode_url(std::string_view url) {
  std::string out;
  auto scheme = url.find("://");
  std::size_t start = 0;
  if (scheme != std::string_view::npos) {
    start = url.find_first_of("/?#", scheme + 3);
    if (start == std::string_view::npos) start = url.size();
  }
  out.append(url.substr(0, start));
  Part part = Part::path;
  for (std::size_t i = start; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c == '?' && part == Part::path) part = Part::query;
    else if (c == '#' && part != Part::fragment) part = Part::fragment;
    if (needs_encoding(c, part)) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace sonde::replay
