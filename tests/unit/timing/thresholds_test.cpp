#include <catch2/catch.hpp>

#include "core/timing/gate.hpp"
#include "core/timing/thresholds.hpp"

using namespace sonde::timing;

TEST_CASE("durations accept us, ms, s and bare milliseconds", "[timing][thresholds]") {
  CHECK(parse_duration_ms("500ms").value() == Approx(500));
  CHECK(parse_duration_ms("1.5s").value() == Approx(1500));
  CHECK(parse_duration_ms("800us").value() == Approx(0.8));
  CHECK(parse_duration_ms("42").value() == Approx(42));
  CHECK_FALSE(parse_duration_ms("fast").has_value());
  CHECK_FALSE(parse_duration_ms("-5ms").has_value());
  CHECK_FALSE(parse_duration_ms("5 minutes").has_value());
}

TEST_CASE("threshold lists parse with p50 as the default statistic", "[timing][thresholds]") {
  auto parsed = parse_thresholds("total=500ms, wait=200ms,p99:total=0.8s");
  REQUIRE(parsed.has_value());
  REQUIRE(parsed->size() == 3);
  CHECK((*parsed)[0].stat == "p50");
  CHECK((*parsed)[0].phase == "total");
  CHECK((*parsed)[1].limit_ms == Approx(200));
  CHECK((*parsed)[2].stat == "p99");
  CHECK((*parsed)[2].limit_ms == Approx(800));
}

TEST_CASE("bad thresholds are usage errors naming the item", "[timing][thresholds]") {
  auto unknown_phase = parse_thresholds("total=5ms,ttfb=20ms");
  REQUIRE_FALSE(unknown_phase.has_value());
  CHECK(unknown_phase.error().kind == sonde::ErrorKind::usage);
  CHECK(unknown_phase.error().where == "ttfb=20ms");
  CHECK_FALSE(parse_thresholds("p95:total=5ms").has_value());
  CHECK_FALSE(parse_thresholds("total").has_value());
  CHECK_FALSE(parse_thresholds(" , ").has_value());
}

TEST_CASE("thresholds compare the chosen statistic; equal passes", "[timing][thresholds]") {
  std::map<std::string, Stats> summary;
  summary["total"] = Stats{3, 100, 300, 450, 499, 500, 300, 10};
  summary["wait"] = Stats{3, 10, 250, 260, 270, 280, 200, 5};
  auto limits = parse_thresholds("total=300ms,wait=200ms,p99:total=499ms").value();
  auto results = evaluate(limits, summary);
  CHECK(results[0].passed);
  CHECK_FALSE(results[1].passed);
  CHECK(results[1].actual_ms == Approx(250));
  CHECK(results[2].passed);

  TimingResult nothing;
  auto checks = run_checks(limits, summary, nothing, std::nullopt);
  REQUIRE(checks.size() == 3);
  CHECK(checks[1].message.find("wait") != std::string::npos);
  auto suite = to_suite(checks, "sonde time x");
  REQUIRE(suite.cases.size() == 3);
  CHECK(suite.cases[1].outcome == sonde::report::Outcome::failed);
}

TEST_CASE("min-cert-days uses the soonest leaf and fails without TLS", "[timing][thresholds]") {
  TimingResult result;
  Run run;
  Hop hop;
  TlsInfo tls;
  CertInfo leaf;
  leaf.subject = "CN=api";
  leaf.days_left = 9;
  tls.certs.push_back(leaf);
  hop.tls = tls;
  run.hops.push_back(hop);
  result.runs.push_back(run);
  auto checks = run_checks({}, {}, result, 14L);
  REQUIRE(checks.size() == 1);
  CHECK_FALSE(checks[0].passed);
  CHECK(run_checks({}, {}, result, 9L)[0].passed);
  CHECK_FALSE(run_checks({}, {}, TimingResult{}, 1L)[0].passed);
}
