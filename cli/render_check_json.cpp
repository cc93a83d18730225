#include "cli/render_check.hpp"

namespace sonde::cli {

namespace {

nlohmann::ordered_json or_null(const std::string& s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); }

nlohmann::ordered_json violation_json(const check::ExchangeViolation& v) {
  // Body violations point into the response body, request violations into the request
  // ("/query/limit", "/body/items/0"); for the others the pointer is null.
  const bool points = v.kind == check::kind::body || v.kind.starts_with("request-");
  nlohmann::ordered_json pointer = points ? nlohmann::ordered_json(v.pointer) : nlohmann::ordered_json(nullptr);
  return {{"kind", v.kind},          {"pointer", pointer},          {"schema", or_null(v.schema)},
          {"source", or_null(v.source)}, {"keyword", or_null(v.keyword)}, {"message", v.message},
          {"expected", or_null(v.expected)}, {"actual", or_null(v.actual)}};
}

}  // namespace

nlohmann::ordered_json check_json(const check::CheckRun& run) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const auto& r : run.results) {
    nlohmann::ordered_json item;
    item["operation"] = r.operation ? nlohmann::ordered_json(*r.operation) : nlohmann::ordered_json(nullptr);
    item["request"] = {{"method", r.method}, {"url", r.url}};
    item["status"] = r.status;
    item["violations"] = nlohmann::ordered_json::array();
    for (const auto& v : r.violations) item["violations"].push_back(violation_json(v));
    if (r.omitted) item["omitted"] = r.omitted;
    if (r.masked) item["masked"] = r.masked;
    if (!r.note.empty()) item["note"] = r.note;
    results.push_back(std::move(item));
  }
  auto s = check::summarize(run);
  nlohmann::ordered_json summary = {{"exchanges", s.exchanges}, {"passed", s.passed}, {"failed", s.failed},
                            {"unmatched", s.unmatched}};
  nlohmann::ordered_json out = {{"results", std::move(results)}, {"summary", std::move(summary)}};
  if (!run.errors.empty()) {
    out["summary"]["errors"] = run.errors.size();
    out["errors"] = nlohmann::ordered_json::array();
    for (const auto& e : run.errors) {
      out["errors"].push_back({{"operation", e.operation}, {"request", {{"method", e.method}, {"url", e.url}}},
                               {"message", e.message}});
    }
  }
  if (run.coverage) {
    const auto& c = *run.coverage;
    out["summary"]["coverage"] = {{"operations", c.operations}, {"operations_exercised", c.operations_exercised},
                                  {"statuses", c.statuses}, {"statuses_exercised", c.statuses_exercised}};
  }
  return out;
}

report::Suite check_suite(const check::CheckRun& run, const std::string& name) {
  report::Suite suite{name, {}};
  for (const auto& r : run.results) {
    report::TestCase tc;
    tc.name = r.method + " " + r.url + " -> " + std::to_string(r.status);
    tc.classname = "sonde.check." + (r.operation ? *r.operation : std::string("unmatched"));
    tc.time_ms = r.time_ms;
    if (!r.operation) {
      tc.outcome = report::Outcome::skipped;
      tc.findings.push_back({r.note, "unmatched", ""});
    } else if (!r.passed()) {
      tc.outcome = report::Outcome::failed;
      for (const auto& v : r.violations) {
        tc.findings.push_back({(v.pointer.empty() ? "" : v.pointer + ": ") + v.message, v.kind, v.source});
      }
      if (r.omitted) tc.findings.push_back({std::to_string(r.omitted) + " more body violations", "body", ""});
    }
    suite.cases.push_back(std::move(tc));
  }
  for (const auto& e : run.errors) {
    report::TestCase tc;
    tc.name = e.method + " " + e.url;
    tc.classname = "sonde.check." + e.operation;
    tc.outcome = report::Outcome::error;
    tc.findings.push_back({e.message, "unreachable", e.url});
    suite.cases.push_back(std::move(tc));
  }
  return suite;
}

}  // namespace sonde::cli
