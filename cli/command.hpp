#pragma once
/// What every subcommand file gets from the shell around it: the global options, the terminal it
/// writes to, and the way it hands back a runner that main.cpp calls after parsing.
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include "cli/style.hpp"
#include "core/util/error.hpp"

namespace CLI {
class App;
}

namespace sonde::cli {

/// Options that apply to every subcommand; they may be given before or after the subcommand.
struct GlobalOptions {
  std::string color = "auto";  ///< auto | always | never
  bool quiet = false;
  int verbose = 0;
  bool show_secrets = false;  ///< --show-secrets: the one way to see credentials in any output
};

/// Where output goes and how it may look. stdout carries the result only; stderr carries
/// progress and diagnostics.
struct Context {
  const GlobalOptions& global;
  std::ostream& out;
  std::ostream& err;
  Style out_style;        ///< colours for stdout
  Style err_style;        ///< colours for stderr
  bool stderr_is_tty = false;  ///< progress indicators only when true (and not --quiet)
};

/// Runs the parsed subcommand and returns its exit code, or an Error that main.cpp turns into one
/// line on stderr and the documented exit code.
using Runner = std::function<Result<int>(Context&)>;

/// One subcommand: its name, a one-line summary, and a function that adds its options to `sub`
/// and returns the runner that uses them.
struct CommandSpec {
  std::string_view name;
  std::string_view summary;
  Runner (*setup)(CLI::App& sub);
};

/// Every subcommand, in the order `sonde --help` lists them.
std::span<const CommandSpec> command_table();

}  // namespace sonde::cli
