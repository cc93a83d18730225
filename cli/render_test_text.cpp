#include <cstdio>

#include "cli/render_test.hpp"
#include "cli/text_columns.hpp"

namespace sonde::cli {

namespace {


void violations(std::string& out, const check::ExchangeResult& contract, const Style& style) {
  if (!contract.operation) {
    out += "    " + style.yellow("contract: ") + (contract.note.empty() ? "no operation matches" : contract.note) + "\n";
    return;
  }
  if (!contract.note.empty()) out += "    " + style.dim("contract: " + contract.note) + "\n";
  for (const auto& v : contract.violations) {
    out += "    " + style.red("contract") + " [" + v.kind + "] " + v.message;
    if (!v.pointer.empty()) out += " at " + v.pointer;
    if (!v.source.empty()) out += " (" + v.source + ")";
    out += "\n";
    if (!v.expected.empty() || !v.actual.empty()) {
      out += "      expected: " + v.expected + "\n      actual:   " + (v.actual.empty() ? "(absent)" : v.actual) + "\n";
    }
  }
}

void entry_detail(std::string& out, const flow::EntryResult& e, const Style& style) {
  out += "  " + style.bold("entry " + std::to_string(e.index) + " " + e.method + " " + e.url) + " (" + e.where + ")";
  if (e.status) out += " -> " + std::to_string(e.status);
  if (e.attempts > 1) out += ", " + std::to_string(e.attempts) + " attempts";
  out += "\n";
  if (e.error) out += "    " + style.red("error: ") + describe(*e.error) + "\n";
  for (const auto& a : e.asserts) {
    if (a.passed) continue;
    out += "    " + style.red(a.kind) + " " + a.where + ": " + a.text + "\n";
    if (!a.error.empty()) {
      out += "      " + a.error + "\n";
    } else {
      out += "      expected: " + a.expected + "\n      actual:   " + a.actual + "\n";
    }
  }
  if (e.contract && !e.contract->passed()) violations(out, *e.contract, style);
  if (!e.curl.empty()) out += "    " + style.dim(e.curl) + "\n";
}

void coverage_table(std::string& out, const flow::Coverage& c) {
  out += "\ncoverage: " + std::to_string(c.operations_hit) + "/" + std::to_string(c.operations) + " operations, " +
         std::to_string(c.statuses_hit) + "/" + std::to_string(c.statuses) + " documented statuses\n";
  for (const auto& row : c.rows) {
    std::string statuses;
    for (const auto& d : row.documented) statuses += " " + (row.exercised.count(d) ? d : "(" + d + ")");
    out += "  " + std::string(row.statuses.empty() ? "-" : "+") + " " + row.operation + ":" + statuses + "\n";
  }
  for (const auto& u : c.undocumented) out += "  ? " + u + " (not in the description)\n";
}

}  // namespace

std::string test_text(const TestReport& report, const Style& style, int verbose) {
  std::string out;
  int entries = 0, entries_failed = 0;
  for (const auto& f : report.files) {
    int failed = 0;
    for (const auto& e : f.entries) failed += !e.passed();
    entries += static_cast<int>(f.entries.size());
    entries_failed += failed;
    const bool ok = f.passed();
    out += (ok ? style.green("PASS") : style.red("FAIL")) + " " + f.path + " (" + std::to_string(f.entries.size()) +
           (f.entries.size() == 1 ? " entry, " : " entries, ") + ms(f.duration_ms) + ")\n";
    if (f.error) out += "  " + style.red("error: ") + describe(*f.error) + "\n";
    for (const auto& e : f.entries) {
      if (!e.passed() || verbose > 0) entry_detail(out, e, style);
    }
  }
  if (report.coverage) coverage_table(out, *report.coverage);
  for (const auto& g : report.gate_failures) out += style.red("coverage gate: ") + g + "\n";
  out += "\n" + std::to_string(report.files.size()) + (report.files.size() == 1 ? " file, " : " files, ") +
         std::to_string(entries) + (entries == 1 ? " entry: " : " entries: ") + std::to_string(entries - entries_failed) + " passed, " +
         std::to_string(entries_failed) + " failed\n";
  return out;
}

}  // namespace sonde::cli
