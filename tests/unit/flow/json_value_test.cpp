#include <catch2/catch.hpp>

#include "core/flow/json_value.hpp"
#include "core/util/json_same.hpp"

// What the asserts see must not depend on which parser read the body: the same tree, with the
// same number types, as nlohmann's own parse, and `discarded` for what is not JSON.
TEST_CASE("flow JSON bodies: read as nlohmann reads them, whichever parser took them") {
  const char* bodies[] = {
      R"({"ok":true,"id":7,"name":"tea"})",
      R"([1, -2, 3.5, 1e3, 18446744073709551615, -9223372036854775808, 0.1])",
      R"({"a":{"b":[null,false,"\u00e9\ud83d\ude00"]}})",
      R"({"dup":1,"dup":2})",  // the fast parser gives up; nlohmann keeps the last value
      "\xEF\xBB\xBF{\"bom\":1}",
      "  42  ",
      R"("just a string")",
      "",
      "{\"unterminated\":",
      "[1,]",
      "{\"lone\":\"\\ud800\"}",
      "1e999",
  };
  for (const char* body : bodies) {
    INFO(body);
    const nlohmann::json ours = sonde::flow::parse_json_value(body);
    const nlohmann::json theirs = nlohmann::json::parse(body, nullptr, false);
    REQUIRE(ours.is_discarded() == theirs.is_discarded());
    if (!ours.is_discarded()) CHECK(sonde::same_json(ours, theirs));
  }
}
