#pragma once
/// `{{name}}` substitution for .http files: file variables (`@name = value`, which may refer to
/// other variables), environment variables (http-client.env.json), and the dynamic variables
/// `{{$uuid}}`, `{{$timestamp}}`, `{{$isoTimestamp}}`, `{{$randomInt [min max]}}` (also JetBrains'
/// `{{$random.integer(min, max)}}`),
/// `{{$processEnv NAME}}`, `{{$dotenv NAME}}` (.env files), `{{$datetime FORMAT [N UNIT]}}` and
/// `{{$localDatetime ...}}` (datetime_format.hpp), `{{$timestamp [N UNIT]}}`. A dynamic variable takes one value per request (every occurrence in the
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
  /// The variables of the `.env` files, for `{{$dotenv NAME}}`.
  void set_dotenv(std::map<std::string, std::string> values) { dotenv_ = std::move(values); }
  /// The offset of local time from UTC, for `{{$localDatetime}}` (tests fix it).
  void set_utc_offset(std::chrono::seconds offset) { utc_offset_ = offset; }
  /// Replaces every `{{...}}` in `text`; errors (undefined variable, unclosed braces, a cycle)
  /// name `where` (file:line).
  Result<std::string> substitute(std::string_view text, const std::string& where, int depth = 0);
  /// Same, for text that starts at column `col` of `file_line`: errors name `file:line:col` of the
  /// `{{` at fault.
  Result<std::string> substitute_at(std::string_view text, const std::string& file_line, int col);

 private:
  Result<std::string> expand(std::string_view text, const std::string& where, int col, int depth);
  Result<std::string> lookup(std::string_view expression, const std::string& where, int depth);
  Result<std::string> dynamic(std::string_view expression, const std::string& where, int depth);

  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> file_;
  std::map<std::string, std::string> dynamic_;
  std::map<std::string, std::string> dotenv_;
  std::chrono::seconds utc_offset_{0};
  RandomSource& random_;
  std::chrono::system_clock::time_point now_;
};

}  // namespace sonde::replay
