#pragma once
/// The exit-code contract of every sonde subcommand. The same table is printed in man/sonde.1 and
/// README.md; tests/unit/exit_code_docs_test.cpp checks that the three agree.
#include <span>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde {

enum class ExitCode : int {
  success = 0,        ///< everything passed
  problems = 1,       ///< the run worked and found problems
  usage = 2,          ///< bad flags or arguments
  invalid_input = 3,  ///< unreadable or malformed input file
  network = 4,        ///< network or runtime failure
  internal = 70,      ///< internal error (a bug in sonde)
};

struct ExitCodeInfo {
  ExitCode code;
  std::string_view name;
  std::string_view meaning;
};

/// Every exit code sonde can return, in ascending order.
std::span<const ExitCodeInfo> exit_code_table();

/// The exit code an error of this kind ends the process with.
ExitCode exit_code_for(ErrorKind kind);

}  // namespace sonde
