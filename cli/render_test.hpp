#pragma once
/// Rendering a `sonde test` run: text for people, JSON for scripts, report suites (JUnit, TAP)
/// through core/report.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/flow/coverage.hpp"
#include "core/flow/run_result.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

struct TestReport {
  std::vector<flow::FileResult> files;
  std::optional<flow::Coverage> coverage;   ///< with --spec
  std::vector<std::string> gate_failures;   ///< --min-coverage / --require-status not met
};

/// A line per file; under a failing file, each failing entry with its asserts (file:line:col,
/// expected vs actual), contract violations and the request as a curl command line.
std::string test_text(const TestReport& report, const Style& style, int verbose);

/// The JSON contract of `sonde test --format json` and --report-json.
nlohmann::ordered_json test_json(const TestReport& report);

/// One suite per file, one case per entry (failures: asserts and violations; errors: could not run).
std::vector<report::Suite> test_suites(const TestReport& report);

/// The coverage as the HTML report's table (nullopt without --spec).
std::optional<report::CoverageTable> coverage_table(const TestReport& report);

/// The exit code: 0 all passed, 1 an assert, contract or coverage failure, 4 a network failure
/// that no retry cured (3 for an entry that could not run for its file's fault).
int test_exit_code(const TestReport& report);

}  // namespace sonde::cli
