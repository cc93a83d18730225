#include "cli/app.hpp"

#include <algorithm>

#include "core/net/library_versions.hpp"
#include "sonde/build_info.hpp"

namespace sonde::cli {

std::string version_text() {
  std::string text = std::string("sonde ") + k_version;
  for (const auto& lib : net::library_versions()) text += "\n" + lib.name + " " + lib.version;
  return text;
}

std::vector<std::string> subcommands_named(int argc, const char* const* argv) {
  std::vector<std::string> named;
  for (int i = 1; i < argc; ++i) {
    for (const auto& spec : command_table()) {
      if (spec.name == argv[i]) named.emplace_back(spec.name);
    }
  }
  return named;
}

std::unique_ptr<SondeApp> build_app(const std::vector<std::string>& wanted) {
  auto result = std::make_unique<SondeApp>();
  auto app = std::make_unique<CLI::App>(
      "sonde: test and diagnose HTTP APIs — DNS traces, phase timing, safe replay, contract checks, "
      "breaking-change diffs.",
      "sonde");
  app->set_version_flag("--version", version_text, "Print sonde's version and the library versions it runs with");
  app->require_subcommand(1);
  app->fallthrough();  // global options may follow the subcommand
  app->add_option("--color", result->global.color, "Colour output: auto (TTY and no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto")
      ->type_name("WHEN");
  // Hurl's, and many tools', spelling of --color never: a CI line written for them keeps it.
  app->add_flag_callback("--no-color", [global = &result->global] { global->color = "never"; }, "Same as --color never");
  app->add_flag("-q,--quiet", result->global.quiet, "Print only the result: no progress, no notes on stderr");
  app->add_flag("-v,--verbose", result->global.verbose, "More detail on stderr (repeat for more)");
  app->add_flag("--show-secrets", result->global.show_secrets,
                "Show credentials (Authorization, Cookie, API keys...) in every output instead of ***");
  app->footer(
      "Exit codes: 0 success, 1 problems found, 2 usage error, 3 invalid input, 4 network or runtime "
      "failure, 70 internal error.\nRun 'sonde SUBCOMMAND --help' for a subcommand's options and examples; "
      "'man sonde' for the full manual.");
  for (const auto& spec : command_table()) {
    CLI::App* sub = app->add_subcommand(std::string(spec.name), std::string(spec.summary));
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), spec.name) != wanted.end()) {
      result->runners[sub] = spec.setup(*sub);
    }
  }
  result->app = std::move(app);
  return result;
}

}  // namespace sonde::cli
