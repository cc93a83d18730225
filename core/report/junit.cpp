#include <cstdio>
#include <string_view>

#include "core/report/check_report.hpp"
#include "core/report/markup_escape.hpp"

namespace sonde::report {

namespace {

std::string xml_escape(std::string_view text) { return markup_escape(text); }

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
  return buf;
}

std::string finding_text(const Finding& f) {
  return f.where.empty() ? summary(f) : summary(f) + " (" + f.where + ")";
}

void append_case(std::string& out, const TestCase& tc) {
  out += "    <testcase name=\"" + xml_escape(tc.name) + "\" classname=\"" + xml_escape(tc.classname) +
         "\" time=\"" + seconds(tc.time_ms) + "\"";
  if (tc.outcome == Outcome::passed) {
    out += "/>\n";
    return;
  }
  out += ">\n";
  const char* tag = tc.outcome == Outcome::failed ? "failure" : tc.outcome == Outcome::error ? "error" : "skipped";
  std::string headline = tc.findings.empty() ? std::string(tag) : finding_text(tc.findings.front());
  std::string type = tc.findings.empty() ? std::string() : tc.findings.front().type;
  out += "      <" + std::string(tag) + " message=\"" + xml_escape(headline) + "\"";
  if (!type.empty()) out += " type=\"" + xml_escape(type) + "\"";
  out += ">";
  for (const auto& f : tc.findings) out += xml_escape((f.type.empty() ? "" : "[" + f.type + "] ") + finding_text(f)) + "\n";
  out += "</" + std::string(tag) + ">\n    </testcase>\n";
}

struct Counts {
  std::size_t tests = 0;
  int failures = 0, errors = 0, skipped = 0;
  double ms = 0;
  std::string attributes() const {
    return "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
           std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\" time=\"" + seconds(ms) + "\"";
  }
};

Counts count(const Suite& suite) {
  Counts c;
  c.tests = suite.cases.size();
  for (const auto& tc : suite.cases) {
    c.failures += tc.outcome == Outcome::failed;
    c.errors += tc.outcome == Outcome::error;
    c.skipped += tc.outcome == Outcome::skipped;
    c.ms += tc.time_ms;
  }
  return c;
}

}  // namespace

std::string to_junit(const std::vector<Suite>& suites) {
  Counts total;
  std::string body;
  for (const auto& suite : suites) {
    const Counts c = count(suite);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
    total.ms += c.ms;
    body += "  <testsuite name=\"" + xml_escape(suite.name) + "\" " + c.attributes() + ">\n";
    for (const auto& tc : suite.cases) append_case(body, tc);
    body += "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sonde\" " + total.attributes() + ">\n" + body +
         "</testsuites>\n";
}

std::string to_junit(const Suite& suite) { return to_junit(std::vector<Suite>{suite}); }

}  // namespace sonde::report
