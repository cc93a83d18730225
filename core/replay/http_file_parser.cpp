#include "core/replay/http_file_parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "core/replay/request.hpp"

namespace sonde::replay {

namespace {

// Methods httpyac recognises at the start of a line even without a `###` separator before it.
constexpr std::array<std::string_view, 27> k_common_methods = {
    "GET",   "POST",   "PUT",        "DELETE",      "PATCH",           "HEAD",             "OPTIONS",
    "TRACE", "CONNECT", "PROPFIND",  "PROPPATCH",   "MKCOL",           "COPY",             "MOVE",
    "LOCK",  "UNLOCK", "CHECKOUT",   "CHECKIN",     "REPORT",          "MERGE",            "MKACTIVITY",
    "MKWORKSPACE", "VERSION-CONTROL", "BASELINE-CONTROL", "MKCALENDAR", "ACL", "SEARCH"};
// httpyac keywords for protocols other than HTTP.
constexpr std::array<std::string_view, 8> k_other_protocols = {"GRPC", "WS",   "WSS",         "MQTT",
                                                               "AMQP", "SSE",  "EVENTSOURCE", "RABBITMQ"};
// Metadata that only documents or tunes the editor, so ignoring it changes nothing on the wire.
const std::set<std::string, std::less<>> k_inert_meta = {"title", "description", "no-log", "verbose", "debug",
                                                         "save",  "openWith",    "extension", "no-auto-encoding"};

bool is_method_word(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (!(c >= 'A' && c <= 'Z') && c != '-' && c != '_') return false;
  }
  return true;
}

int indent_of(std::string_view line) {
  auto first = line.find_first_not_of(" \t");
  return first == std::string_view::npos ? 0 : static_cast<int>(first);
}

bool is_comment(std::string_view t) { return t.starts_with("#") || t.starts_with("//"); }

// The text of a comment after its `#`s or `/`s ("" for a bare "#").
std::string_view comment_text(std::string_view t) {
  return trim(t.substr(std::min(t.size(), t.find_first_not_of(t.starts_with("#") ? '#' : '/'))));
}

// `{{`, `{{@js`, `{{+after` alone on a line: an httpyac JavaScript block, closed by `}}`.
bool opens_script_block(std::string_view t) {
  if (!t.starts_with("{{")) return false;
  for (char c : t.substr(2)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '@' && c != '+' && c != ' ' && c != '\t') return false;
  }
  return true;
}

// "HTTP/1.1 200 OK": httpyac's example response after a request, never sent.
bool is_response_line(std::string_view t) {
  if (!t.starts_with("HTTP/")) return false;
  auto space = t.find(' ');
  return space != std::string_view::npos && space + 3 < t.size() && std::isdigit(static_cast<unsigned char>(t[space + 1]));
}

// Finds `needle` outside `{{ }}` from `from` on.
std::size_t find_outside_braces(std::string_view text, std::string_view needle, std::size_t from = 0) {
  int depth = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text.substr(i).starts_with("{{")) {
      ++depth;
      ++i;
    } else if (depth > 0 && text.substr(i).starts_with("}}")) {
      --depth;
      ++i;
    } else if (depth == 0 && text.substr(i).starts_with(needle)) {
      return i;
    }
  }
  return std::string_view::npos;
}

