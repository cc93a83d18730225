#pragma once
/// The Hurl file format (hurl.dev/docs/hurl-file.html) as data: what core/hurl/parser.hpp reads
/// and core/flow runs. Nothing here touches the network; every node keeps its file position so
/// that a failed assert names `file:line:col`.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sonde::hurl {

struct Pos {
  int line = 0;
  int col = 0;
};

/// "FILE:LINE:COL" of a position in `file`, for messages. Every assert result carries one, so it
/// is built with a single allocation.
inline std::string at(const std::string& file, const Pos& pos) {
  char digits[32];  // ":" + at most 11 characters per int, twice
  char* end = digits + sizeof digits;
  char* p = digits;
  *p++ = ':';
  p = std::to_chars(p, end, pos.line).ptr;
  *p++ = ':';
  p = std::to_chars(p, end, pos.col).ptr;
  std::string out;
  out.reserve(file.size() + static_cast<std::size_t>(p - digits));
  out.append(file).append(digits, p);
  return out;
}

/// Text with `{{name}}` placeholders, kept as literal and variable parts.
struct Template {
  struct Part {
    bool variable = false;
    std::string text;  ///< the literal text, or the expression inside the braces (trimmed)
  };
  std::vector<Part> parts;
  Pos pos;
  bool has_variables() const;
  /// The template written back ("a {{b}}"), for messages.
  std::string source() const;
};

struct KeyValue {
  Template key;
  Template value;
  Pos pos;
};

/// A request or response body.
struct Body {
  enum class Kind { json, xml, text, base64, hex, file, graphql };
  Kind kind = Kind::text;
  /// json/xml/text (templated); base64/hex: the decoded bytes as one literal; file: the path;
  /// graphql: the query.
  Template text;
  /// graphql only: the `variables {...}` JSON object that follows the query, when there is one.
  std::optional<Template> graphql_variables;
  Pos pos;
};

/// A predicate value or an option value: literals of the format, or a template.
struct Literal {
  enum class Kind { null, boolean, integer, floating, string, bytes, file, regex, placeholder };
  Kind kind = Kind::null;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string number_text;  ///< the number as written (big integers compare by text)
  Template text;            ///< string, regex source, file path, or placeholder expression
  std::string bytes;        ///< decoded base64/hex
  Pos pos;
};

struct Filter {
  std::string name;              ///< "count", "nth", "regex", "jsonpath", ...
  std::vector<Literal> args;     ///< in order: nth 2 -> integer; replace "a" "b" -> two strings
  Pos pos;
};

struct Query {
  std::string name;  ///< "status", "header", "jsonpath", ...
  Template arg;      ///< header name, jsonpath expression, regex, variable name... (empty if none)
  bool regex_literal = false;  ///< regex given as /.../ rather than "..."
  std::vector<Filter> filters;
  Pos pos;
};

struct Predicate {
  bool negated = false;
  std::string name;  ///< "==", "!=", ">", ">=", "<", "<=", "startsWith", "contains", "exists", ...
  std::optional<Literal> value;
  Pos pos;
};

struct Assert {
  Query query;
  Predicate predicate;
  Pos pos;
};

struct Capture {
  Template name;
  Query query;
  bool redact = false;
  Pos pos;
};

struct Option {
  std::string name;  ///< "location", "max-redirs", "retry", "variable", ...
  Literal value;     ///< for `variable`: text holds "name=value"
  Pos pos;
};

struct MultipartParam {
  Template name;
  Template value;                        ///< a plain field, or the file path
  bool is_file = false;
  std::optional<Template> content_type;  ///< file; "type/subtype"
  Pos pos;
};

struct Request {
  std::string method;
  Template url;
  std::vector<KeyValue> headers;
  std::vector<KeyValue> query_params;
  std::vector<KeyValue> form_params;
  std::vector<MultipartParam> multipart;
  std::vector<KeyValue> cookies;
  std::optional<KeyValue> basic_auth;
  std::vector<Option> options;
  std::optional<Body> body;
  Pos pos;
};

struct Response {
  std::string version;                 ///< "HTTP" (any), "HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/3"
  std::optional<int> status;           ///< nullopt: `*`
  std::vector<KeyValue> headers;       ///< implicit asserts: each header has this value
  std::vector<Capture> captures;
  std::vector<Assert> asserts;
  std::optional<Body> body;            ///< implicit assert on the whole body
  Pos pos;
};

struct Entry {
  Request request;
  std::optional<Response> response;
};

struct File {
  std::string path;
  std::vector<Entry> entries;
  std::vector<std::string> notes;  ///< things read but not run (a .http file's script blocks)
};

}  // namespace sonde::hurl
