#include "core/hurl/parser.hpp"

#include <algorithm>
#include <cctype>

#include "core/hurl/assert_parser.hpp"
#include "core/hurl/body_parser.hpp"
#include "core/hurl/cursor.hpp"
#include "core/hurl/text_parsers.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/prefault.hpp"

namespace sonde::hurl {

namespace {

bool is_method_line(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  const std::size_t start = i;
  while (i < line.size() && line[i] >= 'A' && line[i] <= 'Z') ++i;  // not std::isupper: a locale call per byte
  if (i == start || i >= line.size() || (line[i] != ' ' && line[i] != '\t')) return false;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] != ':';
}

bool is_response_line(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (!line.starts_with("HTTP")) return false;
  line.remove_prefix(4);
  if (line.starts_with("/")) {
    while (!line.empty() && line.front() != ' ' && line.front() != '\t') line.remove_prefix(1);
  }
  return !line.empty() && (line.front() == ' ' || line.front() == '\t');
}

// "[Asserts]" -> "Asserts" (a view into `line`); empty when the line is not a section header.
std::string_view section_name(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  if (!line.starts_with("[")) return {};
  auto close = line.find(']');
  if (close == std::string_view::npos) return {};
  std::string_view name = line.substr(1, close - 1);
  for (char ch : name) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) return {};
  }
  std::string_view after = line.substr(close + 1);
  while (!after.empty() && (after.front() == ' ' || after.front() == '\t')) after.remove_prefix(1);
  if (!after.empty() && after.front() != '#') return {};
  return name;
}

Result<KeyValue> key_value(Cursor& c) {
  KeyValue kv;
  c.skip_spaces();
  kv.pos = c.pos();
  auto key = key_string(c);
  if (!key) return std::unexpected(key.error());
  if (c.peek() != ':') return c.error("expected 'name: value'", kv.pos);
  c.next();
  c.skip_spaces();
  auto value = value_string(c);
  if (!value) return std::unexpected(value.error());
  kv.key = std::move(*key);
  kv.value = std::move(*value);
  if (!c.end_of_line()) return c.error("unexpected text at the end of the line");
  return kv;
}