// "Name: value" where Name is an RFC 9110 token (or holds {{variables}}).
bool looks_like_header(std::string_view t) {
  auto colon = find_outside_braces(t, ":");
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view name = trim(t.substr(0, colon));
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (name.substr(i).starts_with("{{")) {
      auto close = name.find("}}", i);
      if (close == std::string_view::npos) return false;
      i = close + 1;
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::string path) : path_(std::move(path)) {}
  Result<void> feed(int number, std::string_view line);
  void finish() {
    flush();
    out.trailing_variables = std::move(pending_variables_);
  }
  ParsedHttpFile out;

 private:
  enum class State { preamble, url, headers, body, after_body, example_response, script, block, comment };
  std::string where(int line, int col = 0) const {
    return path_ + ":" + std::to_string(line) + (col > 0 ? ":" + std::to_string(col) : "");
  }
  void warn(int line, const std::string& text) { out.warnings.push_back(where(line) + ": " + text); }
  void flush();
  Result<void> preamble(int number, std::string_view line, std::string_view t);
  Result<void> request_line(int number, std::string_view line, std::string_view t);
  void meta(int number, std::string_view t);
  bool unsupported_tail(int number, std::string_view t);
  bool starts_request(std::string_view t) const;
  bool block_comment(std::string_view t);
  bool multipart() const;
  void header(int number, std::string_view line, std::string_view t);

  std::string path_;
  State state_ = State::preamble;
  State resume_ = State::preamble;  // where a script or block returns
  RawHttpRequest current_;
  bool has_request_ = false;
  std::vector<std::pair<std::string, HttpText>> pending_variables_;
};

void Parser::flush() {
  if (has_request_) {
    while (!current_.body.empty() && trim(current_.body.back().text).empty()) current_.body.pop_back();
    out.requests.push_back(std::move(current_));
  }
  current_ = {};
  has_request_ = false;
  state_ = State::preamble;
}

void Parser::meta(int number, std::string_view t) {
  // "# @name create", "# @name=create", "// @no-redirect"
  std::string_view rest = comment_text(t);
  rest = trim(rest.substr(1));
  auto end = rest.find_first_of(" \t=");
  std::string key(rest.substr(0, end));
  std::string_view value = end == std::string_view::npos ? std::string_view{} : trim(rest.substr(end));
  if (value.starts_with("=")) value = trim(value.substr(1));
  if (key == "name") current_.name = std::string(value);
  else if (key == "no-redirect") current_.no_redirect = true;
  else if (key == "no-cookie-jar") current_.no_cookie_jar = true;
  else if (key == "disabled") current_.disabled = value != "false";
  else if (key == "injectVariables") current_.inject_variables = true;
  else if (key == "import") out.imports.push_back({number, 1, std::string(value)});
  else if (!k_inert_meta.contains(key)) warn(number, "'@" + key + "' is not supported by sonde; ignored");
}

// httpyac's `/* ... */` comments, which may span lines.
bool Parser::block_comment(std::string_view t) {
  if (!t.starts_with("/*")) return false;
  if (t.find("*/", 2) == std::string_view::npos) {
    resume_ = state_;
    state_ = State::comment;
  }
  return true;
}

bool Parser::multipart() const {
  for (const auto& h : current_.headers) {
    std::string lower;
    for (char c : h.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.starts_with("content-type") && lower.find("multipart/") != std::string::npos) return true;
  }
  return false;
}

bool Parser::starts_request(std::string_view t) const {
  auto space = t.find_first_of(" \t");
  if (space == std::string_view::npos) return false;
  std::string_view word = t.substr(0, space);
  bool known = false;
  for (auto m : k_common_methods) known = known || word == m;
  std::string_view target = trim(t.substr(space));
  return known && (target.find("://") != std::string_view::npos || target.starts_with("{{") || target.starts_with("/"));
}

