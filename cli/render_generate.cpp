#include "cli/render_generate.hpp"

#include <cstdio>

#include "core/check/generate/checks.hpp"
#include "core/util/text.hpp"

namespace sonde::cli {

namespace {

using check::generate::GenerateRun;

std::string count_of(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "GET /items/{itemId}" -> "get-items-itemid"
std::string slug(const std::string& text) {
  std::string out;
  for (char ch : text) {
    bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (ch >= 'A' && ch <= 'Z') out.push_back(static_cast<char>(ch - 'A' + 'a'));
    else if (alnum) out.push_back(ch);
    else if (!out.empty() && out.back() != '-') out.push_back('-');
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 60);
}

}  // namespace

std::string render_generate_text(const GenerateRun& run, const Style& style) {
  std::string out;
  for (const auto& f : run.findings) {
    out += style.red("FAIL") + " " + style.bold(f.check) + "  " + f.operation + "  " +
           style.dim(std::string(check::generate::phase_name(f.phase)) + ": " + f.label) + "\n";
    out += "    " + f.message;
    if (f.occurrences > 1) out += style.dim(" (" + count_of(f.occurrences, "case", "cases") + ")");
    out += "\n";
    if (!f.original.empty()) out += "    " + style.dim("shrunk from: " + f.original) + "\n";
    out += "    " + f.reproduction.curl + "\n";
  }
  for (const auto& e : run.errors) {
    out += style.red("ERROR") + " " + e.method + " " + e.url + "  [" + e.operation + "]\n    " + e.message + "\n";
  }
  for (const auto& n : run.notes) out += style.yellow("note") + ": " + n + "\n";
  if (!out.empty()) out += "\n";
  out += count_of(run.findings.size(), "finding", "findings") + " from " + count_of(run.cases, "case", "cases") + " (" +
         count_of(run.requests, "request", "requests") + "), seed " + std::to_string(run.seed) + ", phases " +
         join(run.phases, ",");
  if (run.dropped) out += "; " + std::to_string(run.dropped) + " generated values not sent (the validator did not confirm them)";
  if (run.stopped_early) out += "; stopped at --max-failures";
  return out + "\n";
}

nlohmann::ordered_json generate_json(const GenerateRun& run) {
  nlohmann::ordered_json j;
  j["mode"] = "generate";
  j["seed"] = run.seed;
  j["phases"] = run.phases;
  j["summary"] = {{"cases", run.cases},       {"requests", run.requests},      {"findings", run.findings.size()},
                  {"errors", run.errors.size()}, {"dropped", run.dropped},   {"stopped_early", run.stopped_early},
                  {"logins", run.logins}};
  auto& findings = j["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : run.findings) {
    nlohmann::ordered_json x;
    x["check"] = f.check;
    x["operation"] = f.operation;
    x["phase"] = check::generate::phase_name(f.phase);
    x["case"] = f.label;
    if (!f.original.empty()) x["generated_case"] = f.original;
    x["message"] = f.message;
    x["status"] = f.status;
    x["occurrences"] = f.occurrences;
    x["shrink_steps"] = f.shrink_steps;
    x["reproduction"] = {{"curl", f.reproduction.curl}, {"hurl", f.reproduction.hurl}};
    findings.push_back(std::move(x));
  }
  auto& plan = j["plan"] = nlohmann::ordered_json::array();
  for (const auto& p : run.plan) plan.push_back({{"operation", p.operation}, {"cases", p.cases}});
  auto& errors = j["errors"] = nlohmann::ordered_json::array();
  for (const auto& e : run.errors) errors.push_back({{"operation", e.operation}, {"method", e.method}, {"url", e.url}, {"message", e.message}});
  j["notes"] = run.notes;
  return j;
}

report::Suite generate_suite(const GenerateRun& run, const std::string& name) {
  report::Suite suite{name, {}};
  for (const auto& f : run.findings) {
    report::TestCase tc{f.check + " " + f.operation, "sonde.check.generate", report::Outcome::failed, 0.0, {}};
    tc.findings.push_back({f.message + " (" + f.label + "); reproduce: " + f.reproduction.curl, f.check, f.operation});
    suite.cases.push_back(std::move(tc));
  }
  for (const auto& e : run.errors) {
    report::TestCase tc{e.method + " " + e.url, "sonde.check.generate", report::Outcome::error, 0.0, {}};
    tc.findings.push_back({e.message, "error", e.url});
    suite.cases.push_back(std::move(tc));
  }
  if (suite.cases.empty()) suite.cases.push_back({"generated cases", "sonde.check.generate", report::Outcome::passed, 0.0, {}});
  return suite;
}

std::string render_plan_text(const GenerateRun& run) {
  std::string out;
  std::size_t width = 9;
  for (const auto& p : run.plan) width = std::max(width, p.operation.size());
  std::vector<std::string> phases = run.phases;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s", static_cast<int>(width), "operation");
  out += line;
  for (const auto& ph : phases) out += "  " + ph;
  out += "\n";
  for (const auto& p : run.plan) {
    std::snprintf(line, sizeof line, "%-*s", static_cast<int>(width), p.operation.c_str());
    out += line;
    for (const auto& ph : phases) {
      auto it = p.cases.find(ph);
      std::snprintf(line, sizeof line, "  %*zu", static_cast<int>(ph.size()), it == p.cases.end() ? std::size_t{0} : it->second);
      out += line;
    }
    out += "\n";
  }
  out += "\n" + count_of(run.cases, "case", "cases") + " planned, seed " + std::to_string(run.seed) + "; nothing sent (--dry-run)\n";
  for (const auto& n : run.notes) out += "note: " + n + "\n";
  return out;
}

std::string render_checks_list() {
  std::string out;
  for (const auto& c : check::generate::all_checks()) {
    char line[256];
    std::snprintf(line, sizeof line, "%-30s %s\n", c.id, c.description);
    out += line;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> case_files(const GenerateRun& run) {
  std::vector<std::pair<std::string, std::string>> files;
  for (std::size_t i = 0; i < run.findings.size(); ++i) {
    const auto& f = run.findings[i];
    std::string number = std::to_string(i + 1);
    if (number.size() < 2) number.insert(0, "0");
    files.emplace_back(number + "-" + f.check + "-" + slug(f.operation) + ".hurl", f.reproduction.hurl);
  }
  return files;
}

}  // namespace sonde::cli
