#include <cstdio>

#include "cli/render_time.hpp"
#include "cli/text_columns.hpp"

namespace sonde::cli {

namespace {

std::string colour(const Style& style, std::string_view phase, const std::string& text) {
  if (phase == "queue") return style.dim(text);
  if (phase == "dns") return style.cyan(text);
  if (phase == "connect") return style.yellow(text);
  if (phase == "tls") return style.magenta(text);
  if (phase == "send") return style.blue(text);
  if (phase == "wait") return style.green(text);
  return style.red(text);
}

// Column of the bar where `ms` falls, on a bar `k_bar_width` wide that spans `total`.
int column(double ms, double total) {
  if (total <= 0) return 0;
  return std::min(k_bar_width, static_cast<int>(ms / total * k_bar_width + 0.5));
}

void waterfall(std::string& out, const timing::Phases& p, bool with_queue, const Style& style) {
  double elapsed = 0;
  for (const auto& field : timing::k_phase_fields) {
    if (field.name == "total" || (field.name == "queue" && !with_queue)) continue;
    const double value = p.*field.member;
    int from = column(elapsed, p.total);
    int to = column(elapsed + value, p.total);
    if (value > 0 && to == from) to = std::min(k_bar_width, from + 1);
    if (to == from && from == k_bar_width) from = to;
    elapsed += value;
    const std::string bar(static_cast<std::size_t>(to - from), '=');
    out += "  " + pad(std::string(field.name), 9) + fmt("%10.3f ms", value) + "  |" +
           std::string(static_cast<std::size_t>(from), ' ') + colour(style, field.name, bar) +
           std::string(static_cast<std::size_t>(k_bar_width - to), ' ') + "|\n";
  }
  out += "  " + pad("total", 9) + style.bold(fmt("%10.3f ms", p.total)) + "\n";
}

void hop_header(std::string& out, const timing::Hop& hop, const Style& style, int verbose) {
  const std::string status = std::to_string(hop.status);
  out += style.bold(hop.method + " " + hop.url) + " -> " +
         (hop.status >= 400 ? style.red(status) : style.green(status)) + "  HTTP/" + hop.http_version + "  " +
         hop.remote + (hop.reused ? "  (reused connection)" : "") + "\n";
  if (!hop.dns.ipv4.empty() || !hop.dns.ipv6.empty()) {
    out += "  dns via " + hop.dns.source + ": " + std::to_string(hop.dns.ipv4.size()) + " IPv4, " +
           std::to_string(hop.dns.ipv6.size()) + " IPv6 address(es)\n";
  }
  if (!hop.withheld.empty()) {
    std::string names;
    for (const auto& n : hop.withheld) names += (names.empty() ? "" : ", ") + n;
    out += "  not sent to this origin: " + names + " (cross-origin redirect; --location-trusted sends them)\n";
  }
  if (hop.attempts.size() > 1) {
    std::string tried;
    for (const auto& a : hop.attempts) tried += (tried.empty() ? "" : ", ") + a;
    out += "  connect attempts: " + tried + " (won: " + hop.remote + ")\n";
  }
  if (hop.tls) {
    const auto& tls = *hop.tls;
    out += "  " + tls.version + " " + tls.cipher + (tls.alpn.empty() ? "" : ", ALPN " + tls.alpn) + "\n";
    for (std::size_t i = 0; i < tls.certs.size() && (i == 0 || verbose > 0); ++i) {
      const auto& c = tls.certs[i];
      out += "  cert " + std::to_string(i) + ": " + c.subject + " (issuer " + c.issuer + "), expires " + c.not_after +
             ", " + std::to_string(c.days_left) + " days left\n";
      if (verbose > 0 && !c.sans.empty()) {
        std::string sans;
        for (const auto& s : c.sans) sans += (sans.empty() ? "" : ", ") + s;
        out += "          SANs: " + sans + "\n";
      }
    }
  }
  if (!hop.location.empty()) out += "  redirects to " + hop.location + "\n";
}

void summary_table(std::string& out, const std::string& title, const std::map<std::string, timing::Stats>& summary,
                   bool with_queue) {
  out += title + "\n  " + pad("phase", 9);
  for (const std::string h : {"min", "p50", "p90", "p99", "max", "stddev"}) out += std::string(10 - h.size(), ' ') + h;
  out += "\n";
  for (const auto& field : timing::k_phase_fields) {
    if (field.name == "queue" && !with_queue) continue;
    const auto& s = summary.at(std::string(field.name));
    out += "  " + pad(std::string(field.name), 9);
    for (double v : {s.min, s.p50, s.p90, s.p99, s.max, s.stddev}) out += fmt("%10.3f", v);
    out += "\n";
  }
}

std::string runs_label(std::size_t n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); }

}  // namespace

std::string render_time_text(const TimeReport& report, const Style& style, int verbose) {
  std::string out;
  const auto& runs = report.result.runs;
  if (runs.empty()) return out;
  for (const auto& hop : runs.front().hops) {
    hop_header(out, hop, style, verbose);
    waterfall(out, hop.phases, report.concurrent, style);
  }
  if (runs.front().hops.size() > 1) {
    out += "all " + std::to_string(runs.front().hops.size()) + " hops\n";
    waterfall(out, runs.front().phases, report.concurrent, style);
  }
  if (runs.size() > 1) {
    if (report.cold && report.warm) {
      summary_table(out, "\ncold (" + runs_label(report.cold->at("total").count) + ", ms)", *report.cold,
                    report.concurrent);
      summary_table(out, "\nwarm (" + runs_label(report.warm->at("total").count) + ", ms)", *report.warm,
                    report.concurrent);
    } else {
      summary_table(out, "\n" + runs_label(runs.size()) + " (ms)", report.summary, report.concurrent);
    }
  }
  if (!report.checks.empty()) out += "\n";
  for (const auto& check : report.checks) {
    out += (check.passed ? style.green("PASS") : style.red("FAIL")) + " " + check.name + ": " + check.message + "\n";
  }
  return out;
}

}  // namespace sonde::cli