// Lines that follow a request and that sonde recognises without running them. Returns true when
// `t` was one of them.
bool Parser::unsupported_tail(int number, std::string_view t) {
  if (t.starts_with("> {%")) {
    warn(number, "response handler script not run (sonde does not run JavaScript); the request is still sent");
    if (t.find("%}") == std::string_view::npos) {
      state_ = State::script;
      resume_ = State::after_body;
    } else {
      state_ = State::after_body;
    }
    return true;
  }
  if (t.starts_with(">>")) {
    warn(number, "response redirect '" + std::string(t) + "' ignored (sonde does not save responses to files)");
    state_ = State::after_body;
    return true;
  }
  if (t.starts_with("> ")) {
    warn(number, "response handler '" + std::string(trim(t.substr(1))) +
                     "' not run (sonde does not run JavaScript); the request is still sent");
    state_ = State::after_body;
    return true;
  }
  if (t.starts_with("<> ")) {
    warn(number, "response reference '" + std::string(trim(t.substr(2))) + "' ignored");
    state_ = State::after_body;
    return true;
  }
  if (t.starts_with("??")) {
    warn(number, "httpyac assertion '" + std::string(t) + "' not checked (use sonde test with a Hurl file for asserts)");
    state_ = State::after_body;
    return true;
  }
  if (opens_script_block(t)) {
    warn(number, "httpyac script block not run (sonde does not run scripts)");
    state_ = State::block;
    resume_ = State::after_body;
    return true;
  }
  return false;
}

Result<void> Parser::request_line(int number, std::string_view line, std::string_view t) {
  const int start = indent_of(line);
  std::size_t pos = 0;
  auto space = t.find_first_of(" \t");
  if (space != std::string_view::npos && is_method_word(t.substr(0, space))) {
    for (auto p : k_other_protocols) {
      if (t.substr(0, space) == p) {
        return fail(ErrorKind::invalid_input, "'" + std::string(p) + "' requests are not HTTP; sonde sends HTTP only",
                    where(number, start + 1));
      }
    }
    current_.method = std::string(t.substr(0, space));
    pos = t.find_first_not_of(" \t", space);
  }
  std::string_view target = t.substr(pos);
  // A trailing " HTTP/1.1" (outside any {{ }}) is the version, which libcurl chooses.
  for (std::size_t at = find_outside_braces(target, "HTTP/"); at != std::string_view::npos;
       at = find_outside_braces(target, "HTTP/", at + 1)) {
    if (at > 0 && (target[at - 1] == ' ' || target[at - 1] == '\t') &&
        target.substr(at).find_first_of(" \t") == std::string_view::npos) {
      target = trim(target.substr(0, at));
      break;
    }
  }
  if (target.empty()) {
    return fail(ErrorKind::invalid_input, "expected a URL after the method", where(number, start + static_cast<int>(pos) + 1),
                "a request line is '[METHOD] URL [HTTP/1.1]'");
  }
  current_.line = number;
  current_.url.push_back({number, start + static_cast<int>(pos) + 1, std::string(target)});
  current_.variables = std::move(pending_variables_);
  pending_variables_.clear();
  has_request_ = true;
  state_ = State::url;
  return {};
}

Result<void> Parser::preamble(int number, std::string_view line, std::string_view t) {
  if (t.empty()) return {};
  if (t.starts_with("< {%")) {
    warn(number, "pre-request script not run (sonde does not run JavaScript)");
    if (t.find("%}") == std::string_view::npos) {
      state_ = State::script;
      resume_ = State::preamble;
    }
    return {};
  }
  if (t.starts_with("< ") && (t.ends_with(".js") || t.ends_with(".ts"))) {
    warn(number, "pre-request script '" + std::string(trim(t.substr(1))) + "' not run (sonde does not run JavaScript)");
    return {};
  }
  if (opens_script_block(t)) {
    warn(number, "httpyac script block not run (sonde does not run scripts)");
    state_ = State::block;
    resume_ = State::preamble;
    return {};
  }
  if (is_comment(t)) {
    std::string_view rest = comment_text(t);
    if (rest.starts_with("@")) meta(number, t);
    return {};
  }
  if (t.starts_with("@")) {
    auto eq = t.find('=');
    auto name_end = t.find_first_of(" \t=:");
    if (eq == std::string_view::npos || name_end < 2) {
      return fail(ErrorKind::invalid_input, "expected a variable '@name = value'", where(number, indent_of(line) + 1));
    }
    std::string name(trim(t.substr(1, name_end - 1)));
    std::string_view value = trim(t.substr(eq + 1));
    const int col = static_cast<int>(line.size() - value.size()) + 1;
    pending_variables_.push_back({name, HttpText{number, col, std::string(value)}});
    return {};
  }
  return request_line(number, line, t);
}

