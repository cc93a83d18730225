#include "core/timing/gate.hpp"

#include <cstdio>

namespace sonde::timing {

namespace {

std::string fmt_ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", v);
  return buf;
}

Check cert_check(const TimingResult& result, long min_days) {
  Check check{"cert-days>=" + std::to_string(min_days), true, ""};
  std::optional<CertInfo> soonest;
  for (const auto& run : result.runs) {
    for (const auto& hop : run.hops) {
      if (!hop.tls || hop.tls->certs.empty()) continue;
      const CertInfo& leaf = hop.tls->certs.front();
      if (!soonest || leaf.days_left < soonest->days_left) soonest = leaf;
    }
  }
  if (!soonest) {
    check.passed = false;
    check.message = "no TLS certificate was seen (plain HTTP, or a proxy hid it)";
    return check;
  }
  check.passed = soonest->days_left >= min_days;
  check.message = "certificate '" + soonest->subject + "' expires in " + std::to_string(soonest->days_left) +
                  " days (" + soonest->not_after + "), minimum " + std::to_string(min_days);
  return check;
}

}  // namespace

std::vector<Check> run_checks(const std::vector<Threshold>& thresholds, const std::map<std::string, Stats>& summary,
                              const TimingResult& result, std::optional<long> min_cert_days) {
  std::vector<Check> checks;
  for (const auto& r : evaluate(thresholds, summary)) {
    const auto& t = r.threshold;
    Check check;
    check.name = t.stat + ":" + t.phase + "<=" + fmt_ms(t.limit_ms);
    check.passed = r.passed;
    check.message = t.stat + " of " + t.phase + " is " + fmt_ms(r.actual_ms) + (r.passed ? ", within " : ", over ") +
                    "the limit of " + fmt_ms(t.limit_ms);
    checks.push_back(check);
  }
  if (min_cert_days) checks.push_back(cert_check(result, *min_cert_days));
  return checks;
}

report::Suite to_suite(const std::vector<Check>& checks, const std::string& suite_name) {
  report::Suite suite{suite_name, {}};
  for (const auto& check : checks) {
    report::TestCase tc;
    tc.name = check.name;
    tc.classname = "sonde.time";
    tc.outcome = check.passed ? report::Outcome::passed : report::Outcome::failed;
    if (!check.passed) tc.findings.push_back({check.message, "threshold", ""});
    suite.cases.push_back(tc);
  }
  return suite;
}

}  // namespace sonde::timing
