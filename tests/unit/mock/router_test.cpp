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

TEST_CASE("routes with as many literal segments keep the order they were added in", "[mock][router]") {
  Router router;
  router.add("get", "/a/{x}/c", 0);  // one templated segment: tried after the literal-only routes
  router.add("get", "/a/{x}/{y}", 1);
  router.add("get", "/{p}/b/c", 2);  // as many literals as /a/{x}/c, added later: tried after it
  router.add("get", "/a/b/c", 3);
  router.add("put", "/a/{x}/c", 4);  // a method on a known template does not move the route
  CHECK(router.match("GET", "/a/b/c").operation == 3);
  CHECK(router.match("GET", "/a/z/c").operation == 0);
  CHECK(router.match("PUT", "/a/b/c").operation == 4);  // the first route with PUT of that shape
  CHECK(router.match("GET", "/q/b/c").operation == 2);
  CHECK(router.match("GET", "/a/z/y").operation == 1);
  auto other = router.match("DELETE", "/a/b/c");
  CHECK(other.kind == RouteMatch::Kind::method_not_allowed);
  CHECK(other.path_template == "/a/b/c");
}

TEST_CASE("thousands of paths register and match", "[mock][router]") {
  Router router;
  for (std::size_t i = 0; i < 5000; ++i) {
    router.add("get", "/items/" + std::to_string(i) + "/{id}", 2 * i);
    router.add("get", "/items/" + std::to_string(i) + "/fixed", 2 * i + 1);
  }
  CHECK(router.match("GET", "/items/4999/fixed").operation == 9999);
  auto templated = router.match("GET", "/items/1234/x%2Fy");
  REQUIRE(templated.kind == RouteMatch::Kind::found);
  CHECK(templated.operation == 2468);
  CHECK(templated.params.at("id") == "x/y");
  CHECK(router.match("GET", "/items/5000/fixed").kind == RouteMatch::Kind::not_found);
}