void Parser::header(int number, std::string_view line, std::string_view t) {
  current_.headers.push_back({number, indent_of(line) + 1, std::string(t)});
}

Result<void> Parser::feed(int number, std::string_view line) {
  std::string_view t = trim(line);
  if (state_ == State::script) {
    if (t.find("%}") != std::string_view::npos) state_ = resume_;
    return {};
  }
  if (state_ == State::block) {
    if (t == "}}") state_ = resume_;
    return {};
  }
  if (state_ == State::comment) {
    if (t.find("*/") != std::string_view::npos) state_ = resume_;
    return {};
  }
  if (t.starts_with("###")) {
    flush();
    std::string_view title = trim(t.substr(std::min(t.size(), t.find_first_not_of('#'))));
    current_.name = std::string(title);
    return {};
  }
  switch (state_) {
    case State::preamble:
      if (block_comment(t)) return {};
      return preamble(number, line, t);
    case State::url:
      // JetBrains: the target continues on indented lines; httpyac: also on `?`/`&`/`/` lines.
      if (!t.empty() && (indent_of(line) > 0 || t.starts_with("?") || t.starts_with("&") ||
                         (t.starts_with("/") && !t.starts_with("//")))) {
        current_.url.push_back({number, indent_of(line) + 1, std::string(t)});
        return {};
      }
      state_ = State::headers;
      [[fallthrough]];
    case State::headers:
      if (t.empty()) {
        state_ = State::body;
        return {};
      }
      if (unsupported_tail(number, t)) return {};
      if (is_comment(t)) return {};
      if (starts_request(t)) {  // httpyac: consecutive request lines are consecutive requests
        flush();
        return request_line(number, line, t);
      }
      if (!looks_like_header(t)) {
        // httpyac starts the body at the first line that is not a header, blank line or not.
        warn(number, "not a header; taken as the first body line (a blank line should separate headers and body)");
        state_ = State::body;
        current_.body.push_back({number, 1, std::string(line)});
        return {};
      }
      header(number, line, t);
      return {};
    case State::body:
      if (current_.body.empty() && t.empty()) return {};  // the spec trims blank lines before the body
      if (unsupported_tail(number, t)) return {};
      if (is_response_line(t)) {
        state_ = State::example_response;
        return {};
      }
      // Before the body starts, httpyac still reads comments.
      if (current_.body.empty() && (is_comment(t) || block_comment(t))) return {};
      // httpyac starts a new request at a line such as "PUT /x" even without ###, except inside a
      // multipart body, where such lines are the parts of a batch (OData).
      if (starts_request(t) && !multipart()) {
        flush();
        return request_line(number, line, t);
      }
      current_.body.push_back({number, 1, std::string(line)});
      return {};
    case State::after_body:
      if (t.empty() || is_comment(t) || block_comment(t) || unsupported_tail(number, t)) return {};
      if (is_response_line(t)) {
        state_ = State::example_response;
        return {};
      }
      if (starts_request(t)) {
        flush();
        return request_line(number, line, t);
      }
      warn(number, "text after a response handler ignored");
      return {};
    case State::example_response:
      // An example response runs to the next ### or request line.
      if (starts_request(t)) {
        flush();
        return request_line(number, line, t);
      }
      return {};
    case State::script:
    case State::block:
    case State::comment: break;
  }
  return {};
}

}  // namespace

Result<ParsedHttpFile> parse_http_lines(std::string_view text, const std::string& path) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // editors on Windows save a UTF-8 BOM
  Parser parser(path);
  int number = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto fed = parser.feed(++number, line); !fed) return std::unexpected(fed.error());
    pos = end + 1;
  }
  parser.finish();
  return std::move(parser.out);
}

}  // namespace sonde::replay
