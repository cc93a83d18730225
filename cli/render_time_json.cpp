#include <cmath>

#include "cli/render_time.hpp"

namespace sonde::cli {

namespace {

using json = nlohmann::ordered_json;

// Microsecond resolution, without binary-fraction noise such as 0.30000000000000004.
double round_us(double ms) { return std::round(ms * 1000.0) / 1000.0; }

json phases_json(const timing::Phases& p, bool with_queue) {
  json out = json::object();
  for (const auto& field : timing::k_phase_fields) {
    if (field.name == "queue" && !with_queue) continue;
    out[std::string(field.name)] = round_us(p.*field.member);
  }
  return out;
}

json tls_json(const timing::TlsInfo& tls) {
  json certs = json::array();
  for (const auto& c : tls.certs) {
    certs.push_back({{"subject", c.subject},
                     {"issuer", c.issuer},
                     {"sans", c.sans},
                     {"not_before", c.not_before},
                     {"not_after", c.not_after},
                     {"days_left", c.days_left}});
  }
  return {{"version", tls.version}, {"cipher", tls.cipher}, {"alpn", tls.alpn}, {"certs", certs}};
}

json hop_json(const timing::Hop& hop, bool with_queue) {
  json out = {{"url", hop.url},
              {"method", hop.method},
              {"status", hop.status},
              {"http_version", hop.http_version},
              {"remote", hop.remote},
              {"reused", hop.reused},
              {"phases", phases_json(hop.phases, with_queue)},
              {"dns", {{"source", hop.dns.source}, {"ipv4", hop.dns.ipv4}, {"ipv6", hop.dns.ipv6}}},
              {"connect_attempts", hop.attempts},
              {"bytes", hop.bytes}};
  if (!hop.location.empty()) out["location"] = hop.location;
  if (!hop.withheld.empty()) out["credentials_withheld"] = hop.withheld;
  out["tls"] = hop.tls ? tls_json(*hop.tls) : json(nullptr);
  return out;
}

json summary_json(const std::map<std::string, timing::Stats>& summary, bool with_queue) {
  json out = json::object();
  for (const auto& [phase, s] : summary) {
    if (phase == "queue" && !with_queue) continue;
    out[phase] = {{"min", round_us(s.min)},   {"p50", round_us(s.p50)},   {"p90", round_us(s.p90)},
                  {"p99", round_us(s.p99)},   {"max", round_us(s.max)},   {"mean", round_us(s.mean)},
                  {"stddev", round_us(s.stddev)}, {"count", s.count}};
  }
  return out;
}

}  // namespace

json time_to_json(const TimeReport& report) {
  const bool q = report.concurrent;
  json runs = json::array();
  for (const auto& run : report.result.runs) {
    const timing::Hop& last = run.hops.back();
    json hops = json::array();
    for (const auto& hop : run.hops) hops.push_back(hop_json(hop, q));
    runs.push_back({{"phases", phases_json(run.phases, q)},
                    {"hops", hops},
                    {"http_version", last.http_version},
                    {"status", last.status},
                    {"reused", run.hops.front().reused},
                    {"warm", run.warm},
                    {"remote", last.remote},
                    {"tls", last.tls ? tls_json(*last.tls) : json(nullptr)}});
  }
  json out = {{"url", report.result.url}, {"runs", runs}, {"summary", summary_json(report.summary, q)}};
  if (report.cold) out["summary_cold"] = summary_json(*report.cold, q);
  if (report.warm) out["summary_warm"] = summary_json(*report.warm, q);
  json checks = json::array();
  for (const auto& c : report.checks) checks.push_back({{"name", c.name}, {"passed", c.passed}, {"message", c.message}});
  out["checks"] = checks;
  return out;
}

}  // namespace sonde::cli
