// --format junit (and --report-junit): one test case per affected operation; it fails when a change
// at or above --fail-on touches it.
#include <map>

#include "cli/render_diff.hpp"

namespace sonde::cli {

report::Suite diff_suite(const DiffRenderContext& ctx) {
  const auto& r = ctx.report;
  report::Suite suite{"sonde diff " + r.base_path + " " + r.revision_path, {}};
  std::map<std::string, report::TestCase> cases;
  for (const auto& c : r.changes) {
    for (const auto& op : c.operations) {
      auto& tc = cases[op];
      tc.name = op;
      tc.classname = "sonde.diff";
      if (!ctx.fail_on || c.level < *ctx.fail_on) continue;
      tc.outcome = report::Outcome::failed;
      tc.findings.push_back({c.detail, c.id, c.source});
    }
  }
  for (auto& [name, tc] : cases) suite.cases.push_back(std::move(tc));
  return suite;
}

std::string render_diff_junit(const DiffRenderContext& ctx) { return report::to_junit(diff_suite(ctx)); }

}  // namespace sonde::cli
