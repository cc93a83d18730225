#pragma once
/// Rendering of `sonde time` results: the terminal waterfall and the JSON document.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/timing/gate.hpp"
#include "core/timing/options.hpp"
#include "core/timing/stats.hpp"

namespace sonde::cli {

/// Everything one `sonde time` invocation reports.
struct TimeReport {
  timing::TimingResult result;
  std::map<std::string, timing::Stats> summary;  ///< over every run
  std::optional<std::map<std::string, timing::Stats>> cold, warm;  ///< with --warm
  std::vector<timing::Check> checks;
  bool concurrent = false;  ///< queue time is measured only then
};

/// The waterfall of the first run (every hop), a summary table when there are several runs,
/// the certificate chain, and the checks. Bars use colour only when `style` is enabled.
std::string render_time_text(const TimeReport& report, const Style& style, int verbose);

/// The JSON contract of `sonde time` (see man sonde-time, OUTPUT).
nlohmann::ordered_json time_to_json(const TimeReport& report);

}  // namespace sonde::cli
