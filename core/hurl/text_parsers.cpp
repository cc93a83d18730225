#include "core/hurl/text_parsers.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

#include "core/util/base64.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::hurl {

namespace {

// The escapes shared by quoted strings, keys and values; `c` is on the backslash.
Result<void> escape(Cursor& c, std::string& out) {
  const Pos at = c.pos();
  c.next();
  char e = c.next();
  switch (e) {
    case 'b': out += '\b'; return {};
    case 'f': out += '\f'; return {};
    case 'n': out += '\n'; return {};
    case 'r': out += '\r'; return {};
    case 't': out += '\t'; return {};
    case 'u': {
      if (c.peek() != '{') return c.error("expected '{' after \\u", at);
      c.next();
      std::uint32_t cp = 0;
      int digits = 0;
      while (std::isxdigit(static_cast<unsigned char>(c.peek())) && digits < 6) {
        cp = cp * 16 + static_cast<std::uint32_t>(hex_digit(c.next()));
        ++digits;
      }
      if (digits == 0 || c.peek() != '}' || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return c.error("invalid \\u{...} escape", at);
      }
      c.next();
      append_utf8(out, cp);
      return {};
    }
    case '\0': return c.error("dangling backslash", at);
    default: out += e; return {};  // \" \\ \# \: \{ and any other character stand for themselves
  }
}

bool is_line_end(char ch) { return ch == '\n' || ch == '\r' || ch == '\0'; }

}  // namespace

bool Template::has_variables() const {
  for (const auto& p : parts) {
    if (p.variable) return true;
  }
  return false;
}

std::string Template::source() const {
  std::string out;
  for (const auto& p : parts) out += p.variable ? "{{" + p.text + "}}" : p.text;
  return out;
}

Result<Template> make_template(std::string_view text, Pos pos, const Cursor& cursor) {
  Template t;
  t.pos = pos;
  if (text.find("{{") == std::string_view::npos) {  // most text has no placeholder: one part, one copy
    if (!text.empty()) t.parts.push_back({false, std::string(text)});
    return t;
  }
  std::size_t i = 0;
  while (i < text.size()) {
    auto open = text.find("{{", i);
    if (open == std::string_view::npos) {
      t.parts.push_back({false, std::string(text.substr(i))});
      break;
    }
    if (open > i) t.parts.push_back({false, std::string(text.substr(i, open - i))});
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return cursor.error("'{{' without a closing '}}'", Pos{pos.line, pos.col + static_cast<int>(open)});
    }
    std::string_view expr = text.substr(open + 2, close - open - 2);
    while (!expr.empty() && std::isspace(static_cast<unsigned char>(expr.front()))) expr.remove_prefix(1);
    while (!expr.empty() && std::isspace(static_cast<unsigned char>(expr.back()))) expr.remove_suffix(1);
    if (expr.empty()) return cursor.error("empty '{{}}'", Pos{pos.line, pos.col + static_cast<int>(open)});
    t.parts.push_back({true, std::string(expr)});
    i = close + 2;
  }
  return t;
}

// Reads characters until `stop` says so, resolving escapes; templates stay as text for
// make_template (a template's braces are never escapes).
template <class Stop>
Result<Template> read_templated(Cursor& c, Stop stop) {
  const Pos start = c.pos();
  std::string text;
  while (!c.eof() && !stop(c.peek())) {
    // A run of ordinary characters is copied at once: most values have no escape and no
    // placeholder. A '{' ends the run, the code below tells "{{" from a lone brace; so does a
    // line end (every `stop` includes one anyway), so the cursor stays on its line.
    const std::string_view rest = c.rest();
    std::size_t run = 0;
    while (run < rest.size() && rest[run] != '\\' && rest[run] != '{' && rest[run] != '\n' && !stop(rest[run])) ++run;
    if (run > 0) {
      text.append(rest.substr(0, run));
      c.skip_in_line(run);
      continue;
    }
    if (c.peek() == '\\') {
      if (auto ok = escape(c, text); !ok) return std::unexpected(ok.error());
      continue;
    }
    if (c.starts_with("{{")) {
      // Copy the whole placeholder, so a '#' or ':' inside it does not end the string.
      while (!c.eof() && !c.starts_with("}}") && !is_line_end(c.peek())) text += c.next();
      if (c.starts_with("}}")) {
        text += c.next();
        text += c.next();
      }
      continue;
    }
    text += c.next();
  }
  if (text.find("{{") == std::string::npos) {  // no placeholder: the text is the one part, moved
    Template t;
    t.pos = start;
    if (!text.empty()) t.parts.push_back({false, std::move(text)});
    return t;
  }
  return make_template(text, start, c);
}

Result<Template> quoted_string(Cursor& c) {
  const Pos start = c.pos();
  c.next();  // the opening quote
  auto t = read_templated(c, [](char ch) { return ch == '"' || is_line_end(ch); });
  if (!t) return t;
  if (c.peek() != '"') return c.error("unterminated string (missing '\"')", start);
  c.next();
  t->pos = start;
  return t;
}

