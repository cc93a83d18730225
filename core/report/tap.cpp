// TAP version 14 (testanything.org/tap-version-14-specification.html): a plan, one line per case,
// and a YAML diagnostic block under each failure.
#include <string_view>

#include "core/report/check_report.hpp"

namespace sonde::report {

namespace {

// A description may not hold '#' unescaped (it starts a directive) nor a newline.
std::string description(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') out += ' ';
    else if (c == '#' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

// YAML double-quoted scalar.
std::string yaml_quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') out += std::string("\\") + static_cast<char>(c);
    else if (c == '\n') out += "\\n";
    else if (c < 0x20) out += ' ';
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

}  // namespace

std::string to_tap(const std::vector<Suite>& suites) {
  std::size_t total = 0;
  for (const auto& s : suites) total += s.cases.size();
  std::string out = "TAP version 14\n1.." + std::to_string(total) + "\n";
  std::size_t n = 0;
  for (const auto& suite : suites) {
    for (const auto& tc : suite.cases) {
      ++n;
      const bool ok = tc.outcome == Outcome::passed || tc.outcome == Outcome::skipped;
      out += std::string(ok ? "ok " : "not ok ") + std::to_string(n) + " - " + description(suite.name + ": " + tc.name);
      if (tc.outcome == Outcome::skipped) out += " # SKIP";
      out += "\n";
      if (ok || tc.findings.empty()) continue;
      out += "  ---\n  severity: " + std::string(tc.outcome == Outcome::error ? "error" : "fail") + "\n  findings:\n";
      for (const auto& f : tc.findings) {
        out += "    - message: " + yaml_quote(summary(f)) + "\n";
        if (!f.type.empty()) out += "      type: " + yaml_quote(f.type) + "\n";
        if (!f.where.empty()) out += "      at: " + yaml_quote(f.where) + "\n";
      }
      out += "  ...\n";
    }
  }
  return out;
}

}  // namespace sonde::report
