// Generated values on the wire: parameters by style and explode, the user's headers winning over
// generated ones, credentials left out on request; and reproductions that sonde test can parse.
#include <catch2/catch.hpp>

#include "core/check/generate/checks.hpp"
#include "core/check/generate/reproduce.hpp"
#include "core/check/generate/serialize.hpp"
#include "core/hurl/parser.hpp"
#include "core/openapi/view.hpp"
#include "tests/unit/check/generate/generate_support.hpp"

using namespace sonde::check::generate;
using nlohmann::json;

namespace {

const char* k_serialize_spec = R"(openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{itemId}:
    post:
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: integer}}
        - {name: ids, in: query, schema: {type: array, items: {type: integer}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, style: deepObject, schema: {type: object}}
        - {name: X-Tenant, in: header, required: true, schema: {type: string}}
        - {name: session, in: cookie, schema: {type: string}}
      requestBody:
        content:
          application/json: {schema: {type: object}}
      responses:
        "200": {description: ok}
)";

struct SerializeFixture {
  sonde::openapi::Document doc = gen_support::load_spec("serialize.yaml", k_serialize_spec);
  sonde::openapi::View view = sonde::openapi::build_view(doc).value();
};

}  // namespace

TEST_CASE("parameters are serialised by their style", "[check][generate]") {
  SerializeFixture f;
  Case c{&f.view.operations.at(0), "POST", Phase::coverage, Intent::positive, "x", {}};
  c.values.params = {json(7), json({1, 2}), json({"a b", "c"}), json({{"k", "v"}}), json("t1"), json("s=1")};
  c.values.body = json({{"a", 1}});
  c.values.media_type = "application/json";
  Target target{"http://127.0.0.1:9/v1/", {"Authorization: Bearer t0k"}, {"authorization"}};
  auto r = serialize(c, target);
  CHECK(r.url == "http://127.0.0.1:9/v1/items/7?ids=1&ids=2&csv=a%20b,c&filter%5Bk%5D=v");  // brackets are not pchar (RFC 3986)
  CHECK(r.headers == std::vector<std::string>{"X-Tenant: t1", "Cookie: session=s%3D1", "Content-Type: application/json",
                                              "Authorization: Bearer t0k"});
  CHECK(r.body == R"({"a":1})");
  c.without_auth = true;
  target.headers.push_back("X-Tenant: from-user");
  r = serialize(c, target);
  // The user's X-Tenant wins over the generated one; the credential is left out.
  CHECK(r.headers == std::vector<std::string>{"Cookie: session=s%3D1", "Content-Type: application/json", "X-Tenant: from-user"});
  c.left_out_header = "X-Tenant";
  r = serialize(c, target);
  CHECK(r.headers == std::vector<std::string>{"Cookie: session=s%3D1", "Content-Type: application/json"});
}

TEST_CASE("reproductions: curl masks credentials, Hurl files use variables and parse", "[check][generate]") {
  Step create{{"POST", "http://127.0.0.1:9/items", {"Content-Type: application/json", "Authorization: Bearer t0k"}, R"({"name":"a"})", 30},
              {{"itemId", "jsonpath \"$['id']\""}}, {{"1", "{{itemId}}"}}};
  // Id 1 also appears in the host: only the path segment is replaced.
  Step read{{"GET", "http://127.0.0.1:9/items/1", {"Authorization: Bearer t0k"}, "", 30}, {}, {}};
  auto r = reproduce({create, read}, check_id::use_after_free, "use-after-free on GET /items/{itemId}", sonde::Redactor());
  CHECK(r.curl == "curl -H 'Authorization: Bearer ***' --max-time 30 http://127.0.0.1:9/items/1");
  CHECK(r.hurl == "# use-after-free on GET /items/{itemId}\n"
                  "\nPOST http://127.0.0.1:9/items\nContent-Type: application/json\nAuthorization: {{authorization}}\n"
                  "{\"name\":\"a\"}\nHTTP *\n[Captures]\nitemId: jsonpath \"$['id']\"\n"
                  "\nGET http://127.0.0.1:9/items/{{itemId}}\nAuthorization: {{authorization}}\nHTTP *\n"
                  "[Asserts]\nstatus >= 404\nstatus <= 410\n");
  auto parsed = sonde::hurl::parse(r.hurl, "case.hurl");
  INFO((parsed ? std::string() : describe(parsed.error())));
  CHECK(parsed.has_value());
  for (const auto& c : all_checks()) {
    auto one = reproduce({read}, c.id, "x", sonde::Redactor(), 250);
    auto p = sonde::hurl::parse(one.hurl, "one.hurl");
    INFO(c.id << "\n" << one.hurl);
    CHECK(p.has_value());
  }
  // A body that is not JSON goes in a ``` block.
  Step raw{{"POST", "http://127.0.0.1:9/items", {"Content-Type: application/json"}, "{\"unterminated\": ", 30}, {}, {}};
  auto malformed = reproduce({raw}, check_id::negative, "x", sonde::Redactor());
  CHECK(sonde::hurl::parse(malformed.hurl, "m.hurl").has_value());
  CHECK(malformed.hurl.find("```\n{\"unterminated\": \n```\n") != std::string::npos);
}
