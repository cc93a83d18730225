#include "core/check/multipart.hpp"

#include <strings.h>

namespace sonde::check {

namespace {

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of parameter `name` in a header value's "; name=value" list (quoted or bare,
// backslash escapes in quotes), if present.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    auto eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = trimmed(header.substr(i, eq - i));
    std::string value;
    std::size_t j = eq + 1;
    if (j < header.size() && header[j] == '"') {
      for (++j; j < header.size() && header[j] != '"'; ++j) {
        if (header[j] == '\\' && j + 1 < header.size()) ++j;
        value += header[j];
      }
      ++j;  // past the closing quote
    } else {
      while (j < header.size() && header[j] != ';') value += header[j++];
      value = std::string(trimmed(value));
    }
    if (iequal(key, name)) return value;
    i = header.find(';', j);
  }
  return std::nullopt;
}

std::unexpected<Error> malformed(const std::string& why) {
  return fail(ErrorKind::invalid_input, "the multipart body is malformed: " + why);
}

// The next "CRLF--boundary" at or after `from` that really is a delimiter line: followed by "--"
// (the close), or by optional whitespace and CRLF (RFC 2046 section 5.1.1). Content may hold
// "--boundary" followed by anything else.
std::size_t find_delimiter(std::string_view body, const std::string& crlf_delimiter, std::size_t from) {
  while (true) {
    auto at = body.find(crlf_delimiter, from);
    if (at == std::string_view::npos) return at;
    std::string_view after = body.substr(at + crlf_delimiter.size());
    if (after.starts_with("--")) return at;
    std::size_t i = 0;
    while (i < after.size() && (after[i] == ' ' || after[i] == '\t')) ++i;
    if (after.substr(i).starts_with("\r\n")) return at;
    from = at + 1;
  }
}

}  // namespace

Result<std::vector<MultipartPart>> parse_multipart(std::string_view content_type, std::string_view body) {
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) {
    return malformed("the Content-Type has no usable boundary parameter (RFC 2046: 1 to 70 characters)");
  }
  const std::string delimiter = "--" + *boundary;
  // The first delimiter opens the first part; a preamble before it is ignored.
  std::size_t at = body.starts_with(delimiter) ? 0 : find_delimiter(body, "\r\n" + delimiter, 0);
  if (at == std::string_view::npos) return malformed("no boundary line '" + delimiter + "'");
  at += body.starts_with(delimiter) && at == 0 ? delimiter.size() : delimiter.size() + 2;
  std::vector<MultipartPart> parts;
  while (true) {
    if (body.substr(at).starts_with("--")) return parts;  // the close delimiter
    auto line_end = body.find("\r\n", at);
    if (line_end == std::string_view::npos) return malformed("the body ends inside a boundary line");
    at = line_end + 2;
    auto headers_end = body.find("\r\n\r\n", at - 2);
    if (headers_end == std::string_view::npos) return malformed("part " + std::to_string(parts.size() + 1) + " has no end of headers");
    MultipartPart part;
    bool named = false;
    for (std::size_t line = at; line < headers_end + 2;) {
      auto end = body.find("\r\n", line);
      std::string_view header = body.substr(line, end - line);
      line = end + 2;
      auto colon = header.find(':');
      if (colon == std::string_view::npos) continue;
      std::string_view name = trimmed(header.substr(0, colon)), value = trimmed(header.substr(colon + 1));
      if (iequal(name, "Content-Disposition")) {
        if (auto n = parameter(value, "name")) {
          part.name = *n;
          named = true;
        }
        if (auto f = parameter(value, "filename")) part.filename = *f;
      } else if (iequal(name, "Content-Type")) {
        part.content_type = std::string(value);
      }
    }
    if (!named) return malformed("part " + std::to_string(parts.size() + 1) + " has no Content-Disposition name");
    const std::size_t content = headers_end + 4;
    auto next = find_delimiter(body, "\r\n" + delimiter, content);
    if (next == std::string_view::npos) return malformed("no closing boundary '" + delimiter + "--'");
    part.body = std::string(body.substr(content, next - content));
    parts.push_back(std::move(part));
    at = next + 2 + delimiter.size();
  }
}

}  // namespace sonde::check
