#pragma once
/// Builds the whole command line (every subcommand and option) without running anything, so the
/// tests can walk it (tests/unit/docs_coverage_test.cpp) exactly as users meet it.
#include <map>
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace sonde::cli {

struct SondeApp {
  std::unique_ptr<CLI::App> app;
  GlobalOptions global;
  std::map<const CLI::App*, Runner> runners;  ///< one per subcommand
};

std::unique_ptr<SondeApp> build_app();

/// The text of `sonde --version`: sonde's version and the libraries it runs with.
std::string version_text();

}  // namespace sonde::cli
