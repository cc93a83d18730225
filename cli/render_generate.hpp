#pragma once
/// Rendering `sonde check --generate`: text for people (each finding with its reproduction), the
/// JSON contract of man/sonde-check.1, the report model (JUnit, one case per finding), the
/// --dry-run plan, --list-checks, and the --report-cases files.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/check/generate/runner.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

std::string render_generate_text(const check::generate::GenerateRun& run, const Style& style);
nlohmann::ordered_json generate_json(const check::generate::GenerateRun& run);
report::Suite generate_suite(const check::generate::GenerateRun& run, const std::string& name);
std::string render_plan_text(const check::generate::GenerateRun& run);
std::string render_checks_list();
/// One Hurl file per finding, named "NN-CHECK-METHOD-path.hurl".
std::vector<std::pair<std::string, std::string>> case_files(const check::generate::GenerateRun& run);

}  // namespace sonde::cli
