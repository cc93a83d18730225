#include <catch2/catch.hpp>

#include "cli/render_time.hpp"
#include "core/timing/stats.hpp"

using namespace sonde;

namespace {

cli::TimeReport one_run_report() {
  timing::Hop hop;
  hop.url = "https://api.lab.test:18445/json";
  hop.method = "GET";
  hop.status = 200;
  hop.http_version = "1.1";
  hop.remote = "10.200.0.2:18445";
  hop.phases.dns = 0;
  hop.phases.connect = 50;
  hop.phases.tls = 50;
  hop.phases.send = 0;
  hop.phases.wait = 100;
  hop.phases.transfer = 0;
  hop.phases.total = 200;
  timing::TlsInfo tls;
  tls.version = "TLSv1.3";
  tls.alpn = "http/1.1";
  hop.tls = tls;
  timing::Run run;
  run.phases = hop.phases;
  run.hops.push_back(hop);
  cli::TimeReport report;
  report.result.url = hop.url;
  report.result.runs.push_back(run);
  report.summary = timing::summarize_phases({run.phases});
  return report;
}

std::string line_of(const std::string& text, const std::string& start) {
  auto at = text.find("\n  " + start);
  REQUIRE(at != std::string::npos);
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("the waterfall draws bars proportional to time, in sequence", "[cli][time]") {
  const std::string text = cli::render_time_text(one_run_report(), cli::Style(false), 0);
  // 40 columns for 200 ms: connect 0..10, tls 10..20, wait 20..40.
  CHECK(line_of(text, "connect") == "  connect      50.000 ms  |==========                              |");
  CHECK(line_of(text, "tls") == "  tls          50.000 ms  |          ==========                    |");
  CHECK(line_of(text, "wait") == "  wait        100.000 ms  |                    ====================|");
  CHECK(line_of(text, "total") == "  total       200.000 ms");
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("queue") == std::string::npos);
}

TEST_CASE("colour appears only when the style is enabled", "[cli][time]") {
  const std::string text = cli::render_time_text(one_run_report(), cli::Style(true), 0);
  CHECK(text.find("\x1b[") != std::string::npos);
}

TEST_CASE("the JSON keeps the contract's shape and phase order", "[cli][time]") {
  auto report = one_run_report();
  report.checks.push_back({"p50:total<=100.000 ms", false, "p50 of total is 200.000 ms"});
  auto doc = cli::time_to_json(report);
  CHECK(doc["url"] == "https://api.lab.test:18445/json");
  const auto& run = doc["runs"][0];
  std::vector<std::string> keys;
  for (const auto& [key, value] : run["phases"].items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"dns", "connect", "tls", "send", "wait", "transfer", "total"});
  CHECK(run["phases"]["wait"] == 100.0);
  CHECK(run["http_version"] == "1.1");
  CHECK(run["status"] == 200);
  CHECK(run["reused"] == false);
  CHECK(run["remote"] == "10.200.0.2:18445");
  CHECK(run["tls"]["version"] == "TLSv1.3");
  CHECK(run["hops"].size() == 1);
  CHECK(doc["summary"]["total"]["p50"] == 200.0);
  CHECK(doc["summary"].contains("queue") == false);
  CHECK(doc["checks"][0]["passed"] == false);
  CHECK_FALSE(doc.contains("summary_warm"));
}

TEST_CASE("queue time is shown with --concurrency", "[cli][time]") {
  auto report = one_run_report();
  report.concurrent = true;
  CHECK(cli::render_time_text(report, cli::Style(false), 0).find("  queue") != std::string::npos);
  CHECK(cli::time_to_json(report)["runs"][0]["phases"].contains("queue"));
}
