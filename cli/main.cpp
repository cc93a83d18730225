// The one place where errors become stderr text and exit codes (see core/util/exit_code.hpp).
#include <unistd.h>

#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <optional>
#include <string>

#include "cli/app.hpp"
#include "cli/cli_schema.hpp"
#include "core/util/exit_code.hpp"

namespace {

using sonde::ExitCode;

int code(ExitCode c) { return static_cast<int>(c); }

void print_error(const sonde::Error& error) {
  std::cerr << "sonde: " << sonde::describe(error) << "\n";
  if (!error.hint.empty()) std::cerr << "hint: " << error.hint << "\n";
}

// CLI11 reports an unknown subcommand as "arguments were not expected" and an unknown option
// before the subcommand as "a subcommand is required"; name the real problem instead.
std::optional<sonde::Error> precheck(int argc, char** argv, const CLI::App& app) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (arg.size() > 1 && arg[0] == '-') {
      std::string name = arg.substr(0, arg.find('='));
      bool known = app.get_option_no_throw(name) != nullptr;
      // Bundled short flags such as -qv.
      if (!known && name[1] != '-') {
        known = true;
        for (std::size_t k = 1; k < name.size(); ++k) {
          known = known && app.get_option_no_throw(std::string("-") + name[k]) != nullptr;
        }
      }
      if (!known) return sonde::Error{sonde::ErrorKind::usage, "unknown option", arg, "see 'sonde --help'"};
      if (name == "--color" && arg.find('=') == std::string::npos) ++i;  // the global option with a value
      continue;
    }
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (sub->check_name(arg)) return std::nullopt;
    }
    return sonde::Error{sonde::ErrorKind::usage, "unknown subcommand", arg,
                        "subcommands are dns, time, replay, check, diff, mock, test; see 'sonde --help'"};
  }
  return std::nullopt;
}

int run(int argc, char** argv) {
  auto sonde = sonde::cli::build_app(sonde::cli::subcommands_named(argc, argv));
  CLI::App& app = *sonde->app;
  // Hidden: the command line as JSON, for scripts/gen-completions.
  if (argc == 2 && std::strcmp(argv[1], "--cli-schema") == 0) {
    std::cout << sonde::cli::cli_schema_json(app);
    return code(ExitCode::success);
  }
  if (auto error = precheck(argc, argv, app)) {
    print_error(*error);
    return code(ExitCode::usage);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return code(ExitCode::success);
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return code(ExitCode::success);
  } catch (const CLI::CallForVersion& v) {
    std::cout << v.what() << "\n";
    return code(ExitCode::success);
  } catch (const CLI::ParseError& e) {
    // Help for a subcommand surfaces as CallForHelp too; everything else is a usage error. CLI11's
    // own exit codes (105-109) never escape.
    std::string what = e.what();
    if (what.empty() || what == "A subcommand is required") what = "missing subcommand";
    print_error({sonde::ErrorKind::usage, what, {}, "see 'sonde --help'"});
    return code(ExitCode::usage);
  }
  const CLI::App* chosen = app.get_subcommands().front();
  sonde::cli::Context context{sonde->global, std::cout, std::cerr,
                              sonde::cli::Style(sonde::cli::use_color(sonde->global.color, STDOUT_FILENO)),
                              sonde::cli::Style(sonde::cli::use_color(sonde->global.color, STDERR_FILENO)),
                              ::isatty(STDERR_FILENO) == 1};
  sonde::Result<int> outcome = sonde->runners.at(chosen)(context);
  std::cout.flush();
  if (!outcome) {
    print_error(outcome.error());
    return code(sonde::exit_code_for(outcome.error().kind));
  }
  return *outcome;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const sonde::ErrorException& e) {
    print_error(e.error);
    return code(sonde::exit_code_for(e.error.kind));
  } catch (const std::bad_alloc&) {
    // Not a bug: the input was too big for the memory sonde may use (ulimit -v, a cgroup).
    std::cerr << "sonde: out of memory\nhint: raise the memory limit or give sonde smaller input\n";
    return code(ExitCode::network);
  } catch (const std::exception& e) {
    std::cerr << "sonde: internal error: " << e.what() << "\nhint: this is a bug in sonde; please report it\n";
  } catch (...) {
    std::cerr << "sonde: internal error: unknown exception\nhint: this is a bug in sonde; please report it\n";
  }
  return code(ExitCode::internal);
}
