#include "core/replay/http_file_reader.hpp"

#include <filesystem>
#include <optional>

#include "core/replay/http_env.hpp"
#include "core/replay/http_file_parser.hpp"
#include "core/replay/http_request_builder.hpp"
#include "core/replay/variables.hpp"
#include "core/util/atomic_file.hpp"

namespace sonde::replay {

namespace {

std::string name_of(const RawHttpRequest& raw, std::size_t index) {
  return raw.name.empty() ? "request " + std::to_string(index + 1) : raw.name;
}

void define(VariableScope& scope, const std::vector<std::pair<std::string, HttpText>>& variables,
            const std::string& path) {
  // httpyac fixes a variable's value where it is defined (`@a = {{b}}` keeps the b of that
  // moment); one that cannot be resolved yet is kept as written and resolved where it is used.
  for (const auto& [var, value] : variables) {
    auto now_value = scope.substitute(value.text, path + ":" + std::to_string(value.line));
    scope.define(var, now_value && now_value->find("{{") == std::string::npos ? *now_value : value.text);
  }
}

// httpyac's `# @import ./other.http`: the variables the other file defines (its own imports are
// not followed).
Result<void> import_variables(const ParsedHttpFile& file, const std::string& path, VariableScope& scope) {
  for (const auto& imp : file.imports) {
    std::filesystem::path target{imp.text};
    if (target.is_relative()) target = std::filesystem::path(path).parent_path() / target;
    auto text = read_file(target.string());
    if (!text) {
      return fail(ErrorKind::invalid_input, "cannot read the imported file " + target.string(),
                  path + ":" + std::to_string(imp.line));
    }
    auto other = parse_http_lines(*text, target.string());
    if (!other) return std::unexpected(other.error());
    for (const auto& r : other->requests) define(scope, r.variables, target.string());
    define(scope, other->trailing_variables, target.string());
  }
  return {};
}

}  // namespace

Result<ReadResult> parse_http_text(std::string_view text, const std::string& path,
                                   std::map<std::string, std::string> env, RandomSource& random,
                                   std::chrono::system_clock::time_point now, const std::string& only_name,
                                   std::map<std::string, std::string> dotenv) {
  auto parsed = parse_http_lines(text, path);
  if (!parsed) return std::unexpected(parsed.error());
  VariableScope scope(std::move(env), random, now);
  scope.set_dotenv(std::move(dotenv));
  if (auto imported = import_variables(*parsed, path, scope); !imported) return std::unexpected(imported.error());
  ReadResult result;
  result.warnings = std::move(parsed->warnings);
  std::string names;
  bool found = false;
  std::optional<Error> first_error;
  for (std::size_t i = 0; i < parsed->requests.size(); ++i) {
    const RawHttpRequest& raw = parsed->requests[i];
    const std::string name = name_of(raw, i);
    names += (names.empty() ? "" : ", ") + name;
    // Variables are defined in file order, so a later `@x =` changes the requests after it.
    define(scope, raw.variables, path);
    if (!only_name.empty() && name != only_name) continue;
    found = true;
    if (raw.disabled) {
      result.warnings.push_back(path + ":" + std::to_string(raw.line) + ": request '" + name +
                                "' is marked # @disabled; skipped");
      continue;
    }
    auto request = build_http_request(raw, path, scope);
    if (!request && parsed->requests.size() > 1 && only_name.empty() &&
        request.error().kind == ErrorKind::invalid_input) {
      // One request's undefined variable or missing host does not stop the others (as in
      // httpyac and JetBrains); it is named, with its reason, on stderr.
      result.warnings.push_back(request.error().where + ": request '" + name + "' not sent: " + request.error().message);
      if (!first_error) first_error = request.error();
      continue;
    }
    if (!request) return std::unexpected(request.error());
    request->name = name;
    result.requests.push_back(std::move(*request));
  }
  if (parsed->requests.empty()) return fail(ErrorKind::invalid_input, "no request in the file", path + ":1");
  if (!only_name.empty() && !found) {
    return fail(ErrorKind::usage, "no request named '" + only_name + "'", path, "requests in the file: " + names);
  }
  if (result.requests.empty() && first_error) return std::unexpected(*first_error);
  result.unsent = first_error;
  if (result.requests.empty()) return fail(ErrorKind::invalid_input, "every request in the file is disabled", path + ":1");
  return result;
}

Result<ReadResult> read_http_file(const std::string& path, const std::string& env_name, RandomSource& random,
                                  std::chrono::system_clock::time_point now, const std::string& only_name) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  auto env = load_http_environment(path, env_name);
  if (!env) return std::unexpected(env.error());
  return parse_http_text(*text, path, std::move(env->variables), random, now, only_name, std::move(env->dotenv));
}

}  // namespace sonde::replay
