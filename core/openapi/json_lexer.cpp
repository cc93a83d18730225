#include "core/openapi/json_lexer.hpp"

#include <charconv>
#include <cmath>

#include "core/util/text_codec.hpp"

namespace sonde::openapi::json_lexer {

namespace {

bool hex4(const char*& p, const char* end, unsigned& out) {
  if (end - p < 4) return false;
  out = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = hex_digit(*p++);
    if (digit < 0) return false;
    out = out * 16 + static_cast<unsigned>(digit);
  }
  return true;
}

// \uXXXX, with a surrogate pair read as one code point; a lone surrogate is nlohmann's to refuse.
bool unicode_escape(const char*& p, const char* end, std::string& out) {
  unsigned code = 0;
  if (!hex4(p, end, code)) return false;
  if (code >= 0xDC00 && code <= 0xDFFF) return false;
  if (code >= 0xD800 && code <= 0xDBFF) {
    unsigned low = 0;
    if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return false;
    p += 2;
    if (!hex4(p, end, low) || low < 0xDC00 || low > 0xDFFF) return false;
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, code);
  return true;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool read_string(const char*& p, const char* end, std::string& out) {
  ++p;  // '"'
  const char* run = p;
  // First pass: the common string has no escape and no byte above 0x7F; it is copied at once.
  while (p < end) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '"') {
      out.assign(run, p);
      ++p;
      return true;
    }
    if (c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p;
  }
  out.assign(run, p);
  while (p < end) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '"') {
      ++p;
      return true;
    }
    if (c < 0x20) return false;
    if (c >= 0x80) {
      std::size_t length = utf8_sequence_length(p, end);
      if (length == 0) return false;
      out.append(p, length);
      p += length;
      continue;
    }
    if (c != '\\') {
      const char* start = p;
      while (p < end && *p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20 &&
             static_cast<unsigned char>(*p) < 0x80) {
        ++p;
      }
      out.append(start, p);
      continue;
    }
    if (++p >= end) return false;
    char escaped = *p++;
    switch (escaped) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u':
        if (!unicode_escape(p, end, out)) return false;
        break;
      default: return false;
    }
  }
  return false;
}

bool read_number(const char*& p, const char* end, Number& out) {
  const char* start = p;
  if (p < end && *p == '-') ++p;
  if (p >= end || !digit(*p)) return false;
  if (*p == '0') {
    ++p;
  } else {
    while (p < end && digit(*p)) ++p;
  }
  bool integral = true;
  if (p < end && *p == '.') {
    integral = false;
    ++p;
    if (p >= end || !digit(*p)) return false;
    while (p < end && digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    integral = false;
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !digit(*p)) return false;
    while (p < end && digit(*p)) ++p;
  }
  if (integral) {
    if (*start == '-') {
      std::int64_t v = 0;
      if (auto r = std::from_chars(start, p, v); r.ec == std::errc{} && r.ptr == p) {
        out.kind = Number::Kind::integer;
        out.integer = v;
        return true;
      }
    } else {
      std::uint64_t v = 0;
      if (auto r = std::from_chars(start, p, v); r.ec == std::errc{} && r.ptr == p) {
        out.kind = Number::Kind::unsigned_integer;
        out.unsigned_integer = v;
        return true;
      }
    }
  }
  double v = 0;
  auto r = std::from_chars(start, p, v);
  if (r.ec != std::errc{} || r.ptr != p || !std::isfinite(v)) return false;
  out.kind = Number::Kind::floating;
  out.floating = v;
  return true;
}

}  // namespace sonde::openapi::json_lexer
