#pragma once
/// `{{name}}` substitution for .http files: file variables (`@name = value`, which may refer to
/// other variables), environment variables (http-client.env.json), and the dynamic variables
/// `{{$uuid}}`, `{{$timestamp}}`, `{{$isoTimestamp}}`, `{{$randomInt [min max]}}` (also JetBrains'
/// `{{$random.integer(min, max)}}`),
/// `{{$processEnv NAME}}`. A dynamic variable takes one value per request (every occurrence in the
/// same request agrees), fixed before the first attempt so every attempt sends the same bytes.
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include "core/replay/random_source.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

class VariableScope {
 public:
  VariableScope(std::map<std::string, std::string> env, RandomSource& random,
                std::chrono::system_clock::time_point now);
  /// Defines (or redefines) a file variable; its value is substituted when used.
  void define(std::string name, std::string raw_value);
  /// Forgets the dynamic values of the previous request.
  void next_request() { dynamic_.clear(); }
  /// Replaces every `{{...}}` in `text`; errors (undefined variable, unclosed braces, a cycle)
  /// name `where` (file:line).
  Result<std::string> substitute(std::string_view text, const std::string& where, int depth = 0);

 private:
  Result<std::string> lookup(std::string_view expression, const std::string& where, int depth);
  Result<std::string> dynamic(std::string_view expression, const std::string& where);

  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> file_;
  std::map<std::string, std::string> dynamic_;
  RandomSource& random_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace sonde::replay
