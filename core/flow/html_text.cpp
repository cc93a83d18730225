#include "core/flow/html_text.hpp"

#include <cstdint>
#include <string>

#include "core/flow/libxml2_loader.hpp"

namespace sonde::flow {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The reference starting at text[at] == '&': its length and code point, or length 0.
std::pair<std::size_t, std::uint32_t> reference_at(std::string_view text, std::size_t at) {
  const auto semi = text.find(';', at);
  if (semi == std::string_view::npos || semi - at > 40) return {0, 0};
  const std::string_view body = text.substr(at + 1, semi - at - 1);
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return {0, 0};
    std::uint64_t cp = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return {0, 0};
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint64_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;  // saturate: replaced by U+FFFD
    }
    return {semi - at + 1, static_cast<std::uint32_t>(cp)};
  }
  if (body.empty()) return {0, 0};
  const std::string name(body);
  auto xml = libxml2();
  if (!xml) return {0, 0};  // without libxml2's table, named entities stay as written
  const htmlEntityDesc* entity = (*xml)->htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
  if (entity == nullptr) return {0, 0};
  return {semi - at + 1, entity->value};
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      if (auto [length, cp] = reference_at(text, i); length != 0) {
        append_utf8(out, cp);
        i += length;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace sonde::flow
