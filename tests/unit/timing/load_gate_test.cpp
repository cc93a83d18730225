// The gates of a load run: parsing --max/--min items, and their verdicts on a result.
#include <catch2/catch.hpp>

#include "core/timing/load_gate.hpp"

using namespace sonde::timing;

TEST_CASE("load gates parse latency limits, fail-rate and rps; bad items are usage errors", "[timing][load]") {
  auto gates = parse_load_gates("p99:total=250ms,fail-rate=1.5%,wait=20ms,p99.9:connect=1s", "rps=450");
  REQUIRE(gates.has_value());
  REQUIRE(gates->size() == 5);
  CHECK((*gates)[0].stat == "p99");
  CHECK((*gates)[0].limit == 250);
  CHECK((*gates)[1].kind == LoadGate::Kind::fail_rate);
  CHECK((*gates)[1].limit == Approx(0.015));
  CHECK((*gates)[2].stat == "p50");
  CHECK((*gates)[3].stat == "p99.9");
  CHECK((*gates)[3].limit == 1000);
  CHECK((*gates)[4].kind == LoadGate::Kind::rps);
  CHECK_FALSE((*gates)[4].at_most);
  for (const char* bad : {"fail-rate=1", "p42:total=1s", "total=fast", "queue=1s", "nothing"}) {
    INFO(bad);
    auto parsed = parse_load_gates(bad, "");
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().kind == sonde::ErrorKind::usage);
  }
  CHECK_FALSE(parse_load_gates("", "p99=3").has_value());
  CHECK_FALSE(parse_load_gates("", "rps=-1").has_value());
}

TEST_CASE("load gates judge the corrected latency, the fail rate and the throughput", "[timing][load]") {
  LoadResult r;
  for (int i = 1; i <= 100; ++i) r.latency.record(i * 1000);  // 1..100 ms
  r.latency_uncorrected.record(1000);
  r.phases["wait"].record(5000);
  r.completed = 100;
  r.statuses["2xx"] = 97;
  r.statuses["5xx"] = 2;
  r.errors["reset"] = 1;
  r.elapsed_s = 2;
  auto gates = parse_load_gates("p99:total=99ms,p99:total=98ms,wait=5ms,fail-rate=3%,fail-rate=2.9%", "rps=50,rps=51");
  REQUIRE(gates.has_value());
  auto checks = run_load_checks(*gates, r);
  REQUIRE(checks.size() == 7);
  CHECK(checks[0].passed);        // p99 of 1..100 ms is 99 ms: equal passes
  CHECK_FALSE(checks[1].passed);
  CHECK(checks[1].name == "p99:total<=98.000 ms");
  CHECK(checks[2].passed);
  CHECK(checks[3].passed);        // 3 failed of 100: 2 5xx and a reset
  CHECK_FALSE(checks[4].passed);
  CHECK(checks[4].message.find("3 of 100") != std::string::npos);
  CHECK(checks[5].passed);        // 50 requests/s
  CHECK_FALSE(checks[6].passed);
}
