#pragma once
/// Reads .http files: the JetBrains HTTP request-in-editor format and the portable part of VS Code
/// REST Client and httpyac. The grammar is in http_file_parser.hpp, the request building in
/// http_request_builder.hpp, variables in variables.hpp and environments in http_env.hpp. Requests
/// marked `# @disabled` are skipped with a warning, and so is, in a file of several requests, one
/// that cannot be built (an undefined variable, a URL without host): the others are still sent.
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

/// Parses .http text; `path` names it in messages and anchors `< file` includes. `dotenv` gives the
/// `{{$dotenv NAME}}` values.
Result<ReadResult> parse_http_text(std::string_view text, const std::string& path,
                                   std::map<std::string, std::string> env, RandomSource& random,
                                   std::chrono::system_clock::time_point now, const std::string& only_name = {},
                                   std::map<std::string, std::string> dotenv = {});

}  // namespace sonde::replay
