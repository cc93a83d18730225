#pragma once
/// Small text codecs several readers need: hex digits, UTF-8 encoding of a code point (for \u
/// escapes in JSON and in bash's $'...'), and RFC 3986 percent-encoding and decoding (query
/// strings, form bodies, paths, $ref fragments).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sonde {

/// An ASCII decimal digit (never locale-dependent, unlike std::isdigit).
constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

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

/// Length (1 to 4) of the well-formed UTF-8 sequence at `p`, or 0 when it is ill-formed
/// (a stray continuation byte, an overlong form, a surrogate, above U+10FFFF, cut short).
inline std::size_t utf8_sequence_length(const char* p, const char* end) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  unsigned char b = byte(0);
  if (b < 0x80) return 1;
  std::size_t n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
  if (n == 0 || end - p < static_cast<std::ptrdiff_t>(n)) return 0;
  // The second byte's range depends on the first (Unicode, table 3-7).
  unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  return n;
}

/// Offset of the first byte of `text` that is not part of well-formed UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);

/// At most `max_bytes` of `text`, cut before a UTF-8 sequence rather than inside one.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

/// Appends `cp` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

/// Encodes every byte but the unreserved characters (ALPHA, DIGIT, "-", ".", "_", "~"; RFC 3986
/// section 2.3) as %XX with upper-case hex digits.
std::string percent_encode(std::string_view text);

/// ASCII letters in lower case, other bytes as they are (header names, schemes, file names:
/// never locale-dependent).
std::string ascii_lower(std::string_view text);

/// Decodes %XX escapes (RFC 3986 section 2.1); an invalid escape is kept as written. "+" stays
/// "+" (form encoding is the caller's business).
std::string percent_decode(std::string_view text);

}  // namespace sonde
