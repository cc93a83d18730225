#pragma once
/// Rendering of a `sonde time` load run: the summary table, a latency histogram drawn in the
/// terminal, the checks; the JSON document; the one-line-per-second time series.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/style.hpp"
#include "core/timing/gate.hpp"
#include "core/timing/load.hpp"

namespace sonde::cli {

struct LoadReport {
  timing::LoadResult result;
  std::vector<timing::Check> checks;
};

std::string render_load_text(const LoadReport& report, const Style& style);

/// The JSON contract of a load run (see man sonde-time, LOAD).
nlohmann::ordered_json load_to_json(const LoadReport& report);

/// One JSON object per line per second: second, rps, p50_ms, p99_ms, errors.
std::string load_timeseries(const timing::LoadResult& result);

/// The live progress line for one second.
std::string load_progress_line(const timing::LoadSecond& second);

}  // namespace sonde::cli
