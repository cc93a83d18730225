#include "core/timing/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sonde::timing {

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(values.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(rank));
  const auto upper = std::min(lower + 1, values.size() - 1);
  const double fraction = rank - static_cast<double>(lower);
  return values[lower] + (values[upper] - values[lower]) * fraction;
}

Stats summarize(const std::vector<double>& values) {
  Stats s;
  s.count = values.size();
  if (values.empty()) return s;
  auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  s.p50 = percentile(values, 50);
  s.p90 = percentile(values, 90);
  s.p99 = percentile(values, 99);
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.stddev = std::sqrt(squares / static_cast<double>(values.size()));
  return s;
}

std::map<std::string, Stats> summarize_phases(const std::vector<Phases>& runs) {
  std::map<std::string, Stats> result;
  for (const auto& field : k_phase_fields) {
    std::vector<double> values;
    values.reserve(runs.size());
    for (const auto& run : runs) values.push_back(run.*field.member);
    result[std::string(field.name)] = summarize(values);
  }
  return result;
}

std::optional<double> stat_value(const Stats& stats, const std::string& name) {
  static const std::map<std::string, double Stats::*> k_stat_fields = {
      {"min", &Stats::min}, {"p50", &Stats::p50}, {"p90", &Stats::p90}, {"p99", &Stats::p99},
      {"max", &Stats::max}, {"mean", &Stats::mean}, {"stddev", &Stats::stddev},
  };
  auto it = k_stat_fields.find(name);
  if (it == k_stat_fields.end()) return std::nullopt;
  return stats.*(it->second);
}

}  // namespace sonde::timing
