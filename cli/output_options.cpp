#include "cli/output_options.hpp"

#include <CLI/CLI.hpp>

#include "core/util/atomic_file.hpp"

namespace sonde::cli {

void add_output_options(CLI::App& sub, OutputOptions& options, const std::vector<std::string>& formats,
                        bool with_reports) {
  options.format = formats.front();
  std::string list;
  for (const auto& f : formats) list += (list.empty() ? "" : "|") + f;
  sub.add_option("--format", options.format, "Output format on stdout: " + list)
      ->check(CLI::IsMember(formats))
      ->default_str(formats.front())
      ->type_name("FORMAT");
  if (!with_reports) return;
  sub.add_option("--report-junit", options.report_junit, "Also write a JUnit XML report to FILE (atomically)")
      ->type_name("FILE");
  sub.add_option("--report-json", options.report_json, "Also write the JSON result to FILE (atomically)")
      ->type_name("FILE");
}

Result<void> write_report_files(const OutputOptions& options, const std::string& json,
                                const report::Suite& suite) {
  if (!options.report_junit.empty()) {
    if (auto written = write_file_atomically(options.report_junit, report::to_junit(suite)); !written) {
      return written;
    }
  }
  if (!options.report_json.empty()) {
    if (auto written = write_file_atomically(options.report_json, json); !written) return written;
  }
  return {};
}

}  // namespace sonde::cli
