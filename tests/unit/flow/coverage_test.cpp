#include <catch2/catch.hpp>

#include "core/flow/coverage.hpp"

using namespace sonde::flow;

namespace {
Coverage sample() {
  Coverage c;
  c.rows = {{"POST /orders", {"201", "422"}, {"201"}, {201}}, {"GET /orders", {"200"}, {}, {}}};
  c.operations = 2;
  c.operations_hit = 1;
  c.statuses = 3;
  c.statuses_hit = 1;
  return c;
}
}  // namespace

TEST_CASE("coverage gates: percentages and required statuses", "[flow][coverage]") {
  CoverageGate gate;
  REQUIRE(parse_min_coverage("operations=50%,statuses=50%", gate));
  REQUIRE(parse_require_status("POST /orders=201,422", gate));
  auto failures = gate_failures(sample(), gate);
  REQUIRE(failures.size() == 2);
  CHECK_THAT(failures[0], Catch::Contains("documented statuses covered 33% (1/3)"));
  CHECK(failures[1] == "POST /orders never answered 422");

  CoverageGate met;
  REQUIRE(parse_min_coverage("operations=50%", met));
  REQUIRE(parse_require_status("POST /orders=201", met));
  CHECK(gate_failures(sample(), met).empty());
}

TEST_CASE("coverage gates: bad syntax is a usage error", "[flow][coverage]") {
  CoverageGate gate;
  for (const char* bad : {"operations", "operations=120%", "lines=50%", "operations=x"}) {
    INFO(bad);
    auto parsed = parse_min_coverage(bad, gate);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == sonde::ErrorKind::usage);
  }
  CHECK_FALSE(parse_require_status("POST=201", gate));
  CHECK_FALSE(parse_require_status("POST /orders=20x", gate));
}
