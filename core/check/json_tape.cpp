#include "core/check/json_tape.hpp"

#include "core/util/text_codec.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace sonde::check {

namespace {

constexpr int k_max_depth = 512;

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Bytes that end the fast scan of a string: the quote, the backslash, control characters and
// non-ASCII bytes (checked as UTF-8).
constexpr std::array<bool, 256> make_string_stops() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}
constexpr std::array<bool, 256> k_string_stop = make_string_stops();

}  // namespace

TapeParser::TapeParser(char* data, std::size_t size) : begin_(data), p_(data), end_(data + size), line_start_(data) {}

// Lines are counted as whitespace is skipped: the text before p_ cannot be scanned again, since
// unescaping rewrote it (a "\n" escape leaves a newline byte behind inside a string).
std::unexpected<Error> TapeParser::error(std::string message) const {
  std::size_t col = static_cast<std::size_t>(p_ - line_start_) + 1;
  return fail(ErrorKind::invalid_input, "invalid JSON: " + message,
              "line " + std::to_string(line_) + ", column " + std::to_string(col));
}

void TapeParser::skip_ws() {
  while (p_ < end_ && is_ws(*p_)) {
    if (*p_ == '\n') {
      ++line_;
      line_start_ = p_ + 1;
    }
    ++p_;
  }
}

Result<void> TapeParser::parse_document(Tape& tape) {
  tape.entries.clear();
  tape.base = begin_;
  if (static_cast<std::size_t>(end_ - begin_) > UINT32_MAX) return error("documents above 4 GiB are not supported");
  skip_ws();
  if (auto r = parse_value(tape, 0); !r) return r;
  skip_ws();
  if (p_ != end_) return error("unexpected text after the value");
  return {};
}

bool TapeParser::begin_array() {
  skip_ws();
  if (p_ < end_ && *p_ == '[') {
    ++p_;
    first_element_ = true;
    return true;
  }
  return false;
}

Result<bool> TapeParser::next_element(Tape& tape) {
  auto more = next_in_array(first_element_);
  if (!more || !*more) return more;
  if (auto r = parse_one(tape); !r) return std::unexpected(r.error());
  return true;
}

char TapeParser::peek() {
  skip_ws();
  return p_ < end_ ? *p_ : '\0';
}

bool TapeParser::begin_object() {
  if (peek() != '{') return false;
  ++p_;
  return true;
}

Result<bool> TapeParser::next_in_array(bool& first) {
  skip_ws();
  if (p_ >= end_) return error("unterminated array");
  if (*p_ == ']') {
    ++p_;
    return false;
  }
  if (!first) {
    if (*p_ != ',') return error("expected ',' or ']'");
    ++p_;
    skip_ws();
    if (p_ < end_ && *p_ == ']') return error("trailing comma");
  }
  first = false;
  return true;
}

Result<bool> TapeParser::next_in_object(bool& first, std::string_view& key) {
  skip_ws();
  if (p_ >= end_) return error("unterminated object");
  if (*p_ == '}') {
    ++p_;
    return false;
  }
  if (!first) {
    if (*p_ != ',') return error("expected ',' or '}'");
    ++p_;
    skip_ws();
  }
  first = false;
  if (p_ >= end_ || *p_ != '"') return error("expected a member name");
  key_tape_.entries.clear();
  key_tape_.base = begin_;
  if (auto r = parse_string(key_tape_); !r) return std::unexpected(r.error());
  key = key_tape_.root().text();
  skip_ws();
  if (p_ >= end_ || *p_ != ':') return error("expected ':'");
  ++p_;
  skip_ws();
  return true;
}

Result<void> TapeParser::parse_one(Tape& tape) {
  tape.entries.clear();
  tape.base = begin_;
  skip_ws();
  return parse_value(tape, 1);
}

Result<void> TapeParser::finish() {
  skip_ws();
  if (p_ != end_) return error("unexpected text after the value");
  return {};
}

