#include "core/openapi/yaml_quoted.hpp"

#include "core/util/text_codec.hpp"

namespace sonde::openapi {

namespace {

bool is_break(char c) { return c == '\n' || c == '\r'; }
bool is_white(char c) { return c == ' ' || c == '\t'; }

std::size_t skip_break(std::string_view text, std::size_t i) {
  if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') return i + 2;
  return i + 1;
}

// At a line break inside the scalar: drops the literal white space before it, then emits a space
// (no empty lines follow) or one "\n" per empty line; leaves `i` on the next content character.
void fold(std::string_view text, std::size_t& i, std::string& out, std::size_t& white_tail) {
  out.resize(out.size() - white_tail);
  white_tail = 0;
  i = skip_break(text, i);
  std::size_t empty = 0;
  while (true) {
    while (i < text.size() && is_white(text[i])) ++i;
    if (i < text.size() && is_break(text[i])) {
      ++empty;
      i = skip_break(text, i);
      continue;
    }
    break;
  }
  out += empty ? std::string(empty, '\n') : std::string(" ");
}

std::optional<std::uint32_t> hex_value(std::string_view text, std::size_t at, std::size_t digits) {
  if (at + digits > text.size()) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t k = 0; k < digits; ++k) {
    int d = hex_digit(text[at + k]);
    if (d < 0) return std::nullopt;
    value = value * 16 + static_cast<std::uint32_t>(d);
  }
  return value;
}

// One escape after a backslash at text[i]; appends its value and moves `i` past it.
bool escape(std::string_view text, std::size_t& i, std::string& out) {
  if (i + 1 >= text.size()) return false;
  char c = text[i + 1];
  i += 2;
  switch (c) {
    case '0': out += '\0'; return true;
    case 'a': out += '\a'; return true;
    case 'b': out += '\b'; return true;
    case 't': case '\t': out += '\t'; return true;
    case 'n': out += '\n'; return true;
    case 'v': out += '\v'; return true;
    case 'f': out += '\f'; return true;
    case 'r': out += '\r'; return true;
    case 'e': out += '\x1b'; return true;
    case ' ': case '"': case '/': case '\\': out += c; return true;
    case 'N': append_utf8(out, 0x85); return true;
    case '_': append_utf8(out, 0xA0); return true;
    case 'L': append_utf8(out, 0x2028); return true;
    case 'P': append_utf8(out, 0x2029); return true;
    case 'x': case 'u': case 'U': {
      std::size_t digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      auto value = hex_value(text, i, digits);
      // A surrogate or a value past U+10FFFF has no UTF-8 form: not a value this reader builds.
      if (!value || (*value >= 0xD800 && *value <= 0xDFFF) || *value > 0x10FFFF) return false;
      append_utf8(out, *value);
      i += digits;
      return true;
    }
    default: return false;
  }
}

}  // namespace

std::optional<QuotedScalar> decode_quoted_scalar(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) return std::nullopt;
  const char quote = text[pos];
  bool multi_line = false;
  std::string out;
  std::size_t white_tail = 0;  // literal spaces and tabs at the end of `out` (escaped ones stay)
  std::size_t i = pos + 1;
  while (i < text.size()) {
    char c = text[i];
    if (c == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        out += '\'';
        white_tail = 0;
        i += 2;
        continue;
      }
      if (invalid_utf8_at(out) != std::string::npos) return std::nullopt;  // raw bytes: yaml-cpp's checked text
      return QuotedScalar{std::move(out), multi_line};
    }
    if (quote == '"' && c == '\\') {
      if (i + 1 < text.size() && is_break(text[i + 1])) {
        // An escaped line break joins the lines; the white space before it stays.
        multi_line = true;
        i = skip_break(text, i + 1);
        while (i < text.size() && is_white(text[i])) ++i;
        white_tail = 0;
        continue;
      }
      if (!escape(text, i, out)) return std::nullopt;
      white_tail = 0;
      continue;
    }
    if (is_break(c)) {
      multi_line = true;
      fold(text, i, out, white_tail);
      continue;
    }
    out += c;
    white_tail = is_white(c) ? white_tail + 1 : 0;
    ++i;
  }
  return std::nullopt;
}

}  // namespace sonde::openapi
