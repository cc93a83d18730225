#include "core/util/exit_code.hpp"

#include <array>

namespace sonde {

namespace {
constexpr std::array k_table{
    ExitCodeInfo{ExitCode::success, "success", "success: every check passed, nothing to report"},
    ExitCodeInfo{ExitCode::problems, "problems",
                 "the run worked and found problems: a breaking change at or above --fail-on, a "
                 "contract violation, a threshold exceeded, a final response that is an error, "
                 "idempotency not honoured, lame DNS servers"},
    ExitCodeInfo{ExitCode::usage, "usage", "usage error: unknown subcommand or option, bad option value"},
    ExitCodeInfo{ExitCode::invalid_input, "invalid-input",
                 "invalid input: unreadable or malformed spec, request file or HAR; bad $ref"},
    ExitCodeInfo{ExitCode::network, "network",
                 "network or runtime failure: cannot resolve, connect, TLS failure, timeout, deadline"},
    ExitCodeInfo{ExitCode::internal, "internal", "internal error: a bug in sonde; please report it"},
};
}  // namespace

std::span<const ExitCodeInfo> exit_code_table() { return k_table; }

ExitCode exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return ExitCode::usage;
    case ErrorKind::invalid_input: return ExitCode::invalid_input;
    case ErrorKind::runtime: return ExitCode::network;
    case ErrorKind::internal: return ExitCode::internal;
  }
  return ExitCode::internal;
}

}  // namespace sonde