Result<Template> key_string(Cursor& c) {
  auto t = read_templated(c, [](char ch) { return ch == ':' || ch == '#' || is_line_end(ch); });
  if (!t) return t;
  // Trailing spaces before ':' are not part of the key.
  if (!t->parts.empty() && !t->parts.back().variable) {
    auto& s = t->parts.back().text;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  }
  return t;
}

Result<Template> value_string(Cursor& c) {
  auto t = read_templated(c, [](char ch) { return ch == '#' || is_line_end(ch); });
  if (!t) return t;
  if (!t->parts.empty() && !t->parts.back().variable) {
    auto& s = t->parts.back().text;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  }
  return t;
}

std::string word(Cursor& c) {
  const std::string_view rest = c.rest();
  std::size_t n = 0;
  while (n < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[n])) || rest[n] == '-' || rest[n] == '_')) ++n;
  c.skip_in_line(n);  // none of those characters ends a line
  return std::string(rest.substr(0, n));
}

namespace {

// base64,...; hex,...; file,...; (the cursor is after the comma).
Result<std::string> until_semicolon(Cursor& c, const Pos& start, const char* what) {
  std::string raw;
  while (!c.eof() && c.peek() != ';' && !is_line_end(c.peek())) raw += c.next();
  if (c.peek() != ';') return c.error(std::string(what) + " value needs a closing ';'", start);
  c.next();
  std::erase_if(raw, [](char ch) { return ch == ' ' || ch == '\t'; });
  return raw;
}

Result<std::string> decode_base64(const std::string& text, const Cursor& c, Pos at) {
  auto bytes = base64_decode(text);
  if (!bytes) return c.error("invalid base64", at);
  return std::move(*bytes);
}

Result<std::string> decode_hex(const std::string& text, const Cursor& c, Pos at) {
  if (text.size() % 2) return c.error("hex value needs an even number of digits", at);
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return c.error("invalid hex digit", at);
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<Literal> number(Cursor& c, Pos start) {
  std::string text;
  if (c.peek() == '-') text += c.next();
  while (std::isdigit(static_cast<unsigned char>(c.peek())) || c.peek() == '.' || c.peek() == 'e' || c.peek() == 'E' ||
         ((c.peek() == '+' || c.peek() == '-') && (text.ends_with('e') || text.ends_with('E')))) {
    text += c.next();
  }
  Literal l;
  l.pos = start;
  l.number_text = text;
  const bool is_float = text.find_first_of(".eE") != std::string::npos;
  if (!is_float) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), l.integer);
    if (ec == std::errc{} && end == text.data() + text.size()) {
      l.kind = Literal::Kind::integer;
      return l;
    }
    if (ec == std::errc::result_out_of_range) {  // a big integer: compared by its digits
      l.kind = Literal::Kind::integer;
      return l;
    }
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), l.floating);
  if (ec != std::errc{} || end != text.data() + text.size()) return c.error("invalid number '" + text + "'", start);
  l.kind = Literal::Kind::floating;
  return l;
}

}  // namespace

