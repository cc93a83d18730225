#pragma once
/// The output contract shared by subcommands: --format, and for subcommands that produce checks,
/// --report-junit FILE and --report-json FILE (written atomically).
#include <string>
#include <vector>

#include "core/report/check_report.hpp"
#include "core/util/error.hpp"

namespace CLI {
class App;
}

namespace sonde::cli {

struct OutputOptions {
  std::string format = "text";
  std::string report_junit;  ///< empty: no JUnit report
  std::string report_json;   ///< empty: no JSON report
};

/// Adds --format (restricted to `formats`, the first is the default) and, when `with_reports`,
/// --report-junit and --report-json.
void add_output_options(CLI::App& sub, OutputOptions& options, const std::vector<std::string>& formats,
                        bool with_reports);

/// Writes the report files that were asked for. `json` is the same document --format json prints.
Result<void> write_report_files(const OutputOptions& options, const std::string& json,
                                const report::Suite& suite);

}  // namespace sonde::cli
