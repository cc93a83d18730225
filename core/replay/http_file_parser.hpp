#pragma once
/// The line grammar of .http files (JetBrains HTTP request-in-editor spec, with the portable part
/// of VS Code REST Client and httpyac), before any variable is substituted: request regions,
/// metadata, request lines continued on indented lines, headers, body lines, and the parts sonde
/// recognises but does not run (scripts, response handlers, `>>` redirects, `<>` references,
/// httpyac `??` asserts and `{{ }}` script blocks), each reported as a warning naming file:line.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::replay {

/// A piece of source text and where it starts (1-based line and column).
struct HttpText {
  int line = 0;
  int col = 1;
  std::string text;
};

struct RawHttpRequest {
  std::string name;                    ///< `### name`, `# @name name` or empty
  std::string method = "GET";
  int line = 0;                        ///< the request line
  std::vector<HttpText> url;           ///< the target, then its continuation lines
  std::vector<HttpText> headers;       ///< "Name: value" lines
  std::vector<HttpText> body;          ///< body lines, leading and trailing blank lines removed
  std::vector<std::pair<std::string, HttpText>> variables;  ///< `@name = value` lines before it
  bool no_redirect = false;            ///< `# @no-redirect`
  bool no_cookie_jar = false;          ///< `# @no-cookie-jar`
  bool disabled = false;               ///< `# @disabled`
  bool inject_variables = false;       ///< `# @injectVariables`: `< file` bodies are substituted too
};

struct ParsedHttpFile {
  std::vector<RawHttpRequest> requests;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, HttpText>> trailing_variables;  ///< `@name = value` after the last request
  std::vector<HttpText> imports;                                     ///< httpyac `# @import ./file.http`
};

/// Splits .http text (BOM and CRLF accepted) into requests; `path` names it in messages. Errors
/// say what was not understood at `path:line:col`.
Result<ParsedHttpFile> parse_http_lines(std::string_view text, const std::string& path);

}  // namespace sonde::replay
