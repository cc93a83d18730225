#include "core/check/check_run.hpp"

namespace sonde::check {

Summary summarize(const CheckRun& run) {
  Summary s;
  s.exchanges = run.results.size();
  s.errors = run.errors.size();
  for (const auto& r : run.results) {
    if (!r.operation) ++s.unmatched;
    else if (r.passed()) ++s.passed;
    else ++s.failed;
  }
  return s;
}

int exit_status(const CheckRun& run) {
  auto s = summarize(run);
  if (s.failed) return 1;
  return s.errors ? 4 : 0;  // nothing failed, but some requests never got a response
}

}  // namespace sonde::check
