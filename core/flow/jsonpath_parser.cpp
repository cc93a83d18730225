#include "core/flow/jsonpath_parser.hpp"

#include "core/flow/utf8.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::flow::jsonpath {

namespace {

// Indices and slice bounds stay within I-JSON's exact integers (RFC 9535 section 2.1).
constexpr std::int64_t k_max_int = (std::int64_t{1} << 53) - 1;

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<Query> parse_query(std::string_view text) {
  try {
    return Parser(text).whole_query();
  } catch (const ParseFailure& failure) {
    const std::size_t column = 1 + count_code_points(text.substr(0, failure.pos));
    return fail(ErrorKind::invalid_input, "JSONPath: " + failure.message + " at column " + std::to_string(column));
  }
}

Query Parser::whole_query() {
  if (!eat('$')) fail(pos_, "a query starts with '$'");
  Query query = query_after_identifier(false);
  if (!at_end()) fail(pos_, "unexpected " + describe_next());
  return query;
}

// --- cursor ---

bool Parser::eat(char c) {
  if (peek() != c || at_end()) return false;
  ++pos_;
  return true;
}

bool Parser::eat(std::string_view s) {
  if (text_.substr(pos_).substr(0, s.size()) != s) return false;
  pos_ += s.size();
  return true;
}

bool Parser::eat_after_blanks(std::string_view s) {
  const std::size_t save = pos_;
  skip_blanks();
  if (eat(s)) return true;
  pos_ = save;
  return false;
}

void Parser::skip_blanks() { pos_ = next_token_pos(); }

std::size_t Parser::next_token_pos() const {
  std::size_t pos = pos_;
  while (pos < text_.size() && is_blank(text_[pos])) ++pos;
  return pos;
}

void Parser::fail(std::size_t pos, std::string message) const { throw ParseFailure{pos, std::move(message)}; }

std::string Parser::describe_next() const {
  if (at_end()) return "end of query";
  if (is_blank(peek())) return "whitespace";
  const Utf8Char c = decode_utf8(text_, pos_);
  return "'" + std::string(text_.substr(pos_, c.size == 0 ? 1 : c.size)) + "'";
}

// --- queries and segments (section 2.5) ---

Query Parser::query_after_identifier(bool relative) {
  Query query;
  query.relative = relative;
  segments(query);
  return query;
}

void Parser::segments(Query& query) {
  while (true) {
    const std::size_t save = pos_;
    skip_blanks();
    if (peek() == '[') {
      query.segments.push_back(bracket_segment(false));
    } else if (peek() == '.') {
      query.segments.push_back(dot_segment());
    } else {
      pos_ = save;  // blanks after a query belong to what follows it
      return;
    }
  }
}

Segment Parser::dot_segment() {
  ++pos_;
  Segment seg;
  seg.descendant = eat('.');
  if (seg.descendant && peek() == '[') return bracket_segment(true);
  if (eat('*')) {
    Selector wildcard;
    wildcard.kind = Selector::Kind::wildcard;
    seg.selectors.push_back(std::move(wildcard));
  } else if (at_name_char(true)) {
    seg.selectors.push_back(name_shorthand());
  } else {
    fail(pos_, std::string(seg.descendant ? "expected a member name, '*' or '[' after '..'"
                                          : "expected a member name or '*' after '.'") +
                   ", got " + describe_next());
  }
  return seg;
}

Segment Parser::bracket_segment(bool descendant) {
  ++pos_;
  Segment seg;
  seg.descendant = descendant;
  skip_blanks();
  seg.selectors.push_back(selector());
  while (true) {
    skip_blanks();
    if (eat(']')) return seg;
    if (!eat(',')) fail(pos_, at_end() ? "expected ']'" : "expected ',' or ']', got " + describe_next());
    skip_blanks();
    seg.selectors.push_back(selector());
  }
}

// --- selectors (section 2.3) ---

Selector Parser::selector() {
  const char c = peek();
  Selector s;
  if (c == '\'' || c == '"') {
    s.kind = Selector::Kind::name;
    s.name = string_literal();
  } else if (eat('*')) {
    s.kind = Selector::Kind::wildcard;
  } else if (eat('?')) {
    s.kind = Selector::Kind::filter;
    skip_blanks();
    s.filter = filter();
  } else if (c == '-' || c == ':' || is_ascii_digit(c)) {
    s = index_or_slice();
  } else {
    fail(pos_, "expected a selector (a name, index, slice, '*' or '?'), got " + describe_next());
  }
  return s;
}

// index-selector = int; slice-selector = [start S] ":" S [end S] [":" [S step]]
Selector Parser::index_or_slice() {
  Selector s;
  if (peek() != ':') {
    s.start = integer();
    const std::size_t save = pos_;
    skip_blanks();
    if (peek() != ':') {
      pos_ = save;
      s.kind = Selector::Kind::index;
      s.index = *s.start;
      return s;
    }
  }
  s.kind = Selector::Kind::slice;
  ++pos_;
  skip_blanks();
  if (peek() == '-' || is_ascii_digit(peek())) {
    s.end = integer();
    skip_blanks();
  }
  if (eat(':')) {
    skip_blanks();
    if (peek() == '-' || is_ascii_digit(peek())) s.step = integer();
  }
  return s;
}

// int = "0" / (["-"] DIGIT1 *DIGIT)
std::int64_t Parser::integer() {
  const std::size_t start = pos_;
  const bool negative = eat('-');
  if (!is_ascii_digit(peek())) fail(pos_, "expected a digit, got " + describe_next());
  if (eat('0')) {
    if (negative) fail(start, "-0 is not an index");
    if (is_ascii_digit(peek())) fail(start, "an index cannot have leading zeros");
    return 0;
  }
  std::int64_t value = 0;
  while (is_ascii_digit(peek())) {
    value = value * 10 + (peek() - '0');
    if (value > k_max_int) fail(start, "integer out of range (at most 2^53-1 either way)");
    ++pos_;
  }
  return negative ? -value : value;
}

// member-name-shorthand: name-first = ALPHA / "_" / non-ASCII; name-char adds DIGIT.
Selector Parser::name_shorthand() {
  const std::size_t start = pos_;
  while (at_name_char(pos_ == start)) {
    const Utf8Char c = decode_utf8(text_, pos_);
    pos_ += c.size;
  }
  Selector s;
  s.kind = Selector::Kind::name;
  s.name = std::string(text_.substr(start, pos_ - start));
  return s;
}

bool Parser::at_name_char(bool first) const {
  if (at_end()) return false;
  const char c = peek();
  if (static_cast<unsigned char>(c) < 0x80) return is_alpha(c) || c == '_' || (!first && is_ascii_digit(c));
  if (decode_utf8(text_, pos_).size == 0) fail(pos_, "invalid UTF-8");
  return true;
}

// --- string literals (section 2.3.1.1) ---

std::string Parser::string_literal() {
  const std::size_t start = pos_;
  const char quote = text_[pos_++];
  std::string out;
  while (true) {
    if (at_end()) fail(start, "unterminated string");
    const auto c = static_cast<unsigned char>(peek());
    if (c == static_cast<unsigned char>(quote)) {
      ++pos_;
      return out;
    }
    if (c == '\\') {
      string_escape(quote, out);
    } else if (c < 0x20) {
      fail(pos_, "control character in a string (escape it)");
    } else {
      const Utf8Char ch = decode_utf8(text_, pos_);
      if (ch.size == 0) fail(pos_, "invalid UTF-8");
      out.append(text_.substr(pos_, ch.size));
      pos_ += ch.size;
    }
  }
}

void Parser::string_escape(char quote, std::string& out) {
  const std::size_t start = pos_;
  if (start + 1 >= text_.size()) fail(start, "unterminated string");
  const char c = text_[start + 1];
  pos_ += 2;
  switch (c) {
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case '/': out += '/'; return;
    case '\\': out += '\\'; return;
    case 'u': unicode_escape(start, out); return;
    default: break;
  }
  if (c != quote) fail(start, "invalid escape '\\" + std::string(1, c) + "' in a string");
  out += c;
}

// \uXXXX, with a surrogate pair written as two escapes.
void Parser::unicode_escape(std::size_t start, std::string& out) {
  std::uint32_t cp = hex4(start);
  if (cp >= 0xDC00 && cp <= 0xDFFF) fail(start, "\\u escape of a lone low surrogate");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    const std::size_t low_start = pos_;
    if (!eat("\\u")) fail(start, "\\u escape of a high surrogate not followed by a low one");
    const std::uint32_t low = hex4(low_start);
    if (low < 0xDC00 || low > 0xDFFF) fail(low_start, "\\u escape of a high surrogate not followed by a low one");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, cp);
}

std::uint32_t Parser::hex4(std::size_t start) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_digit(peek());
    if (digit < 0) fail(start, "\\u needs four hexadecimal digits");
    value = value * 16 + static_cast<std::uint32_t>(digit);
    ++pos_;
  }
  return value;
}

}  // namespace sonde::flow::jsonpath
