#pragma once
/// Builds the whole command line (every subcommand and option) without running anything, so the
/// tests can walk it (tests/unit/docs_coverage_test.cpp) exactly as users meet it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace sonde::cli {

struct SondeApp {
  std::unique_ptr<CLI::App> app;
  GlobalOptions global;
  std::map<const CLI::App*, Runner> runners;  ///< one per subcommand
};

/// The whole command line when `wanted` is empty. Otherwise only the subcommands named in `wanted`
/// get their options (and a runner); the others keep their name and summary, which is all that
/// `sonde --help` shows and all that parsing needs to tell them apart. Setting up every option
/// of every subcommand cost about a millisecond per run, a third of a `sonde dns` trace.
std::unique_ptr<SondeApp> build_app(const std::vector<std::string>& wanted = {});

/// The subcommand names among the arguments: what build_app needs to run this command line.
std::vector<std::string> subcommands_named(int argc, const char* const* argv);

/// The text of `sonde --version`: sonde's version and the libraries it runs with.
std::string version_text();

}  // namespace sonde::cli
