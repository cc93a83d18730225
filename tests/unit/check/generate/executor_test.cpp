// A generated case whose header value holds CR, LF or NUL (from an example or a pattern) is
// never sent: it would split the header on the wire.
#include <catch2/catch.hpp>

#include "core/check/generate/executor.hpp"
#include "core/openapi/view.hpp"
#include "tests/unit/check/generate/generate_support.hpp"

using namespace sonde::check;
using namespace sonde::check::generate;
using nlohmann::json;

TEST_CASE("a header value with CR, LF or NUL is never confirmed for sending", "[check][generate]") {
  auto doc = gen_support::load_spec("crlf.yaml", R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: X-Tag, in: header, required: true, schema: {type: string}}
      responses:
        "200": {description: ok}
)");
  auto view = sonde::openapi::build_view(doc).value();
  auto checker = ContractChecker::create(doc).value();
  RequestChecker requests(doc);
  Target target{"http://127.0.0.1:9", {}, {"authorization"}};
  std::set<std::string> checks = {"not-a-server-error"};
  Executor executor(*checker, requests, target, checks);
  Case c{&view.operations.at(0), "GET", Phase::examples, Intent::positive, "x", {}};
  c.values.params = {json("plain")};
  CHECK(executor.confirmed(c, serialize(c, target)));
  for (const char* bad : {"a\r\nX-Injected: yes", "a\nb", "a\rb"}) {
    c.values.params = {json(bad)};
    CHECK_FALSE(executor.confirmed(c, serialize(c, target)));
  }
  c.values.params = {json(std::string("a\0b", 3))};
  CHECK_FALSE(executor.confirmed(c, serialize(c, target)));
}
