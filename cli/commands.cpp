// The subcommand table: adding a subcommand is one file (cli/cmd_NAME.cpp) and one line here.
#include <array>

#include "cli/command.hpp"

namespace sonde::cli {

Runner setup_dns(CLI::App& sub);
Runner setup_time(CLI::App& sub);
Runner setup_replay(CLI::App& sub);
Runner setup_check(CLI::App& sub);
Runner setup_diff(CLI::App& sub);
Runner setup_mock(CLI::App& sub);
Runner setup_test(CLI::App& sub);

namespace {
constexpr std::array k_commands{
    CommandSpec{"dns", "Resolve a name step by step from the root, showing every referral", setup_dns},
    CommandSpec{"time", "Time every phase of an HTTP exchange: DNS, connect, TLS, wait, transfer", setup_time},
    CommandSpec{"replay", "Send requests safely: idempotency keys, backoff with jitter, Retry-After", setup_replay},
    CommandSpec{"check", "Validate live or recorded responses against an OpenAPI description", setup_check},
    CommandSpec{"diff", "Find breaking changes between two versions of an OpenAPI description", setup_diff},
    CommandSpec{"mock", "Serve an OpenAPI description on localhost, with faults on demand", setup_mock},
    CommandSpec{"test", "Run Hurl files, every response checked against the OpenAPI contract", setup_test},
};
}  // namespace

std::span<const CommandSpec> command_table() { return k_commands; }

}  // namespace sonde::cli
