#include <cstdio>
#include <string_view>

#include "core/report/check_report.hpp"

namespace sonde::report {

namespace {

// XML 1.0 forbids most control characters even when escaped, so they are replaced.
std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
  return buf;
}

std::string finding_text(const Finding& f) {
  return f.where.empty() ? f.message : f.message + " (" + f.where + ")";
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
  std::string summary = tc.findings.empty() ? std::string(tag) : finding_text(tc.findings.front());
  std::string type = tc.findings.empty() ? std::string() : tc.findings.front().type;
  out += "      <" + std::string(tag) + " message=\"" + xml_escape(summary) + "\"";
  if (!type.empty()) out += " type=\"" + xml_escape(type) + "\"";
  out += ">";
  for (const auto& f : tc.findings) out += xml_escape((f.type.empty() ? "" : "[" + f.type + "] ") + finding_text(f)) + "\n";
  out += "</" + std::string(tag) + ">\n    </testcase>\n";
}

}  // namespace

std::string to_junit(const Suite& suite) {
  int failures = 0, errors = 0, skipped = 0;
  double total_ms = 0;
  for (const auto& tc : suite.cases) {
    failures += tc.outcome == Outcome::failed;
    errors += tc.outcome == Outcome::error;
    skipped += tc.outcome == Outcome::skipped;
    total_ms += tc.time_ms;
  }
  std::string counts = "tests=\"" + std::to_string(suite.cases.size()) + "\" failures=\"" + std::to_string(failures) +
                       "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"sonde\" " + counts + " time=\"" + seconds(total_ms) + "\">\n";
  out += "  <testsuite name=\"" + xml_escape(suite.name) + "\" " + counts + " time=\"" + seconds(total_ms) + "\">\n";
  for (const auto& tc : suite.cases) append_case(out, tc);
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace sonde::report
