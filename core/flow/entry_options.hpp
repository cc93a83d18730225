#pragma once
/// An entry's [Options] section read into what the runner and libcurl use, with the variables of
/// the moment (`variable:` options set variables for the entry's own templates). Every option
/// name that core/hurl/parser.cpp accepts has its handler here (a unit test holds them equal).
#include <chrono>
#include <string>
#include <vector>

#include "core/flow/http_call.hpp"
#include "core/flow/variables.hpp"
#include "core/hurl/ast.hpp"

namespace sonde::flow {

struct EntryOptions {
  CallOptions call;
  int retry = 0;
  std::chrono::milliseconds retry_interval{1000};
  std::chrono::milliseconds delay{0};
  bool skip = false;
  int repeat = 1;
  std::string output;  ///< `output: FILE`: the response body is written there (relative to the working folder)
};

/// `defaults` with the entry's [Options] applied in order; errors name file:line:col.
Result<EntryOptions> read_entry_options(const hurl::Request& request, EntryOptions defaults, Variables& variables,
                                        const std::string& file);

/// Command-line options that share a name with an [Options] one (Hurl's and curl's: --compressed,
/// --connect-timeout 5s, --user u:p...), read by the same handlers so that a flag means what the
/// option means; `given` holds (option name, value), "true" for a flag. Errors name the flag.
Result<EntryOptions> read_command_line_options(const std::vector<std::pair<std::string, std::string>>& given,
                                               EntryOptions defaults);

/// The option names handled here, for the parser's agreement test.
std::vector<std::string> handled_option_names();

}  // namespace sonde::flow
