#pragma once
/// Rendering a `sonde check` run: text for people, the JSON contract of man/sonde-check.1, and
/// the neutral report model that JUnit is written from.
#include <string>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/check/check_run.hpp"
#include "core/report/check_report.hpp"

namespace sonde::cli {

/// One line per exchange, its violations indented below, and a summary line.
std::string render_check_text(const check::CheckRun& run, const Style& style);

/// {"results":[...],"summary":{...}} exactly as documented.
nlohmann::ordered_json check_json(const check::CheckRun& run);

/// A testcase per exchange: <failure> for violations, <error> for could-not-run, <skipped> for
/// exchanges that match no operation.
report::Suite check_suite(const check::CheckRun& run, const std::string& name);

}  // namespace sonde::cli
