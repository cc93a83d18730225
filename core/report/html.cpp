// The HTML report: an index page and one page per suite, readable without JavaScript. A Content
// Security Policy forbids scripts and every external resource, so even a mistake in escaping
// could not run anything; the timing waterfall is plain boxes whose widths are percentages.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>

#include "core/report/check_report.hpp"
#include "core/report/markup_escape.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::report {

namespace {

std::string esc(std::string_view text) { return markup_escape(text); }

std::string fixed(double value, const char* format) {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string ms(double v) { return fixed(v, "%.1f ms"); }

constexpr std::string_view k_style = R"(body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#1d1d1f}
h1{font-size:1.4em;word-break:break-all}h2{font-size:1.1em;margin:0 0 .3em;word-break:break-all}h3{font-size:.95em;margin:.8em 0 .2em}
table.files{border-collapse:collapse;width:100%}table.files th,table.files td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#0a7d32}.failed,.error{color:#b3261e}.skipped{color:#8a6d00}
section.case{border:1px solid #ddd;border-left:4px solid #0a7d32;border-radius:4px;padding:.6em .9em;margin:1em 0}
section.case.failed,section.case.error{border-left-color:#b3261e}section.case.skipped{border-left-color:#c9a400}
.where{color:#555;font-family:ui-monospace,monospace}
pre{background:#f6f6f6;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.2em 0}
.finding{margin:.4em 0}.finding .type{font-weight:600}dl.ea{display:grid;grid-template-columns:6em 1fr;margin:.2em 0 .2em 1em}
dl.ea dt{color:#555}dl.ea dd{margin:0;font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.note{color:#8a6d00;font-style:italic}
.waterfall{max-width:48em}.phase{display:grid;grid-template-columns:5em 1fr 6em;align-items:center;gap:.5em;font-size:.9em}
.track{background:#f0f0f0;height:.8em;position:relative}.bar{display:block;height:100%;min-width:1px}
.phase-queue .bar{background:#9e9e9e}.phase-dns .bar{background:#26a69a}.phase-connect .bar{background:#ff9800}
.phase-tls .bar{background:#9c27b0}.phase-send .bar{background:#2196f3}.phase-wait .bar{background:#4caf50}
.phase-transfer .bar{background:#3f51b5}.phase .ms{text-align:right;font-variant-numeric:tabular-nums}
table.coverage{border-collapse:collapse;width:100%}table.coverage th,table.coverage td{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:left}
.status{display:inline-block;border-radius:3px;padding:0 .35em;margin:0 .2em .1em 0;font-family:ui-monospace,monospace}
.status.hit{background:#e3f4e8;color:#0a7d32}.status.missed{background:#fbe4e2;color:#b3261e}
)";

std::string head(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>\n" + std::string(k_style) + "</style>\n</head>\n<body>\n";
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::error: return "error";
    case Outcome::skipped: return "skipped";
  }
  return "error";
}

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
  double ms = 0;
  bool ok() const { return failed == 0; }
};

Tally tally(const Suite& suite) {
  Tally t;
  for (const auto& c : suite.cases) {
    t.passed += c.outcome == Outcome::passed;
    t.failed += c.outcome == Outcome::failed || c.outcome == Outcome::error;
    t.skipped += c.outcome == Outcome::skipped;
    t.ms += c.time_ms;
  }
  if (suite.time_ms) t.ms = *suite.time_ms;
  return t;
}

// The suite's base name, reduced to [A-Za-z0-9._-] and never starting with a dot, so a page name
// is one harmless path component whatever the test file was called.
std::string safe_stem(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (char c : name.substr(0, 100)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
  }
  out.erase(0, out.find_first_not_of('.'));
  return out.empty() ? "suite" : out;
}

// Distinct even on a case-insensitive file system; "index.html" is the index's.
std::vector<std::string> page_names(const std::vector<Suite>& suites) {
  std::set<std::string> used{"index.html"};
  std::vector<std::string> names;
  for (const auto& suite : suites) {
    const std::string stem = safe_stem(suite.name);
    std::string name = stem + ".html";
    for (int n = 2; used.count(ascii_lower(name)); ++n) name = stem + "-" + std::to_string(n) + ".html";
    used.insert(ascii_lower(name));
    names.push_back(name);
  }
  return names;
}

void finding_html(std::string& out, const Finding& f) {
  out += "<div class=\"finding\"><span class=\"type\">" + esc(f.type.empty() ? "finding" : f.type) + "</span>";
  if (!f.where.empty()) out += " <span class=\"where\">" + esc(f.where) + "</span>";
  if (f.type == "reproduce") {
    out += "<pre>" + esc(f.message) + "</pre>";
  } else {
    out += " <span class=\"msg\">" + esc(f.message) + "</span>";
  }
  if (!f.expected.empty() || !f.actual.empty()) {
    out += "<dl class=\"ea\"><dt>expected</dt><dd class=\"expected\">" + esc(f.expected) +
           "</dd><dt>actual</dt><dd class=\"actual\">" + esc(f.actual) + "</dd></dl>";
  }
  out += "</div>\n";
}

void message_html(std::string& out, std::string_view heading, const Message& m) {
  out += "<h3>" + std::string(heading) + "</h3>\n<pre class=\"message\">" + esc(m.start_line) + "\n";
  for (const auto& [name, value] : m.headers) out += esc(name) + ": " + esc(value) + "\n";
  out += "</pre>\n";
  if (m.body.size == 0) return;
  out += "<pre class=\"body\">" + esc(m.body.text) + "</pre>\n";
  if (m.body.cut) {
    out += "<p class=\"note\">first " + std::to_string(m.body.text.size()) + " of " + std::to_string(m.body.size) +
           " bytes shown</p>\n";
  }
}

// One row per phase, each bar starting where the previous one ended: percentages of the total.
void waterfall_html(std::string& out, const timing::Phases& p) {
  double total = 0;
  for (const auto& f : timing::k_phase_fields) {
    if (f.name != "total") total += p.*f.member;
  }
  out += "<h3>Timing</h3>\n<div class=\"waterfall\">\n";
  double start = 0;
  for (const auto& f : timing::k_phase_fields) {
    const double v = p.*f.member;
    if (f.name == "total") continue;
    const double left = total > 0 ? std::min(100.0, start / total * 100) : 0;
    const double width = total > 0 ? std::min(100.0 - left, v / total * 100) : 0;
    start += v;
    out += "<div class=\"phase phase-" + std::string(f.name) + "\"><span class=\"label\">" + std::string(f.name) +
           "</span><span class=\"track\"><span class=\"bar\" style=\"margin-left:" + fixed(left, "%.2f") +
           "%;width:" + fixed(width, "%.2f") + "%\"></span></span><span class=\"ms\">" + ms(v) + "</span></div>\n";
  }
  out += "<div class=\"phase phase-total\"><span class=\"label\">total</span><span></span><span class=\"ms\">" +
         ms(p.total > 0 ? p.total : total) + "</span></div>\n</div>\n";
}

void case_html(std::string& out, const TestCase& c, std::size_t n) {
  const char* o = outcome_name(c.outcome);
  out += "<section class=\"case " + std::string(o) + "\" id=\"case-" + std::to_string(n) + "\">\n<h2><span class=\"" + o +
         "\">" + o + "</span> " + esc(c.name) + "</h2>\n<p class=\"where\">";
  if (!c.where.empty()) out += esc(c.where) + " · ";
  out += ms(c.time_ms) + "</p>\n";
  for (const auto& f : c.findings) finding_html(out, f);
  for (const auto& ex : c.exchanges) {
    for (const auto& url : ex.redirects) out += "<p class=\"where\">redirect followed to " + esc(url) + "</p>\n";
    message_html(out, "Request", ex.request);
    if (ex.answered) {
      message_html(out, "Response", ex.response);
      waterfall_html(out, ex.phases);
    } else {
      out += "<p class=\"note\">no response</p>\n";
    }
  }
  out += "</section>\n";
}

std::string counts(const Tally& t) {
  std::string s = std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed";
  if (t.skipped) s += ", " + std::to_string(t.skipped) + " skipped";
  return s;
}

std::string suite_page(const Suite& suite, const HtmlOptions& options) {
  const Tally t = tally(suite);
  std::string out = head(options.title + ": " + suite.name);
  out += "<p><a href=\"index.html\">all files</a></p>\n<h1>" + esc(suite.name) + "</h1>\n<p class=\"summary\"><span class=\"" +
         std::string(t.ok() ? "passed\">PASS" : "failed\">FAIL") + "</span> · " + counts(t) + " · " + ms(t.ms) + "</p>\n";
  for (std::size_t i = 0; i < suite.cases.size(); ++i) case_html(out, suite.cases[i], i + 1);
  return out + "</body>\n</html>\n";
}

std::string percent(int hit, int total) {
  return std::to_string(hit) + "/" + std::to_string(total) + (total ? " (" + fixed(100.0 * hit / total, "%.0f") + "%)" : "");
}

// The contract coverage: a summary line, the unmet gates, then one row per operation whose
// documented statuses are marked exercised or missed (words as well as colours).
std::string coverage_html(const CoverageTable& c) {
  std::string out = "<h2 id=\"coverage\">Contract coverage</h2>\n<p class=\"summary\">operations " +
                    percent(c.operations_hit, c.operations) + " · documented statuses " + percent(c.statuses_hit, c.statuses) +
                    "</p>\n";
  for (const auto& g : c.gate_failures) out += "<p class=\"failed\">coverage gate: " + esc(g) + "</p>\n";
  out += "<table class=\"coverage\">\n<thead><tr><th>Operation</th><th>Documented statuses</th><th>Received</th></tr></thead>\n<tbody>\n";
  for (const auto& row : c.rows) {
    out += "<tr><td>" + esc(row.operation) + "</td><td>";
    for (const auto& st : row.statuses) {
      const char* state = st.exercised ? "hit" : "missed";
      out += "<span class=\"status " + std::string(state) + "\" title=\"" + (st.exercised ? "exercised" : "never received") + "\">" +
             esc(st.key) + "</span>";
    }
    out += "</td><td>";
    for (std::size_t i = 0; i < row.seen.size(); ++i) out += (i ? ", " : "") + std::to_string(row.seen[i]);
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!c.undocumented.empty()) {
    out += "<p class=\"failed\">not in the description:</p>\n<ul>\n";
    for (const auto& u : c.undocumented) out += "<li class=\"where\">" + esc(u) + "</li>\n";
    out += "</ul>\n";
  }
  return out;
}

std::string index_page(const std::vector<Suite>& suites, const std::vector<std::string>& names, const HtmlOptions& options) {
  Tally all;
  std::string rows;
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const Tally t = tally(suites[i]);
    all.passed += t.passed;
    all.failed += t.failed;
    all.skipped += t.skipped;
    const std::string state = t.ok() ? "passed" : "failed";
    rows += "<tr class=\"" + state + "\"><td><a href=\"" + esc(names[i]) + "\">" + esc(suites[i].name) + "</a></td><td class=\"" +
            state + "\">" + (t.ok() ? "PASS" : "FAIL") + "</td><td class=\"n\">" + std::to_string(t.passed) +
            "</td><td class=\"n\">" + std::to_string(t.failed) + "</td><td class=\"n\">" + std::to_string(t.skipped) +
            "</td><td class=\"n\">" + ms(t.ms) + "</td></tr>\n";
  }
  std::string out = head(options.title);
  out += "<h1>" + esc(options.title) + "</h1>\n<p class=\"summary\">";
  if (!options.started.empty()) out += "started <time>" + esc(options.started) + "</time> · ";
  out += std::to_string(suites.size()) + (suites.size() == 1 ? " file, " : " files, ") + counts(all) + "</p>\n";
  out += "<table class=\"files\">\n<thead><tr><th>File</th><th>Result</th><th>Passed</th><th>Failed</th><th>Skipped</th>"
         "<th>Duration</th></tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n";
  if (options.coverage) out += coverage_html(*options.coverage);
  return out + "</body>\n</html>\n";
}

}  // namespace

std::vector<HtmlPage> to_html(const std::vector<Suite>& suites, const HtmlOptions& options) {
  const auto names = page_names(suites);
  std::vector<HtmlPage> pages{{"index.html", index_page(suites, names, options)}};
  for (std::size_t i = 0; i < suites.size(); ++i) pages.push_back({names[i], suite_page(suites[i], options)});
  return pages;
}

}  // namespace sonde::report
