#include "cli/render_test.hpp"

namespace sonde::cli {

namespace {

using json = nlohmann::ordered_json;

double round_ms(double v) { return static_cast<double>(static_cast<long long>(v * 1000 + 0.5)) / 1000; }

json test_phases_json(const timing::Phases& p) {
  return {{"dns", round_ms(p.dns)},   {"connect", round_ms(p.connect)}, {"tls", round_ms(p.tls)},
          {"send", round_ms(p.send)}, {"wait", round_ms(p.wait)},       {"transfer", round_ms(p.transfer)},
          {"total", round_ms(p.total)}};
}

json contract_json(const check::ExchangeResult& c) {
  json violations = json::array();
  for (const auto& v : c.violations) {
    violations.push_back({{"kind", v.kind}, {"pointer", v.pointer}, {"schema", v.schema}, {"source", v.source},
                          {"keyword", v.keyword}, {"message", v.message}, {"expected", v.expected}, {"actual", v.actual}});
  }
  return {{"operation", c.operation ? json(*c.operation) : json(nullptr)},
          {"response", c.response_key},
          {"passed", c.passed()},
          {"violations", violations},
          {"note", c.note}};
}

json entry_json(const flow::EntryResult& e) {
  json asserts = json::array();
  for (const auto& a : e.asserts) {
    json item = {{"kind", a.kind}, {"at", a.where}, {"text", a.text}, {"passed", a.passed}};
    if (!a.passed) {
      item["expected"] = a.expected;
      item["actual"] = a.actual;
      if (!a.error.empty()) item["error"] = a.error;
    }
    asserts.push_back(std::move(item));
  }
  json out = {{"index", e.index},       {"at", e.where},          {"method", e.method},
              {"url", e.url},           {"status", e.status},     {"version", e.version},
              {"passed", e.passed()},   {"skipped", e.skipped},   {"attempts", e.attempts},
              {"duration_ms", round_ms(e.duration_ms)}, {"phases", test_phases_json(e.phases)},
              {"asserts", asserts}};
  if (e.contract) out["contract"] = contract_json(*e.contract);
  if (e.error) out["error"] = describe(*e.error);
  if (!e.curl.empty()) out["curl"] = e.curl;
  return out;
}

}  // namespace

nlohmann::ordered_json test_json(const TestReport& report) {
  json files = json::array();
  int entries = 0, failed = 0;
  for (const auto& f : report.files) {
    json list = json::array();
    for (const auto& e : f.entries) {
      list.push_back(entry_json(e));
      ++entries;
      failed += !e.passed();
    }
    json file = {{"path", f.path}, {"passed", f.passed()}, {"duration_ms", round_ms(f.duration_ms)}, {"entries", list}};
    if (f.error) file["error"] = describe(*f.error);
    files.push_back(std::move(file));
  }
  json out = {{"passed", test_exit_code(report) == 0},
              {"summary", {{"files", report.files.size()}, {"entries", entries}, {"failed", failed}}},
              {"files", files}};
  if (report.coverage) {
    const auto& c = *report.coverage;
    json rows = json::array();
    for (const auto& r : c.rows) {
      rows.push_back({{"operation", r.operation},
                      {"documented", r.documented},
                      {"exercised", std::vector<std::string>(r.exercised.begin(), r.exercised.end())},
                      {"statuses", std::vector<int>(r.statuses.begin(), r.statuses.end())}});
    }
    out["coverage"] = {{"operations", c.operations},
                       {"operations_exercised", c.operations_hit},
                       {"statuses", c.statuses},
                       {"statuses_exercised", c.statuses_hit},
                       {"undocumented", c.undocumented},
                       {"rows", rows},
                       {"gate_failures", report.gate_failures}};
  }
  return out;
}

std::optional<report::CoverageTable> coverage_table(const TestReport& report) {
  if (!report.coverage) return std::nullopt;
  const auto& c = *report.coverage;
  report::CoverageTable table;
  table.operations = c.operations;
  table.operations_hit = c.operations_hit;
  table.statuses = c.statuses;
  table.statuses_hit = c.statuses_hit;
  table.undocumented = c.undocumented;
  table.gate_failures = report.gate_failures;
  for (const auto& row : c.rows) {
    report::CoverageTable::Row out{row.operation, {}, {row.statuses.begin(), row.statuses.end()}};
    for (const auto& key : row.documented) out.statuses.push_back({key, row.exercised.contains(key)});
    table.rows.push_back(std::move(out));
  }
  return table;
}

std::vector<report::Suite> test_suites(const TestReport& report) {
  std::vector<report::Suite> suites;
  for (const auto& f : report.files) {
    report::Suite suite{f.path, {}, f.duration_ms};
    if (f.error) {
      suite.cases.push_back({f.path, "sonde.test", report::Outcome::error, f.duration_ms, {{describe(*f.error), "file", f.path}}});
    }
    for (const auto& e : f.entries) {
      report::TestCase c{"entry " + std::to_string(e.index) + " " + e.method + " " + e.url, "sonde.test", report::Outcome::passed,
                         e.duration_ms, {}};
      c.where = e.where;
      if (e.exchange) c.exchanges.push_back(*e.exchange);
      if (e.skipped) c.outcome = report::Outcome::skipped;
      if (e.error) {
        c.outcome = report::Outcome::error;
        c.findings.push_back({describe(*e.error), "error", e.where});
      }
      for (const auto& a : e.asserts) {
        if (a.passed) continue;
        if (c.outcome == report::Outcome::passed) c.outcome = report::Outcome::failed;
        if (a.error.empty()) c.findings.push_back({a.text, a.kind, a.where, a.expected, a.actual});
        else c.findings.push_back({a.text + ": " + a.error, a.kind, a.where});
      }
      if (e.contract && !e.contract->passed()) {
        if (c.outcome == report::Outcome::passed) c.outcome = report::Outcome::failed;
        if (!e.contract->operation) c.findings.push_back({e.contract->note, "contract-undocumented", e.where});
        for (const auto& v : e.contract->violations) {
          c.findings.push_back({v.message + (v.pointer.empty() ? "" : " at " + v.pointer), "contract-" + v.kind, v.source});
        }
      }
      if (c.outcome == report::Outcome::failed && !e.curl.empty()) c.findings.push_back({e.curl, "reproduce", ""});
      suite.cases.push_back(std::move(c));
    }
    suites.push_back(std::move(suite));
  }
  if (!report.gate_failures.empty()) {
    report::Suite gates{"coverage", {}};
    for (const auto& g : report.gate_failures) gates.cases.push_back({g, "sonde.test.coverage", report::Outcome::failed, 0, {{g, "coverage", ""}}});
    suites.push_back(std::move(gates));
  }
  return suites;
}

int test_exit_code(const TestReport& report) {
  bool network = false, input = false, failed = !report.gate_failures.empty();
  for (const auto& f : report.files) {
    if (f.error && f.error->kind == ErrorKind::invalid_input) input = true;
    for (const auto& e : f.entries) {
      if (e.error) {
        if (e.error->kind == ErrorKind::runtime) network = true;
        else input = true;
      }
      failed = failed || !e.passed();
    }
    failed = failed || !f.passed();
  }
  if (network) return 4;
  if (input) return 3;
  return failed ? 1 : 0;
}

}  // namespace sonde::cli
