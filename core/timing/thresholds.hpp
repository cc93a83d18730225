#pragma once
/// The CI gate: `--max total=500ms,wait=200ms,p99:total=800ms` parsed into thresholds and checked
/// against the summary of the runs.
#include <map>
#include <string>
#include <vector>

#include "core/timing/stats.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

struct Threshold {
  std::string stat = "p50";  ///< which statistic of the phase is compared
  std::string phase;         ///< a name from k_phase_fields
  double limit_ms = 0;
  std::string text;          ///< as written, e.g. "p99:total=800ms"
};

struct ThresholdResult {
  Threshold threshold;
  double actual_ms = 0;
  bool passed = true;
};

/// Parses a comma-separated list; a bad item is a usage error naming it.
Result<std::vector<Threshold>> parse_thresholds(const std::string& spec);

/// Parses a duration: "500ms", "0.5s", "800us" or a bare number of milliseconds.
Result<double> parse_duration_ms(const std::string& text);

/// Checks each threshold against `summary` (as built by summarize_phases); a value equal to the
/// limit passes.
std::vector<ThresholdResult> evaluate(const std::vector<Threshold>& thresholds,
                                      const std::map<std::string, Stats>& summary);

}  // namespace sonde::timing
