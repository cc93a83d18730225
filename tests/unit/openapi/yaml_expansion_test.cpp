#include <catch2/catch.hpp>

#include "core/openapi/yaml_expansion.hpp"

using sonde::openapi::first_node_over_budget;
using sonde::openapi::may_hold_anchors;

TEST_CASE("may_hold_anchors: every place an anchor can start, not an ampersand in prose or URLs",
          "[openapi][yaml]") {
  CHECK(may_hold_anchors("a: &x 1\nb: *x\n"));
  CHECK(may_hold_anchors("&top\n- 1\n"));
  CHECK(may_hold_anchors("- &x [1]\n"));
  CHECK(may_hold_anchors("a: [&x 1, *x]\n"));
  CHECK(may_hold_anchors("a: {b: 1,&x c: 2}\n"));
  CHECK(may_hold_anchors("a:\t&x 1\n"));
  CHECK_FALSE(may_hold_anchors("title: Terms & Conditions\n"));
  CHECK_FALSE(may_hold_anchors("url: https://a.test/?b=1&c=2\n"));
  CHECK_FALSE(may_hold_anchors("a: x&y\nb: '&'\n"));
  CHECK_FALSE(may_hold_anchors(""));
}

TEST_CASE("first_node_over_budget: aliases count as expanded, each anchored node sized once",
          "[openapi][yaml]") {
  // root 1 + a (1 + 3) + b (1 + 3 * 4) = 18 nodes once expanded; map keys are not counted.
  auto doc = YAML::Load("a: &a [1, 1, 1]\nb: [*a, *a, *a]\n");
  CHECK_FALSE(first_node_over_budget(doc, 18, 512));
  // The 18th node is the last item of b's third alias: the converter names it where it is
  // written, under the anchor (line 0, column 13), and so does this pass.
  auto mark = first_node_over_budget(doc, 17, 512);
  REQUIRE(mark);
  CHECK_FALSE(mark->recursive);
  CHECK(mark->mark.line == 0);
  CHECK(mark->mark.column == 13);
  auto early = first_node_over_budget(doc, 3, 512);  // root, a, its first item; the second passes
  REQUIRE(early);
  CHECK(early->mark.line == 0);
  CHECK(early->mark.column == 10);
  // Ten levels of ten aliases: 10^10 nodes, decided without expanding them.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b', prev = 'a'; c <= 'j'; ++c, ++prev) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  CHECK(first_node_over_budget(YAML::Load(bomb), 1'000'000, 512));
}

TEST_CASE("first_node_over_budget: an anchored node holding an alias to itself is named, not expanded",
          "[openapi][yaml]") {
  // yaml-cpp resolves `*d` inside `&d` to the node being built: a cycle. Each level fans out four
  // times, so expanding it up to the depth limit would take 4^512 steps (a fuzzer-found hang).
  auto doc = YAML::Load("a: 1\nd: &d [x, *d, *d, *d, *d]\n");
  auto problem = first_node_over_budget(doc, 1'000'000, 512);
  REQUIRE(problem);
  CHECK(problem->recursive);
  CHECK(problem->mark.line == 1);
  // Reached through a map too, and below other anchors.
  auto nested = first_node_over_budget(YAML::Load("b: &b {k: [1]}\nm: &m {x: *b, y: {z: *m}}\n"), 1'000'000, 512);
  REQUIRE(nested);
  CHECK(nested->recursive);
}
