#pragma once
/// A machine-readable description of the command line (subcommands, options, value kinds and
/// choices), printed by the hidden `sonde --cli-schema`. scripts/gen-completions turns it into the
/// bash, zsh and fish completion files, so they never drift from the real options.
#include <string>

namespace CLI {
class App;
}

namespace sonde::cli {

/// JSON text: {"global":[option...],"subcommands":[{"name","summary","options":[...],"positionals":[...]}]}
/// where an option is {"long":[...],"short":[...],"help","value": null | "FILE" | ..., "choices":[...]}.
std::string cli_schema_json(const CLI::App& app);

}  // namespace sonde::cli
