#include "core/replay/http_file_reader.hpp"

#include <cctype>
#include <filesystem>

#include "core/replay/http_env.hpp"
#include "core/replay/variables.hpp"
#include "core/util/atomic_file.hpp"

namespace sonde::replay {

namespace {

struct Line {
  int number = 0;
  std::string text;
};

struct RawRequest {
  std::string name;
  Line request_line;
  std::string method = "GET";
  std::string url;
  std::vector<Line> headers;
  std::vector<Line> body;
};

bool is_comment(std::string_view t) { return t.starts_with("#") || t.starts_with("//"); }

bool is_method(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string path, VariableScope& scope) : path_(std::move(path)), scope_(scope) {}
  Result<void> feed(const Line& line);
  void finish() { flush(); }
  std::vector<RawRequest> requests;
  std::vector<std::string> warnings;

 private:
  enum class State { preamble, url_continuation, headers, body, script };
  std::string where(int line) const { return path_ + ":" + std::to_string(line); }
  void flush();
  Result<void> preamble(const Line& line, std::string_view t);
  void start_script(const Line& line, std::string_view t, State after);

  std::string path_;
  VariableScope& scope_;
  State state_ = State::preamble;
  State after_script_ = State::preamble;
  RawRequest current_;
  bool has_request_ = false;
  std::string pending_name_;
};

void Parser::flush() {
  if (has_request_) {
    if (current_.name.empty()) current_.name = pending_name_;
    requests.push_back(std::move(current_));
  }
  current_ = {};
  has_request_ = false;
  pending_name_.clear();
  state_ = State::preamble;
}

void Parser::start_script(const Line& line, std::string_view t, State after) {
  warnings.push_back(where(line.number) + ": script block skipped (sonde does not run JavaScript handlers)");
  after_script_ = after;
  if (t.find("%}") == std::string_view::npos) state_ = State::script;
}

Result<void> Parser::preamble(const Line& line, std::string_view t) {
  if (t.empty()) return {};
  if (t.starts_with("< {%")) {
    start_script(line, t, State::preamble);
    return {};
  }
  if (is_comment(t)) {
    std::string_view rest = trim(t.substr(t.starts_with("#") ? 1 : 2));
    // "# @name create" (VS Code) and "# @name = create" (JetBrains)
    if (rest.starts_with("@name")) {
      rest = trim(rest.substr(5));
      if (rest.starts_with("=")) rest = trim(rest.substr(1));
      current_.name = std::string(rest);
    }
    return {};
  }
  if (t.starts_with("@")) {
    auto eq = t.find('=');
    if (eq == std::string_view::npos) return fail(ErrorKind::invalid_input, "expected '@name = value'", where(line.number));
    scope_.define(std::string(trim(t.substr(1, eq - 1))), std::string(trim(t.substr(eq + 1))));
    return {};
  }
  // The request line: [METHOD] URL [HTTP-version]
  std::string_view rest = t;
  auto space = rest.find_first_of(" \t");
  if (space != std::string_view::npos && is_method(rest.substr(0, space))) {
    current_.method = std::string(rest.substr(0, space));
    rest = trim(rest.substr(space));
  }
  if (auto version = rest.rfind(" HTTP/"); version != std::string_view::npos) rest = trim(rest.substr(0, version));
  if (rest.empty() || rest.find_first_of(" \t") != std::string_view::npos) {
    return fail(ErrorKind::invalid_input, "expected a request line '[METHOD] URL [HTTP/1.1]'", where(line.number));
  }
  current_.url = std::string(rest);
  current_.request_line = line;
  has_request_ = true;
  state_ = State::url_continuation;
  return {};
}

Result<void> Parser::feed(const Line& line) {
  std::string_view t = trim(line.text);
  if (state_ == State::script) {
    if (t.find("%}") != std::string_view::npos) state_ = after_script_;
    return {};
  }
  if (line.text.starts_with("###")) {
    flush();
    pending_name_ = std::string(trim(std::string_view(line.text).substr(3)));
    return {};
  }
  switch (state_) {
    case State::preamble: return preamble(line, t);
    case State::url_continuation:
      if (!line.text.empty() && std::isspace(static_cast<unsigned char>(line.text[0])) &&
          (t.starts_with("?") || t.starts_with("&"))) {
        current_.url += std::string(t);
        return {};
      }
      state_ = State::headers;
      [[fallthrough]];
    case State::headers:
      if (t.empty()) {
        state_ = State::body;
      } else if (t.starts_with("> {%")) {
        start_script(line, t, State::body);
      } else if (!is_comment(t)) {
        if (t.find(':') == std::string_view::npos || t.starts_with(":")) {
          return fail(ErrorKind::invalid_input, "expected a header 'Name: value' (or a blank line before the body)",
                      where(line.number));
        }
        current_.headers.push_back(line);
      }
      return {};
    case State::body:
      if (t.starts_with("> {%")) {
        start_script(line, t, State::body);
      } else if (t.starts_with(">>") || (t.starts_with("> ") && line.text.starts_with(">"))) {
        warnings.push_back(where(line.number) + ": response handler or redirect '" + std::string(t) + "' skipped");
      } else {
        current_.body.push_back(line);
      }
      return {};
    case State::script: break;
  }
  return {};
}

Result<std::string> include_file(const std::string& base, std::string_view target, const std::string& where) {
  std::filesystem::path p{std::string(trim(target))};
  if (p.is_relative()) p = std::filesystem::path(base).parent_path() / p;
  auto text = read_file(p.string());
  if (!text) return fail(ErrorKind::invalid_input, "cannot read included body file " + p.string(), where);
  return text;
}

Result<std::string> build_body(const RawRequest& raw, const std::string& path, VariableScope& scope) {
  std::vector<Line> lines = raw.body;
  while (!lines.empty() && trim(lines.back().text).empty()) lines.pop_back();
  std::string body;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    std::string where = path + ":" + std::to_string(line.number);
    std::string_view t = line.text;
    Result<std::string> piece;
    if (t.starts_with("<@ ")) {
      auto raw_text = include_file(path, t.substr(3), where);
      piece = raw_text ? scope.substitute(*raw_text, where) : raw_text;
    } else if (t.starts_with("< ")) {
      piece = include_file(path, t.substr(2), where);
    } else {
      piece = scope.substitute(t, where);
    }
    if (!piece) return piece;
    body += *piece;
    if (i + 1 < lines.size()) body += "\n";
  }
  return body;
}

