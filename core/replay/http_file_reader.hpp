#pragma once
/// Reads .http files in the JetBrains HTTP Client / VS Code REST Client format: `###` separators
/// (text after them names the request), `# @name`, `#` and `//` comments, an optional method
/// (GET when omitted) before the URL, `?`/`&` continuation lines, headers, a blank line, the body,
/// `< file` and `<@ file` (with variables) includes, `@var = value` file variables and `{{var}}`.
/// Response-handler and pre-request script blocks are skipped with a warning.
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/replay/random_source.hpp"
#include "core/replay/read_result.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

/// Reads the .http file at `path` with the variables of environment `env_name` (see http_env.hpp).
/// With `only_name`, only that request is resolved, so variables of the others need not be defined.
Result<ReadResult> read_http_file(const std::string& path, const std::string& env_name, RandomSource& random,
                                  std::chrono::system_clock::time_point now, const std::string& only_name = {});

/// Parses .http text; `path` names it in messages and anchors `< file` includes.
Result<ReadResult> parse_http_text(std::string_view text, const std::string& path,
                                   std::map<std::string, std::string> env, RandomSource& random,
                                   std::chrono::system_clock::time_point now, const std::string& only_name = {});

}  // namespace sonde::replay
