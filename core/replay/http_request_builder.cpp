#include "core/replay/http_request_builder.hpp"

#include <filesystem>
#include <variant>

#include "core/replay/http_auth.hpp"
#include "core/replay/url_encode.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::replay {

namespace {

std::string file_line(const std::string& path, int line) { return path + ":" + std::to_string(line); }

// `< path`, `<@ path`, `<@latin1 path` (httpyac names an encoding after the @).
struct Include {
  bool substitute = false;
  std::string target;
  int col = 1;
};

std::optional<Include> include_of(const HttpText& line) {
  std::string_view t = line.text;
  auto first = t.find_first_not_of(" \t");
  if (first == std::string_view::npos || t[first] != '<') return std::nullopt;
  std::string_view rest = t.substr(first + 1);
  Include inc;
  if (rest.starts_with("@")) {
    inc.substitute = true;
    auto word_end = rest.find_first_of(" \t");
    if (word_end == std::string_view::npos) return std::nullopt;
    rest = rest.substr(word_end);
  }
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) return std::nullopt;
  rest = trim(rest);
  if (rest.empty()) return std::nullopt;
  inc.target = std::string(rest);
  inc.col = static_cast<int>(t.size() - rest.size()) + 1;
  return inc;
}

Result<std::string> read_include(const std::string& path, const Include& inc, const HttpText& line,
                                 VariableScope& scope, bool raw_inject) {
  const std::string where = file_line(path, line.line) + ":" + std::to_string(inc.col);
  auto target = scope.substitute_at(inc.target, file_line(path, line.line), inc.col);
  if (!target) return target;
  std::filesystem::path p{*target};
  if (p.is_relative()) p = std::filesystem::path(path).parent_path() / p;
  auto text = read_file(p.string());
  if (!text) {
    return fail(ErrorKind::invalid_input, "cannot read the body file " + p.string() + " (" + text.error().message + ")",
                where);
  }
  if (!inc.substitute && !raw_inject) return text;
  return scope.substitute(*text, p.string());
}

// httpyac joins form lines without newlines, trimming around every '=' and '&'.
std::string join_form(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    std::string piece = line;
    for (char sep : {'=', '&'}) {
      std::string joined;
      std::size_t start = 0;
      while (true) {
        auto at = piece.find(sep, start);
        joined += trim(std::string_view(piece).substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        joined += sep;
        start = at + 1;
      }
      piece = joined;
    }
    out += piece;
  }
  return out;
}

Result<std::string> build_body(const RawHttpRequest& raw, const std::string& path, VariableScope& scope,
                               const std::string& content_type) {
  const bool multipart = content_type.starts_with("multipart/");
  const bool form = content_type.starts_with("application/x-www-form-urlencoded");
  const bool ndjson = content_type.find("ndjson") != std::string::npos || content_type.find("jsonl") != std::string::npos;
  const std::string eol = multipart ? "\r\n" : "\n";
  std::string body;
  std::vector<std::string> form_lines;
  for (std::size_t i = 0; i < raw.body.size(); ++i) {
    const HttpText& line = raw.body[i];
    if (auto inc = include_of(line)) {
      auto bytes = read_include(path, *inc, line, scope, raw.inject_variables);
      if (!bytes) return bytes;
      if (i > 0) body += eol;
      body += *bytes;
      continue;
    }
    auto text = scope.substitute_at(line.text, file_line(path, line.line), line.col);
    if (!text) return text;
    if (form) {
      form_lines.push_back(*text);
      continue;
    }
    if (i > 0) body += eol;
    body += *text;
  }
  if (form) return body + join_form(form_lines);
  if (ndjson && !raw.body.empty()) body += "\n";
  return body;
}

Result<std::string> build_url(const RawHttpRequest& raw, const std::string& path, VariableScope& scope,
                              const Headers& headers) {
  std::string url;
  for (const auto& part : raw.url) {
    auto text = scope.substitute_at(part.text, file_line(path, part.line), part.col);
    if (!text) return text;
    url += trim(*text);
  }
  if (url.starts_with("/")) {
    // Origin form: httpyac prefixes the `host` variable, the JetBrains spec takes the Host header.
    if (auto host = scope.substitute("{{host}}", file_line(path, raw.line)); host) {
      url = *host + url;
    } else if (auto header = header_value(headers, "Host")) {
      url = "http://" + *header + url;
    } else {
      return fail(ErrorKind::invalid_input, "the URL '" + url + "' has no host",
                  file_line(path, raw.line) + ":" + std::to_string(raw.url.front().col),
                  "add a Host header or write the full URL");
    }
  }
  if (url.find("://") == std::string::npos) url = "http://" + url;  // as curl and the JetBrains client do
  return encode_url(url);
}

}  // namespace

Result<Request> build_http_request(const RawHttpRequest& raw, const std::string& path, VariableScope& scope) {
  scope.next_request();
  Request r;
  r.origin = file_line(path, raw.line);
  r.name = raw.name;
  r.method = raw.method;
  for (const auto& h : raw.headers) {
    auto line = scope.substitute_at(h.text, file_line(path, h.line), h.col);
    if (!line) return std::unexpected(line.error());
    auto colon = line->find(':');
    r.headers.push_back({std::string(trim(std::string_view(*line).substr(0, colon))),
                         std::string(trim(std::string_view(*line).substr(colon + 1)))});
  }
  auto url = build_url(raw, path, scope, r.headers);
  if (!url) return std::unexpected(url.error());
  r.url = *url;
  apply_auth_helpers(r);
  const std::string content_type = ascii_lower(header_value(r.headers, "Content-Type").value_or(""));
  auto body = build_body(raw, path, scope, content_type);
  if (!body) return std::unexpected(body.error());
  r.body = std::move(*body);
  // JetBrains and httpyac follow redirects unless `# @no-redirect` says otherwise.
  r.transport.follow_redirects = !raw.no_redirect;
  return r;
}

}  // namespace sonde::replay
