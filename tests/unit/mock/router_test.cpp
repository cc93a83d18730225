#include <catch2/catch.hpp>

#include "core/mock/router.hpp"
#include "core/util/text_codec.hpp"

using sonde::mock::RouteMatch;
using sonde::mock::Router;

TEST_CASE("path templates match, literals win, parameters are decoded", "[mock][router]") {
  Router router;
  router.add("get", "/pets", 0);
  router.add("post", "/pets", 1);
  router.add("get", "/pets/{petId}", 2);
  router.add("get", "/pets/mine", 3);
  router.add("get", "/files/{name}.json", 4);

  auto list = router.match("GET", "/pets?limit=3");
  CHECK(list.kind == RouteMatch::Kind::found);
  CHECK(list.operation == 0);
  CHECK(router.match("GET", "/pets/").operation == 0);
  auto one = router.match("GET", "/pets/a%20b");
  REQUIRE(one.kind == RouteMatch::Kind::found);
  CHECK(one.operation == 2);
  CHECK(one.params.at("petId") == "a b");
  CHECK(router.match("GET", "/pets/mine").operation == 3);
  auto file = router.match("GET", "/files/report.json");
  REQUIRE(file.kind == RouteMatch::Kind::found);
  CHECK(file.params.at("name") == "report");
  CHECK(router.match("HEAD", "/pets/7").kind == RouteMatch::Kind::found);
}

TEST_CASE("a known path with another method lists the allowed methods", "[mock][router]") {
  Router router;
  router.add("get", "/pets", 0);
  router.add("post", "/pets", 1);
  auto m = router.match("DELETE", "/pets");
  CHECK(m.kind == RouteMatch::Kind::method_not_allowed);
  CHECK(m.allowed == std::vector<std::string>{"GET", "HEAD", "POST"});
  CHECK(router.match("GET", "/owners").kind == RouteMatch::Kind::not_found);
  CHECK(router.match("GET", "/pets/1/toys").kind == RouteMatch::Kind::not_found);
}

TEST_CASE("percent decoding keeps invalid escapes", "[mock][router]") {
  CHECK(sonde::percent_decode("a%2Fb") == "a/b");
  CHECK(sonde::percent_decode("100%") == "100%");
  CHECK(sonde::percent_decode("%zz") == "%zz");
}