Result<void> TapeParser::parse_value(Tape& tape, int depth) {
  if (p_ >= end_) return error("unexpected end of input");
  if (depth > k_max_depth) return error("nesting deeper than 512 levels");
  char c = *p_;
  if (c == '"') return parse_string(tape);
  if (c == '-' || (c >= '0' && c <= '9')) return parse_number(tape);
  if (c != '{' && c != '[') return parse_literal(tape);
  bool object = c == '{';
  char close = object ? '}' : ']';
  std::size_t self = tape.entries.size();
  tape.entries.emplace_back();
  tape.entries[self].type = object ? JsonType::object : JsonType::array;
  ++p_;
  std::uint64_t count = 0;
  skip_ws();
  if (p_ < end_ && *p_ == close) {
    ++p_;
  } else {
    while (true) {
      skip_ws();
      if (object) {
        if (p_ >= end_ || *p_ != '"') return error("expected a member name");
        if (auto r = parse_string(tape); !r) return r;
        skip_ws();
        if (p_ >= end_ || *p_ != ':') return error("expected ':'");
        ++p_;
        skip_ws();
      }
      if (auto r = parse_value(tape, depth + 1); !r) return r;
      ++count;
      skip_ws();
      if (p_ >= end_) return error(object ? "unterminated object" : "unterminated array");
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ == close) {
        ++p_;
        break;
      }
      return error(object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
  }
  tape.entries[self].count = count;
  tape.entries[self].next = static_cast<std::uint32_t>(tape.entries.size());
  return {};
}

// \uXXXX (p_ just past the "u"), joining a surrogate pair; a lone surrogate becomes U+FFFD.
Result<void> TapeParser::decode_unicode_escape(char*& out) {
  auto read4 = [&](std::uint32_t& v) {
    if (end_ - p_ < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = hex_digit(p_[k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    p_ += 4;
    return true;
  };
  std::uint32_t cp = 0;
  if (!read4(cp)) return error("bad \\u escape");
  if (cp >= 0xD800 && cp <= 0xDBFF && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
    p_ += 2;
    std::uint32_t low = 0;
    if (!read4(low)) return error("bad \\u escape");
    if (low >= 0xDC00 && low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else {
      out = put_utf8(out, 0xFFFD);
      cp = low;
    }
  } else if (cp >= 0xD800 && cp <= 0xDFFF) {
    cp = 0xFFFD;
  }
  out = put_utf8(out, cp);
  return {};
}

// JSON text is UTF-8 (RFC 8259 section 8.1): an ill-formed byte inside a string makes the body
// not JSON, like a stray control character.
Result<void> TapeParser::parse_string(Tape& tape) {
  ++p_;  // opening quote
  char* start = p_;
  char* out = p_;  // where unescaped text goes; equal to p_ until the first escape
  while (true) {
    if (out == p_) {
      // Fast path: eight bytes at a time while none of them is a quote, a backslash, a control
      // character or a non-ASCII byte (the classic "has zero byte" bit trick), then byte by byte.
      constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
      while (end_ - p_ >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p_, 8);
        std::uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
        std::uint64_t stop = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((w - ones * 0x20) & ~w);
        if ((stop | w) & highs) break;
        p_ += 8;
      }
      while (p_ < end_ && !k_string_stop[static_cast<unsigned char>(*p_)]) ++p_;
      out = p_;
    }
    if (p_ >= end_) return error("unterminated string");
    char c = *p_;
    if (c == '"') break;
    if (static_cast<unsigned char>(c) < 0x20) return error("control character in string");
    if (static_cast<unsigned char>(c) >= 0x80) {
      std::size_t n = utf8_sequence_length(p_, end_);
      if (n == 0) return error("invalid UTF-8 in string");
      if (out != p_) std::memmove(out, p_, n);
      out += n;
      p_ += n;
      continue;
    }
    if (c != '\\') {
      *out++ = *p_++;
      continue;
    }
    if (p_ + 1 >= end_) return error("unterminated string");
    char e = p_[1];
    p_ += 2;
    switch (e) {
      case '"': *out++ = '"'; break;
      case '\\': *out++ = '\\'; break;
      case '/': *out++ = '/'; break;
      case 'b': *out++ = '\b'; break;
      case 'f': *out++ = '\f'; break;
      case 'n': *out++ = '\n'; break;
      case 'r': *out++ = '\r'; break;
      case 't': *out++ = '\t'; break;
      case 'u':
        if (auto r = decode_unicode_escape(out); !r) return r;
        break;
      default: return error("bad escape in string");
    }
  }
  TapeEntry entry;
  entry.type = JsonType::string;
  entry.s = {static_cast<std::uint32_t>(start - begin_), static_cast<std::uint32_t>(out - start)};
  entry.next = static_cast<std::uint32_t>(tape.entries.size() + 1);
  tape.entries.push_back(entry);
  ++p_;  // closing quote
  return {};
}

Result<void> TapeParser::parse_number(Tape& tape) {
  char* start = p_;
  if (*p_ == '-') ++p_;
  if (p_ >= end_ || *p_ < '0' || *p_ > '9') return error("bad number");
  if (*p_ == '0' && p_ + 1 < end_ && p_[1] >= '0' && p_[1] <= '9') return error("leading zero in number");
  while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
  bool integer = true;
  if (p_ < end_ && *p_ == '.') {
    integer = false;
    ++p_;
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return error("bad number");
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    integer = false;
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (p_ >= end_ || *p_ < '0' || *p_ > '9') return error("bad number");
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
  }
  TapeEntry entry;
  entry.next = static_cast<std::uint32_t>(tape.entries.size() + 1);
  if (integer) {
    entry.type = JsonType::integer;
    auto [ptr, ec] = std::from_chars(start, p_, entry.i);
    if (ec != std::errc() || ptr != p_) {
      entry.flag = 1;  // beyond int64: keep the literal so the value stays exact
      entry.s = {static_cast<std::uint32_t>(start - begin_), static_cast<std::uint32_t>(p_ - start)};
    }
  } else {
    entry.type = JsonType::number;
    auto [ptr, ec] = std::from_chars(start, p_, entry.d);
    if (ec == std::errc::result_out_of_range) {
      entry.d = std::strtod(std::string(start, p_).c_str(), nullptr);  // inf or 0, like JSON.parse
    } else if (ec != std::errc() || ptr != p_) {
      return error("bad number");
    }
  }
  tape.entries.push_back(entry);
  return {};
}

Result<void> TapeParser::parse_literal(Tape& tape) {
  TapeEntry entry;
  entry.next = static_cast<std::uint32_t>(tape.entries.size() + 1);
  auto match = [&](const char* word) {
    std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  };
  if (match("true")) {
    entry.type = JsonType::boolean;
    entry.flag = 1;
  } else if (match("false")) {
    entry.type = JsonType::boolean;
  } else if (match("null")) {
    entry.type = JsonType::null;
  } else {
    return error("unexpected character");
  }
  tape.entries.push_back(entry);
  return {};
}

Result<Tape> parse_json(std::string& buffer) {
  Tape tape;
  TapeParser parser(buffer);
  if (auto r = parser.parse_document(tape); !r) return std::unexpected(r.error());
  return tape;
}

}  // namespace sonde::check
