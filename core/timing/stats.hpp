#pragma once
/// Summary statistics over repeated runs: min, percentiles, max, mean and standard deviation.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/timing/phases.hpp"

namespace sonde::timing {

struct Stats {
  std::size_t count = 0;
  double min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0, stddev = 0;
};

/// The p-th percentile (0..100) by linear interpolation between closest ranks (the method of
/// numpy's default and R's type 7); 0 for an empty sample.
double percentile(std::vector<double> values, double p);

/// All statistics of one sample; stddev is the population standard deviation.
Stats summarize(const std::vector<double>& values);

/// Per-phase statistics keyed by phase name, over the given runs' phases.
std::map<std::string, Stats> summarize_phases(const std::vector<Phases>& runs);

/// Reads a statistic by name (min, p50, p90, p99, max, mean, stddev); nullopt when unknown.
std::optional<double> stat_value(const Stats& stats, const std::string& name);

}  // namespace sonde::timing
