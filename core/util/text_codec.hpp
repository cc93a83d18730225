#pragma once
/// Small text codecs several readers need: hex digits, UTF-8 encoding of a code point (for \u
/// escapes in JSON and in bash's $'...'), and RFC 3986 percent-encoding and decoding (query
/// strings, form bodies, paths, $ref fragments).
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde {

/// The value of one hexadecimal digit, or -1.
constexpr int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Writes `cp` as UTF-8 (1 to 4 bytes) at `out` and returns the end; for in-place unescaping.
inline char* put_utf8(char* out, std::uint32_t cp) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

/// Appends `cp` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

/// Encodes every byte but the unreserved characters (ALPHA, DIGIT, "-", ".", "_", "~"; RFC 3986
/// section 2.3) as %XX with upper-case hex digits.
std::string percent_encode(std::string_view text);

/// Decodes %XX escapes (RFC 3986 section 2.1); an invalid escape is kept as written. "+" stays
/// "+" (form encoding is the caller's business).
std::string percent_decode(std::string_view text);

}  // namespace sonde