Result<Literal> literal(Cursor& c) {
  const Pos start = c.pos();
  Literal l;
  l.pos = start;
  auto keyword = [&](std::string_view kw) {
    if (!c.starts_with(kw)) return false;
    char after = c.peek(kw.size());
    if (std::isalnum(static_cast<unsigned char>(after)) || after == '_') return false;
    c.advance(kw.size());
    return true;
  };
  if (c.peek() == '"') {
    auto t = quoted_string(c);
    if (!t) return std::unexpected(t.error());
    l.kind = Literal::Kind::string;
    l.text = std::move(*t);
    return l;
  }
  if (c.starts_with("```")) {
    auto read = read_multiline(c, start);
    if (!read) return std::unexpected(read.error());
    static constexpr std::string_view textual[] = {"", "text", "json", "xml", "csv", "graphql"};
    if (std::find(std::begin(textual), std::end(textual), read->type) == std::end(textual)) {
      return c.error("```" + read->type + " multiline strings are not supported as predicate values", start);
    }
    l.kind = Literal::Kind::string;
    if (read->no_variable) {
      l.text.parts.push_back({false, read->content});
      return l;
    }
    auto t = make_template(read->content, start, c);
    if (!t) return std::unexpected(t.error());
    l.text = std::move(*t);
    return l;
  }
  if (c.peek() == '`') {
    c.next();
    auto t = read_templated(c, [](char ch) { return ch == '`' || is_line_end(ch); });
    if (!t) return std::unexpected(t.error());
    if (c.peek() != '`') return c.error("unterminated `string`", start);
    c.next();
    l.kind = Literal::Kind::string;
    l.text = std::move(*t);
    return l;
  }
  if (c.peek() == '/') {
    c.next();
    std::string re;
    while (!c.eof() && c.peek() != '/' && !is_line_end(c.peek())) {
      if (c.peek() == '\\' && c.peek(1) == '/') {
        c.next();
        re += c.next();
        continue;
      }
      re += c.next();
    }
    if (c.peek() != '/') return c.error("unterminated /regex/", start);
    c.next();
    l.kind = Literal::Kind::regex;
    l.text.parts.push_back({false, re});
    l.text.pos = start;
    return l;
  }
  if (c.starts_with("{{")) {
    std::string text;
    while (!c.eof() && !c.starts_with("}}") && !is_line_end(c.peek())) text += c.next();
    if (!c.starts_with("}}")) return c.error("'{{' without a closing '}}'", start);
    c.advance(2);
    auto t = make_template(text + "}}", start, c);
    if (!t) return std::unexpected(t.error());
    l.kind = Literal::Kind::placeholder;
    l.text = std::move(*t);
    return l;
  }
  if (c.starts_with("base64,") || c.starts_with("hex,") || c.starts_with("file,")) {
    const bool b64 = c.starts_with("base64,"), hex = c.starts_with("hex,");
    c.advance(b64 ? 7 : hex ? 4 : 5);
    auto raw = until_semicolon(c, start, b64 ? "base64" : hex ? "hex" : "file");
    if (!raw) return std::unexpected(raw.error());
    if (!b64 && !hex) {  // a file name may hold {{variables}}, as Hurl's do
      l.kind = Literal::Kind::file;
      auto name = make_template(*raw, start, c);
      if (!name) return std::unexpected(name.error());
      l.text = std::move(*name);
      return l;
    }
    auto bytes = b64 ? decode_base64(*raw, c, start) : decode_hex(*raw, c, start);
    if (!bytes) return std::unexpected(bytes.error());
    l.kind = Literal::Kind::bytes;
    l.bytes = std::move(*bytes);
    return l;
  }
  if (keyword("true") || keyword("false")) {
    l.kind = Literal::Kind::boolean;
    l.boolean = c.slice(c.offset() - 4, c.offset()) == "true";
    return l;
  }
  if (keyword("null")) {
    l.kind = Literal::Kind::null;
    return l;
  }
  if (c.peek() == '-' || std::isdigit(static_cast<unsigned char>(c.peek()))) return number(c, start);
  return c.error("expected a value (a \"string\", number, true, false, null, base64,...;, hex,...;, file,...; or {{variable}})",
                 start);
}

Result<Multiline> read_multiline(Cursor& c, Pos start) {
  // The opening fence ends its line: ```[type][,attribute...]; the content is every line up to
  // the closing fence.
  c.advance(3);
  std::string header(c.rest_of_line());
  c.advance(header.size());
  if (!c.end_of_line()) return c.error("unexpected text after ```");
  Multiline out;
  bool escapes = false;
  std::size_t from = 0;
  for (bool first = true; from <= header.size(); first = false) {
    std::size_t comma = header.find(',', from);
    std::string word = header.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) word.pop_back();
    while (!word.empty() && (word.front() == ' ' || word.front() == '\t')) word.erase(0, 1);
    if (word == "escape") escapes = true;
    else if (word == "novariable") out.no_variable = true;
    else if (first) out.type = word;
    else return c.error("```" + header + ": unknown attribute '" + word + "' (escape, novariable)", start);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  bool closed = false;
  while (!c.eof()) {
    std::string_view line = c.rest_of_line();
    std::string_view front = line;
    while (!front.empty() && (front.front() == ' ' || front.front() == '\t')) front.remove_prefix(1);
    if (front.starts_with("```")) {
      // Up to the closing fence only: a body then needs the end of its line, a predicate value
      // leaves that check (and a trailing comment) to the assert's parser.
      c.advance(line.size() - front.size() + 3);
      closed = true;
      break;
    }
    if (escapes) {
      // The escapes of a quoted string (\n, \t, \u{...}, \\ ...), resolved in place so that an
      // error names its own line and column. The line's own length bounds the walk: a NUL or a
      // lone CR inside it is text here, never a place to stop (stopping there never advanced).
      const std::size_t end = c.offset() + line.size();
      while (c.offset() < end) {
        if (c.peek() != '\\') {
          out.content += c.next();
          continue;
        }
        if (c.offset() + 1 >= end) return c.error("dangling backslash at the end of a line", c.pos());
        if (auto ok = escape(c, out.content); !ok) return std::unexpected(ok.error());
      }
      if (c.offset() > end) return c.error("an escape runs past the end of its line", c.pos());
    } else {
      out.content += line;
      c.advance(line.size());
    }
    out.content += '\n';
    if (c.peek() == '\r') c.next();
    if (c.peek() == '\n') c.next();
  }
  if (!closed) return c.error("``` is not closed", start);
  return out;
}

}  // namespace sonde::hurl