std::string name_of(const RawRequest& raw, std::size_t index) {
  return raw.name.empty() ? "request " + std::to_string(index + 1) : raw.name;
}

Result<Request> resolve(const RawRequest& raw, const std::string& path, VariableScope& scope, std::size_t index) {
  scope.next_request();
  Request r;
  r.origin = path + ":" + std::to_string(raw.request_line.number);
  r.name = name_of(raw, index);
  r.method = raw.method;
  auto url = scope.substitute(raw.url, r.origin);
  if (!url) return std::unexpected(url.error());
  r.url = *url;
  for (const auto& h : raw.headers) {
    std::string where = path + ":" + std::to_string(h.number);
    auto line = scope.substitute(trim(h.text), where);
    if (!line) return std::unexpected(line.error());
    auto colon = line->find(':');
    r.headers.push_back({std::string(trim(std::string_view(*line).substr(0, colon))),
                         std::string(trim(std::string_view(*line).substr(colon + 1)))});
  }
  auto body = build_body(raw, path, scope);
  if (!body) return std::unexpected(body.error());
  r.body = *body;
  return r;
}

}  // namespace

Result<ReadResult> parse_http_text(std::string_view text, const std::string& path,
                                   std::map<std::string, std::string> env, RandomSource& random,
                                   std::chrono::system_clock::time_point now, const std::string& only_name) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // editors on Windows save a UTF-8 BOM
  VariableScope scope(std::move(env), random, now);
  Parser parser(path, scope);
  int number = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (auto fed = parser.feed({++number, line}); !fed) return std::unexpected(fed.error());
    pos = end + 1;
  }
  parser.finish();
  ReadResult result;
  result.warnings = std::move(parser.warnings);
  std::string names;
  for (std::size_t i = 0; i < parser.requests.size(); ++i) {
    names += (names.empty() ? "" : ", ") + name_of(parser.requests[i], i);
    if (!only_name.empty() && name_of(parser.requests[i], i) != only_name) continue;
    auto request = resolve(parser.requests[i], path, scope, i);
    if (!request) return std::unexpected(request.error());
    result.requests.push_back(std::move(*request));
  }
  if (parser.requests.empty()) return fail(ErrorKind::invalid_input, "no request in the file", path + ":1");
  if (result.requests.empty()) {
    return fail(ErrorKind::usage, "no request named '" + only_name + "'", path, "requests in the file: " + names);
  }
  return result;
}

Result<ReadResult> read_http_file(const std::string& path, const std::string& env_name, RandomSource& random,
                                  std::chrono::system_clock::time_point now, const std::string& only_name) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto env = load_http_env(path, env_name);
  if (!env) return std::unexpected(env.error());
  return parse_http_text(*text, path, std::move(*env), random, now, only_name);
}

}  // namespace sonde::replay
