#include "core/hurl/body_parser.hpp"

#include <cctype>

#include "core/hurl/text_parsers.hpp"

namespace sonde::hurl {

namespace {

std::string_view trimmed_front(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

// A JSON value, possibly over many lines: brackets balanced outside strings. `{{var}}` inside
// stays as text (balanced too) and becomes a template part.
Result<Body> json_body(Cursor& c, Pos start) {
  const std::size_t from = c.offset();
  int depth = 0;
  bool in_string = false;
  while (!c.eof()) {
    char ch = c.next();
    if (in_string) {
      if (ch == '\\') c.next();
      else if (ch == '"') in_string = false;
      continue;
    }
    if (ch == '"') in_string = true;
    else if (ch == '{' || ch == '[') ++depth;
    else if (ch == '}' || ch == ']') {
      if (--depth == 0) break;
    }
  }
  if (depth != 0) return c.error("JSON body is not closed (unbalanced brackets)", start);
  std::string text(c.slice(from, c.offset()));
  if (!c.end_of_line()) return c.error("unexpected text after the JSON body");
  Body b;
  b.kind = Body::Kind::json;
  b.pos = start;
  auto t = make_template(text, start, c);
  if (!t) return std::unexpected(t.error());
  b.text = std::move(*t);
  return b;
}

// XML runs to the end of the root element: the last line before a blank line, a section or EOF.
Result<Body> xml_body(Cursor& c, Pos start) {
  const std::size_t from = c.offset();
  while (!c.eof()) {
    std::string_view line = c.rest_of_line();
    if (trimmed_front(line).empty()) break;
    c.advance(line.size());
    if (c.peek() == '\r') c.next();
    if (c.peek() == '\n') c.next();
  }
  std::string text(c.slice(from, c.offset()));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  Body b;
  b.kind = Body::Kind::xml;
  b.pos = start;
  auto t = make_template(text, start, c);
  if (!t) return std::unexpected(t.error());
  b.text = std::move(*t);
  return b;
}

// Where a ```graphql body's `variables {...}` block starts: the first line, outside the query's
// braces, strings and comments, that opens with the word `variables` and then '{'. npos if none.
std::size_t graphql_variables_start(std::string_view content) {
  int depth = 0;
  bool line_start = true;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char ch = content[i];
    if (ch == '\n') {
      line_start = true;
      continue;
    }
    if (line_start && (ch == ' ' || ch == '\t' || ch == '\r')) continue;
    if (line_start && depth == 0 && content.substr(i).starts_with("variables")) {
      std::size_t j = i + 9;
      while (j < content.size() && (content[j] == ' ' || content[j] == '\t')) ++j;
      if (j < content.size() && content[j] == '{') return i;
    }
    line_start = false;
    if (ch == '#') {  // a GraphQL comment runs to the end of its line
      while (i + 1 < content.size() && content[i + 1] != '\n') ++i;
    } else if (ch == '"') {  // a string (block strings are three of these and balance the same way)
      for (++i; i < content.size() && content[i] != '"' && content[i] != '\n'; ++i) {
        if (content[i] == '\\') ++i;
      }
    } else if (ch == '{') {
      ++depth;
    } else if (ch == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// Hurl's ```graphql body: the query, then optionally `variables` and a JSON object; sent as
// {"query": ..., "variables": ...} (core/flow/request_builder.cpp).
Result<Body> graphql_body(const Multiline& read, Cursor& c, Pos start) {
  Body b;
  b.kind = Body::Kind::graphql;
  b.pos = start;
  std::string_view content = read.content;
  std::string_view query = content, variables;
  if (auto at = graphql_variables_start(content); at != std::string_view::npos) {
    query = content.substr(0, at);
    variables = content.substr(content.find('{', at));
  }
  auto make = [&](std::string_view text) -> Result<Template> {
    if (read.no_variable) return Template{{{false, std::string(text)}}, start};
    return make_template(text, start, c);
  };
  auto q = make(query);
  if (!q) return std::unexpected(q.error());
  b.text = std::move(*q);
  if (!variables.empty()) {
    auto v = make(variables);
    if (!v) return std::unexpected(v.error());
    b.graphql_variables = std::move(*v);
  }
  return b;
}

Result<Body> multiline_body(Cursor& c, Pos start) {
  auto read = read_multiline(c, start);
  if (!read) return std::unexpected(read.error());
  if (!c.end_of_line()) return c.error("unexpected text after the closing ```");
  const std::string& type = read->type;
  const std::string& content = read->content;
  const bool no_variable = read->no_variable;
  Body b;
  b.pos = start;
  if (type == "json") b.kind = Body::Kind::json;
  else if (type == "xml") b.kind = Body::Kind::xml;
  else if (type.empty() || type == "text" || type == "csv") b.kind = Body::Kind::text;
  else if (type == "base64" || type == "hex") b.kind = type == "base64" ? Body::Kind::base64 : Body::Kind::hex;
  else if (type == "graphql") return graphql_body(*read, c, start);
  else return c.error("```" + type + " multiline strings are not supported", start);
  if (b.kind == Body::Kind::base64 || b.kind == Body::Kind::hex) {
    std::string compact;
    for (char ch : content) {
      if (ch != ' ' && ch != '\n' && ch != '\t' && ch != '\r') compact += ch;
    }
    std::string wrapped = (b.kind == Body::Kind::base64 ? "base64," : "hex,") + compact + ";";
    Cursor lit_cursor(wrapped, c.path());
    auto lit = literal(lit_cursor);
    if (!lit) return c.error("invalid " + type + " content", start);
    b.text.parts.push_back({false, lit->bytes});
    return b;
  }
  if (no_variable) {
    b.text.parts.push_back({false, content});
    return b;
  }
  auto t = make_template(content, start, c);
  if (!t) return std::unexpected(t.error());
  b.text = std::move(*t);
  return b;
}

}  // namespace

bool starts_body(std::string_view line) {
  line = trimmed_front(line);
  if (line.empty()) return false;
  if (line.front() == '[') {
    // A section header is [Letters] alone on its line; anything else opening with '[' is JSON.
    auto close = line.find(']');
    if (close != std::string_view::npos) {
      bool letters = close > 1;
      for (std::size_t i = 1; i < close; ++i) letters = letters && std::isalpha(static_cast<unsigned char>(line[i]));
      std::string_view after = trimmed_front(line.substr(close + 1));
      if (letters && (after.empty() || after.front() == '#')) return false;
    }
    return true;
  }
  return line.front() == '{' || line.front() == '<' || line.front() == '`' || line.starts_with("base64,") ||
         line.starts_with("hex,") || line.starts_with("file,");
}

Result<Body> parse_body(Cursor& c) {
  c.skip_spaces();
  const Pos start = c.pos();
  if (c.peek() == '{' || c.peek() == '[') return json_body(c, start);
  if (c.peek() == '<') return xml_body(c, start);
  if (c.starts_with("```")) return multiline_body(c, start);
  auto lit = literal(c);
  if (!lit) return std::unexpected(lit.error());
  if (!c.end_of_line()) return c.error("unexpected text after the body");
  Body b;
  b.pos = start;
  switch (lit->kind) {
    case Literal::Kind::string: b.kind = Body::Kind::text; b.text = std::move(lit->text); break;
    case Literal::Kind::bytes: b.kind = Body::Kind::base64; b.text.parts.push_back({false, lit->bytes}); break;
    case Literal::Kind::file: b.kind = Body::Kind::file; b.text = std::move(lit->text); break;
    default: return c.error("expected a body", start);
  }
  return b;
}

}  // namespace sonde::hurl
