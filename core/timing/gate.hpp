#pragma once
/// The CI gate of `sonde time`: thresholds on the summary and the certificate's remaining days,
/// as one pass/fail check each (what --report-junit lists and what makes exit 1).
#include <optional>
#include <string>
#include <vector>

#include "core/report/check_report.hpp"
#include "core/timing/options.hpp"
#include "core/timing/thresholds.hpp"

namespace sonde::timing {

struct Check {
  std::string name;     ///< e.g. "p50:total<=500ms" or "cert-days>=14"
  bool passed = true;
  std::string message;  ///< one line: what was measured against what
};

/// Evaluates thresholds against the summary and, when `min_cert_days` is set, the leaf
/// certificate of every hop that used TLS (the soonest expiry counts).
std::vector<Check> run_checks(const std::vector<Threshold>& thresholds, const std::map<std::string, Stats>& summary,
                              const TimingResult& result, std::optional<long> min_cert_days);

/// The checks as a report suite (one testcase each) for --report-junit.
report::Suite to_suite(const std::vector<Check>& checks, const std::string& suite_name);

}  // namespace sonde::timing
