#include <string>

#include "cli/render_check.hpp"

namespace sonde::cli {

namespace {

std::string status_text(int status) { return status ? std::to_string(status) : "---"; }

void append_violation(std::string& out, const check::ExchangeViolation& v, const Style& style) {
  out += "    " + style.red(v.kind);
  if (!v.pointer.empty()) out += " " + style.bold(v.pointer);
  out += ": " + v.message + "\n";
  std::string at = v.keyword.empty() ? v.schema : v.keyword + " at " + v.schema;
  if (!v.source.empty()) at += " (" + v.source + ")";
  if (!at.empty()) out += "      " + style.dim(at) + "\n";  // a missing parameter has no schema to name
}

}  // namespace

std::string render_check_text(const check::CheckRun& run, const Style& style) {
  std::string out;
  for (const auto& r : run.results) {
    std::string label = !r.operation ? style.yellow("SKIP") : r.passed() ? style.green("PASS") : style.red("FAIL");
    out += label + "  " + r.method + " " + r.url + " -> " + status_text(r.status);
    if (r.operation) out += "  " + style.dim("[" + *r.operation + "]");
    out += "\n";
    if (!r.note.empty()) out += "    " + r.note + "\n";
    for (const auto& v : r.violations) append_violation(out, v, style);
    if (r.omitted) out += "    ... and " + std::to_string(r.omitted) + " more body violations\n";
    if (r.masked) {
      out += "    " + style.dim(std::to_string(r.masked) + (r.masked == 1 ? " violation" : " violations") +
                              " about masked values (***) set aside") + "\n";
    }
  }
  for (const auto& e : run.errors) {
    out += style.red("ERROR") + " " + e.method + " " + e.url + "  [" + e.operation + "]\n    " + e.message + "\n";
  }
  auto s = check::summarize(run);
  out += "\n" + std::to_string(s.exchanges) + (s.exchanges == 1 ? " exchange: " : " exchanges: ") +
         std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.unmatched) out += ", " + std::to_string(s.unmatched) + " matched no operation";
  if (s.errors) out += ", " + std::to_string(s.errors) + " could not run";
  out += "\n";
  if (run.coverage) {
    const auto& c = *run.coverage;
    out += "coverage: " + std::to_string(c.operations_exercised) + "/" + std::to_string(c.operations) +
           " operations, " + std::to_string(c.statuses_exercised) + "/" + std::to_string(c.statuses) +
           " documented status codes\n";
  }
  return out;
}

}  // namespace sonde::cli
