#include "core/flow/utf8.hpp"

#include <cstdint>

namespace sonde::flow {

static_assert(sizeof(wchar_t) == 4, "utf8_to_wide needs a 32-bit wchar_t");

namespace {

struct Lead {
  std::size_t size;
  std::uint32_t bits;
  std::uint32_t min;  // smallest code point this length may encode (shorter forms are overlong)
};

Lead classify(unsigned char b) {
  if (b < 0x80) return {1, b, 0};
  if ((b & 0xE0) == 0xC0) return {2, b & 0x1Fu, 0x80};
  if ((b & 0xF0) == 0xE0) return {3, b & 0x0Fu, 0x800};
  if ((b & 0xF8) == 0xF0) return {4, b & 0x07u, 0x10000};
  return {0, 0, 0};
}

}  // namespace

Utf8Char decode_utf8(std::string_view text, std::size_t pos) {
  const Lead lead = classify(static_cast<unsigned char>(text[pos]));
  if (lead.size == 0 || pos + lead.size > text.size()) return {};
  std::uint32_t cp = lead.bits;
  for (std::size_t i = 1; i < lead.size; ++i) {
    const auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < lead.min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {static_cast<char32_t>(cp), lead.size};
}

std::wstring utf8_to_wide(std::string_view text) {
  std::wstring out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Char c = decode_utf8(text, pos);
    out += static_cast<wchar_t>(c.size == 0 ? 0xFFFD : c.code_point);
    pos += c.size == 0 ? 1 : c.size;
  }
  return out;
}

std::size_t count_code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace sonde::flow
