#include <cstdio>
#include <string_view>
#include <utility>

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

std::string attributes(const JunitCounts& c) {
  return "tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) + "\" errors=\"" +
         std::to_string(c.errors) + "\" skipped=\"" + std::to_string(c.skipped) + "\" time=\"" + seconds(c.time_ms) + "\"";
}

JunitCounts count(const Suite& suite) {
  JunitCounts c;
  c.tests = suite.cases.size();
  for (const auto& tc : suite.cases) {
    c.failures += tc.outcome == Outcome::failed;
    c.errors += tc.outcome == Outcome::error;
    c.skipped += tc.outcome == Outcome::skipped;
    c.time_ms += tc.time_ms;
  }
  return c;
}

constexpr std::size_t k_piece = std::size_t{64} << 10;

}  // namespace

JunitStream::JunitStream(Sink sink, const JunitCounts& total) : sink_(std::move(sink)) {
  buffer_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sonde\" " + attributes(total) + ">\n";
}

void JunitStream::open_suite(const std::string& name, const JunitCounts& counts) {
  buffer_ += "  <testsuite name=\"" + xml_escape(name) + "\" " + attributes(counts) + ">\n";
}

void JunitStream::add(const TestCase& test_case) {
  append_case(buffer_, test_case);
  if (buffer_.size() >= k_piece) sink_(std::exchange(buffer_, {}));
}

void JunitStream::close_suite() { buffer_ += "  </testsuite>\n"; }

void JunitStream::finish() {
  buffer_ += "</testsuites>\n";
  sink_(std::exchange(buffer_, {}));
}

std::string to_junit(const std::vector<Suite>& suites) {
  JunitCounts total;
  for (const auto& suite : suites) {
    const JunitCounts c = count(suite);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
    total.time_ms += c.time_ms;
  }
  std::string out;
  JunitStream stream([&out](std::string_view piece) { out += piece; }, total);
  for (const auto& suite : suites) {
    stream.open_suite(suite.name, count(suite));
    for (const auto& tc : suite.cases) stream.add(tc);
    stream.close_suite();
  }
  stream.finish();
  return out;
}

std::string to_junit(const Suite& suite) { return to_junit(std::vector<Suite>{suite}); }

}  // namespace sonde::report
