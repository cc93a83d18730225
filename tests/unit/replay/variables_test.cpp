#include <catch2/catch.hpp>
#include <cstdlib>

#include "core/replay/variables.hpp"
#include "fakes.hpp"

using namespace sonde::replay;

namespace {
const auto k_variables_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
}

TEST_CASE("variables: file variables refer to each other; env fills the rest", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({{"host", "env.test"}, {"port", "81"}}, random, k_variables_now);
  scope.define("base", "http://{{host}}:{{port}}");
  scope.define("port", "8080");  // a file variable wins over the environment
  CHECK(scope.substitute("{{base}}/x", "f:1") == "http://env.test:8080/x");
  CHECK(scope.substitute("{{ host }}", "f:1") == "env.test");
}

TEST_CASE("variables: cycles, unknown names and unclosed braces are errors at file:line", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_variables_now);
  scope.define("a", "{{b}}");
  scope.define("b", "{{a}}");
  auto cycle = scope.substitute("{{a}}", "f:7");
  REQUIRE_FALSE(cycle);
  CHECK(cycle.error().where == "f:7");
  CHECK_THAT(cycle.error().message, Catch::Contains("cycle"));
  CHECK_FALSE(scope.substitute("{{nope}}", "f:1"));
  CHECK_FALSE(scope.substitute("{{$nope}}", "f:1"));
  CHECK_FALSE(scope.substitute("{{open", "f:1"));
}

TEST_CASE("variables: dynamic values are fixed per request and fresh for the next", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_variables_now);
  auto a = scope.substitute("{{$uuid}} {{$uuid}}", "f:1");
  REQUIRE(a);
  CHECK(a->substr(0, 36) == a->substr(37));
  scope.next_request();
  CHECK(scope.substitute("{{$uuid}}", "f:1")->substr(0, 36) != a->substr(0, 36));
  CHECK(scope.substitute("{{$timestamp}}", "f:1") == "1700000000");
  CHECK(scope.substitute("{{$isoTimestamp}}", "f:1") == "2023-11-14T22:13:20Z");
  CHECK(scope.substitute("{{$randomInt}}", "f:1") == "500");
  CHECK(scope.substitute("{{$randomInt 10 20}}", "f:1") == "15");
  CHECK(scope.substitute("{{$random.integer(100, 200)}}", "f:1") == "150");
  CHECK_FALSE(scope.substitute("{{$randomInt 5 1}}", "f:1"));
}

TEST_CASE("variables: $processEnv reads the environment, and fails loudly when unset", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_variables_now);
  ::setenv("SONDE_REPLAY_TEST_VAR", "from-env", 1);
  CHECK(scope.substitute("{{$processEnv SONDE_REPLAY_TEST_VAR}}", "f:1") == "from-env");
  ::unsetenv("SONDE_REPLAY_TEST_VAR");
  scope.next_request();
  CHECK_FALSE(scope.substitute("{{$processEnv SONDE_REPLAY_TEST_VAR}}", "f:1"));
}

TEST_CASE("variables: a ten-fold expansion bomb stops at 16 MiB with an error", "[replay][variables][security]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_variables_now);
  scope.define("v0", std::string(100, 'x'));
  for (int level = 1; level <= 7; ++level) {
    std::string ten;
    for (int i = 0; i < 10; ++i) ten += "{{v" + std::to_string(level - 1) + "}}";
    scope.define("v" + std::to_string(level), ten);
  }
  CHECK(scope.substitute("{{v4}}", "f:1").value().size() == 1'000'000);  // 1 MB is fine
  auto bomb = scope.substitute("{{v7}}", "f:9");  // 1 GB is not
  REQUIRE_FALSE(bomb);
  CHECK(bomb.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(bomb.error().where == "f:9");
  CHECK_THAT(bomb.error().message, Catch::Contains("16 MiB"));
}

TEST_CASE("variables: a $processEnv %name loop ends as an error, not a stack overflow", "[replay][variables][security]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_variables_now);
  scope.define("a", "{{$processEnv %a}}");
  auto looped = scope.substitute("{{a}}", "f:3");
  REQUIRE_FALSE(looped);
  CHECK(looped.error().where == "f:3");
}
