#include "core/report/check_report.hpp"

namespace sonde::report {

std::string summary(const Finding& finding) {
  if (finding.expected.empty() && finding.actual.empty()) return finding.message;
  return finding.message + ": expected " + finding.expected + ", actual " + finding.actual;
}

}  // namespace sonde::report