bool known_option(const std::string& name) {
  const auto& names = supported_option_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string option_list() {
  std::string out;
  for (const auto& n : supported_option_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Result<Option> option(Cursor& c) {
  Option o;
  c.skip_spaces();
  o.pos = c.pos();
  // Option names may hold dots (http1.0, http1.1).
  while (std::isalnum(static_cast<unsigned char>(c.peek())) || c.peek() == '-' || c.peek() == '_' || c.peek() == '.') {
    o.name += c.next();
  }
  if (!known_option(o.name)) {
    return c.error("option '" + o.name + "' is not supported by sonde yet", o.pos, "supported: " + option_list());
  }
  c.skip_spaces();
  if (c.peek() != ':') return c.error("expected 'option: value'", o.pos);
  c.next();
  c.skip_spaces();
  const Pos value_at = c.pos();
  std::string_view rest = c.rest_of_line();
  if (auto hash = rest.find(" #"); hash != std::string_view::npos) rest = rest.substr(0, hash);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
  // Booleans and integers as literals; durations (500ms, 2s) and the rest as templates.
  const std::string_view digits = !rest.empty() && rest.front() == '-' ? rest.substr(1) : rest;
  const bool integer = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
  if (rest == "true" || rest == "false" || integer) {
    auto lit = literal(c);
    if (!lit) return std::unexpected(lit.error());
    o.value = std::move(*lit);
  } else {
    auto value = value_string(c);
    if (!value) return std::unexpected(value.error());
    o.value.kind = Literal::Kind::string;
    o.value.text = std::move(*value);
    o.value.pos = value_at;
  }
  if (!c.end_of_line()) return c.error("unexpected text at the end of the line");
  return o;
}

Result<Capture> capture(Cursor& c) {
  Capture cap;
  c.skip_spaces();
  cap.pos = c.pos();
  auto name = key_string(c);
  if (!name) return std::unexpected(name.error());
  if (c.peek() != ':') return c.error("expected 'name: query'", cap.pos);
  c.next();
  c.skip_spaces();
  auto q = parse_query(c);
  if (!q) return std::unexpected(q.error());
  cap.name = std::move(*name);
  cap.query = std::move(*q);
  c.skip_spaces();
  if (c.starts_with("redact")) {
    c.advance(6);
    cap.redact = true;
  }
  if (!c.end_of_line()) return c.error("unexpected text after the capture's query");
  return cap;
}

// `field: value` or `field: file,path; type/subtype`.
Result<MultipartParam> multipart_param(Cursor& c) {
  MultipartParam m;
  c.skip_spaces();
  m.pos = c.pos();
  auto name = key_string(c);
  if (!name) return std::unexpected(name.error());
  if (c.peek() != ':') return c.error("expected 'name: value' or 'name: file,path;'", m.pos);
  c.next();
  c.skip_spaces();
  m.name = std::move(*name);
  if (c.starts_with("file,")) {
    auto lit = literal(c);
    if (!lit) return std::unexpected(lit.error());
    m.is_file = true;
    m.value = std::move(lit->text);
    c.skip_spaces();
    if (!c.eof() && c.peek() != '\n' && c.peek() != '#' && c.peek() != '\r') {
      auto type = value_string(c);
      if (!type) return std::unexpected(type.error());
      m.content_type = std::move(*type);
    }
  } else {
    auto value = value_string(c);
    if (!value) return std::unexpected(value.error());
    m.value = std::move(*value);
  }
  if (!c.end_of_line()) return c.error("unexpected text at the end of the line");
  return m;
}

// Where a section's items end: a blank line does not end them, the next line that is not an item does.
bool section_over(Cursor& c) {
  c.skip_blank_lines();
  if (c.eof()) return true;
  std::string_view line = c.rest_of_line();
  return !section_name(line).empty() || is_method_line(line) || is_response_line(line) || starts_body(line);
}

template <class T, class Fn>
Result<void> items(Cursor& c, std::vector<T>& out, Fn read) {
  while (!section_over(c)) {
    auto item = read(c);
    if (!item) return std::unexpected(item.error());
    out.push_back(std::move(*item));
  }
  return {};
}

Result<void> request_section(Cursor& c, std::string_view name, Pos at, Request& r) {
  if (name == "QueryStringParams" || name == "Query") return items(c, r.query_params, key_value);
  if (name == "FormParams" || name == "Form") return items(c, r.form_params, key_value);
  if (name == "Cookies") return items(c, r.cookies, key_value);
  if (name == "Options") return items(c, r.options, option);
  if (name == "BasicAuth") {
    std::vector<KeyValue> kv;
    if (auto ok = items(c, kv, key_value); !ok) return ok;
    if (kv.size() != 1) return c.error("[BasicAuth] takes one 'user: password' line", at);
    r.basic_auth = kv.front();
    return {};
  }
  if (name == "MultipartFormData" || name == "Multipart") return items(c, r.multipart, multipart_param);
  if (name == "Captures" || name == "Asserts") return c.error("[" + std::string(name) + "] belongs to a response (after 'HTTP ...')", at);
  return c.error("unknown section [" + std::string(name) + "]", at);
}

Result<void> response_section(Cursor& c, std::string_view name, Pos at, Response& r) {
  if (name == "Captures") return items(c, r.captures, capture);
  if (name == "Asserts") {
    return items(c, r.asserts, [](Cursor& cur) {
      cur.skip_spaces();
      return parse_assert(cur);
    });
  }
  return c.error("[" + std::string(name) + "] belongs to a request (before 'HTTP ...')", at);
}

// Headers, then sections, then a body, up to the next request or response line; a blank line or
// comment may come anywhere between. Requests and responses differ only in their sections.
template <typename Message, typename Section, typename HasSections>
Result<void> message_parts(Cursor& c, Message& m, Section section, HasSections has_sections, const char* whose) {
  while (true) {
    c.skip_blank_lines();
    if (c.eof()) return {};
    std::string_view line = c.rest_of_line();
    if (is_method_line(line) || is_response_line(line)) return {};
    if (auto name = section_name(line); !name.empty()) {
      const Pos at = c.pos();
      c.advance(line.find(']') + 1);
      c.end_of_line();
      if (auto ok = section(name, at); !ok) return ok;
      continue;
    }
    if (starts_body(line)) {
      auto body = parse_body(c);
      if (!body) return std::unexpected(body.error());
      m.body = std::move(*body);
      return {};
    }
    if (has_sections()) return c.error(std::string("a header must come before the ") + whose + "'s sections");
    auto header = key_value(c);
    if (!header) return std::unexpected(header.error());
    m.headers.push_back(std::move(*header));
  }
}

Result<Request> request(Cursor& c) {
  Request r;
  c.skip_spaces();
  r.pos = c.pos();
  while (c.peek() >= 'A' && c.peek() <= 'Z') r.method += c.next();
  c.skip_spaces();
  auto url = value_string(c);
  if (!url) return std::unexpected(url.error());
  if (url->parts.empty()) return c.error("the request line needs a URL", r.pos);
  r.url = std::move(*url);
  if (!c.end_of_line()) return c.error("unexpected text after the URL");
  auto ok = message_parts(
      c, r, [&](std::string_view name, Pos at) { return request_section(c, name, at, r); },
      [&] { return !r.query_params.empty() || !r.form_params.empty() || !r.options.empty() || !r.cookies.empty(); },
      "request");
  if (!ok) return std::unexpected(ok.error());
  return r;
}

Result<Response> response(Cursor& c) {
  Response r;
  c.skip_spaces();
  r.pos = c.pos();
  while (!c.eof() && c.peek() != ' ' && c.peek() != '\t') r.version += c.next();
  static constexpr std::string_view versions[] = {"HTTP", "HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/3", "HTTP/*"};
  bool known = false;
  for (std::string_view v : versions) known = known || r.version == v;
  if (!known) return c.error("unknown HTTP version '" + r.version + "'", r.pos);
  if (r.version == "HTTP/*") r.version = "HTTP";
  c.skip_spaces();
  if (c.peek() == '*') {
    c.next();
  } else {
    const Pos at = c.pos();
    std::string digits;
    while (std::isdigit(static_cast<unsigned char>(c.peek()))) digits += c.next();
    if (digits.size() != 3) return c.error("expected a status code (e.g. 200) or '*'", at);
    r.status = std::stoi(digits);
  }
  if (!c.end_of_line()) return c.error("unexpected text after the status");
  auto ok = message_parts(
      c, r, [&](std::string_view name, Pos at) { return response_section(c, name, at, r); },
      [&] { return !r.captures.empty() || !r.asserts.empty(); }, "response");
  if (!ok) return std::unexpected(ok.error());
  return r;
}

}  // namespace

const std::vector<std::string>& supported_option_names() {
  // The [Options] sonde runs (core/flow/entry_options.cpp); the rest of Hurl's are refused by name
  // at parse time. http3 is among the refused: Debian's libcurl is built without HTTP/3.
  static const std::vector<std::string> names = {
      "aws-sigv4", "cacert",  "cert",       "compressed", "connect-timeout", "connect-to", "delay",
      "http1.0",   "http1.1", "http2",      "insecure",   "ipv4",            "ipv6",       "key",
      "limit-rate", "location", "location-trusted", "max-redirs", "max-time", "netrc",   "netrc-file",
      "netrc-optional", "output", "path-as-is", "pinnedpubkey", "proxy", "repeat", "resolve", "retry",
      "retry-interval", "skip", "unix-socket", "user", "variable", "verbose", "very-verbose"};
  return names;
}

namespace {

// An upper bound of the entries in `text`: its lines that look like a request line (a body line
// may too; `HTTP 200` response lines do not count). Growing the vector of entries one doubling at
// a time touched twice their memory.
std::size_t likely_entries(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (is_method_line(line) && !is_response_line(line)) ++n;
    start = end + 1;
  }
  return n;
}

// Populates the entries' storage a stretch ahead of the entries written (one call per 64 KiB, not
// a fault per page). The capacity reserved is only an upper bound (a body line can look like a
// request line), so it is never populated all at once.
class EntryStorageAhead {
 public:
  /// Before each push_back: the slot the next entry goes to is populated.
  void before_push(std::vector<Entry>& entries) {
    if (entries.size() == entries.capacity()) return;  // push_back regrows it: let that fault in
    if (entries.data() != data_) {
      data_ = entries.data();
      populated_ = 0;
    }
    const std::size_t needed = (entries.size() + 1) * sizeof(Entry);
    if (needed <= populated_) return;
    const std::size_t stretch = std::min(k_stretch, entries.capacity() * sizeof(Entry) - populated_);
    prefault_for_write(reinterpret_cast<char*>(entries.data()) + populated_, stretch, 0);
    populated_ += stretch;
  }

 private:
  static constexpr std::size_t k_stretch = std::size_t{64} << 10;
  const Entry* data_ = nullptr;  ///< the storage populated_ counts in (a regrown vector starts anew)
  std::size_t populated_ = 0;
};

}  // namespace

Result<File> parse(std::string_view text, const std::string& path) {
  Cursor c(text, path);
  File file;
  file.path = path;
  file.entries.reserve(likely_entries(text));
  EntryStorageAhead ahead;
  while (true) {
    c.skip_blank_lines();
    if (c.eof()) break;
    if (!is_method_line(c.rest_of_line())) {
      return c.error("expected a request line 'METHOD URL'", std::nullopt, "a Hurl entry starts with e.g. 'GET https://...'");
    }
    Entry entry;
    auto req = request(c);
    if (!req) return std::unexpected(req.error());
    entry.request = std::move(*req);
    c.skip_blank_lines();
    if (!c.eof() && is_response_line(c.rest_of_line())) {
      auto resp = response(c);
      if (!resp) return std::unexpected(resp.error());
      entry.response = std::move(*resp);
    }
    ahead.before_push(file.entries);
    file.entries.push_back(std::move(entry));
  }
  return file;
}

Result<File> parse_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  return parse(*text, path);
}

}  // namespace sonde::hurl
