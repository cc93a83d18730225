#pragma once
/// The CI gate of a load run: `--max p99:total=250ms,fail-rate=1%` and `--min rps=450`, one
/// pass/fail Check each (the same Check as one-shot `sonde time`; a failed one makes exit 1).
#include <string>
#include <vector>

#include "core/timing/gate.hpp"
#include "core/timing/load.hpp"
#include "core/util/error.hpp"

namespace sonde::timing {

struct LoadGate {
  enum class Kind { latency, fail_rate, rps };
  Kind kind = Kind::latency;
  std::string stat = "p50";  ///< latency: min, p50, p90, p99, p99.9, max, mean
  std::string phase;         ///< latency: connect, tls, send, wait, transfer, total
  double limit = 0;          ///< ms, a fraction (fail-rate), or requests per second
  bool at_most = true;       ///< --max (true) or --min (false)
  std::string text;          ///< as written
};

/// Parses `--max` (latency limits and fail-rate=N%) and `--min` (rps=N); a bad item is a usage
/// error naming it.
Result<std::vector<LoadGate>> parse_load_gates(const std::string& max, const std::string& min);

/// Checks every gate against the result. total reads the corrected latency (open model).
std::vector<Check> run_load_checks(const std::vector<LoadGate>& gates, const LoadResult& result);

}  // namespace sonde::timing
