#include <catch2/catch.hpp>

#include "core/hurl/parser.hpp"

using namespace sonde::hurl;

TEST_CASE("hurl: entries, sections, asserts and positions", "[hurl]") {
  auto file = parse(R"(# comment
GET http://a.test/x?y=1   # trailing comment
Accept: application/json
[Query]
q: two words
HTTP 200
[Captures]
id: jsonpath "$.id" toInt
[Asserts]
header "X-A" not contains "b"
jsonpath "$.items" count >= 2

POST http://a.test/orders
{"id": {{id}}}
HTTP/1.1 *
)", "f.hurl");
  REQUIRE(file.has_value());
  REQUIRE(file->entries.size() == 2);
  const auto& first = file->entries[0];
  CHECK(first.request.method == "GET");
  CHECK(first.request.url.source() == "http://a.test/x?y=1");
  CHECK(first.request.pos.line == 2);
  REQUIRE(first.request.headers.size() == 1);
  CHECK(first.request.query_params.at(0).value.source() == "two words");
  REQUIRE(first.response);
  CHECK(first.response->status == 200);
  REQUIRE(first.response->captures.size() == 1);
  CHECK(first.response->captures[0].query.filters.at(0).name == "toInt");
  REQUIRE(first.response->asserts.size() == 2);
  CHECK(first.response->asserts[0].predicate.negated);
  CHECK(first.response->asserts[0].predicate.name == "contains");
  CHECK(first.response->asserts[1].query.filters.at(0).name == "count");
  CHECK(first.response->asserts[1].predicate.name == ">=");
  CHECK(first.response->asserts[1].pos.line == 11);
  const auto& second = file->entries[1];
  REQUIRE(second.request.body);
  CHECK(second.request.body->kind == Body::Kind::json);
  CHECK(second.request.body->text.has_variables());
  CHECK_FALSE(second.response->status.has_value());
  CHECK(second.response->version == "HTTP/1.1");
}

TEST_CASE("hurl: what sonde does not run is refused with file:line:col", "[hurl]") {
  struct Case {
    const char* text;
    const char* where;
    const char* words;
  };
  for (const auto& c : {Case{"POST http://a\n```graphql,strict\n{ a }\n```\n", "f.hurl:2:1", "unknown attribute 'strict'"},
                        Case{"GET http://a\nHTTP 200\n[Asserts]\nstatus nope == 1\n", "f.hurl:4:8", "nope"},
                        Case{"GET http://a\n[Options]\nhttp3: true\n", "f.hurl:3:1", "option 'http3'"},
                        Case{"GET http://a\nHTTP 200\n[Asserts]\nstatus isGreat\n", "f.hurl:4:8", "unknown predicate"},
                        Case{"GET http://a\nHTTP 200\n[Asserts]\nstatus == \"x\n", "f.hurl:4:11", "unterminated"},
                        Case{"GET http://a/{{x\n", "f.hurl:1:14", "without a closing"},
                        Case{"hello\n", "f.hurl:1:1", "request line"},
                        Case{"GET http://a\nHTTP 20\n", "f.hurl:2:6", "status code"}}) {
    INFO(c.text);
    auto file = parse(c.text, "f.hurl");
    REQUIRE_FALSE(file);
    CHECK(file.error().kind == sonde::ErrorKind::invalid_input);
    CHECK(file.error().where == c.where);
    CHECK_THAT(file.error().message, Catch::Contains(c.words));
  }
}

TEST_CASE("hurl: a graphql body keeps its query and its variables block apart", "[hurl]") {
  auto file = parse("POST http://a.test/graphql\n"
                    "```graphql\n"
                    "query Q($id: ID!) { # variables { in a comment\n"
                    "  item(id: $id, note: \"variables {\") { name }\n"
                    "}\n"
                    "variables {\n"
                    "  \"id\": \"{{id}}\"\n"
                    "}\n"
                    "```\n",
                    "g.hurl");
  REQUIRE(file.has_value());
  const auto& body = file->entries.at(0).request.body;
  REQUIRE(body);
  CHECK(body->kind == Body::Kind::graphql);
  CHECK(body->text.source() == "query Q($id: ID!) { # variables { in a comment\n"
                               "  item(id: $id, note: \"variables {\") { name }\n}\n");
  REQUIRE(body->graphql_variables);
  CHECK(body->graphql_variables->source() == "{\n  \"id\": \"{{id}}\"\n}\n");

  auto plain = parse("POST http://a.test/graphql\n```graphql\n{ me { name } }\n```\n", "g.hurl");
  REQUIRE(plain.has_value());
  CHECK_FALSE(plain->entries.at(0).request.body->graphql_variables);
}

TEST_CASE("hurl: multiline attributes escape and novariable; unknown ones refused", "[hurl]") {
  auto file = parse("POST http://a.test/\n```text,escape\na\\tb \\u{263A} {{x}}\n```\n", "m.hurl");
  REQUIRE(file.has_value());
  const auto& text = file->entries.at(0).request.body->text;
  REQUIRE(text.parts.size() == 3);
  CHECK(text.parts[0].text == "a\tb \xE2\x98\xBA ");
  CHECK(text.parts[1].variable);
  CHECK(text.parts[2].text == "\n");

  auto raw = parse("POST http://a.test/\n```novariable\n{{x}} \\t\n```\n", "m.hurl");
  REQUIRE(raw.has_value());
  CHECK(raw->entries.at(0).request.body->text.source() == "{{x}} \\t\n");

  auto dangling = parse("POST http://a.test/\n```escape\nend\\\n```\n", "m.hurl");
  REQUIRE_FALSE(dangling.has_value());
  CHECK(dangling.error().where == "m.hurl:3:4");

  // A NUL or a lone CR in an escaped line is text: the reader moves on (it once looped forever).
  auto nul = parse(std::string("POST http://a.test/\n```escape\nab\0c\rd\n```\n", 41), "m.hurl");
  REQUIRE(nul.has_value());
  CHECK(nul->entries.at(0).request.body->text.parts.at(0).text == std::string("ab\0c\rd\n", 7));
  auto unclosed = parse(std::string("POST http://a.test/\n```escape\nab\0cd\n", 36), "m.hurl");
  REQUIRE_FALSE(unclosed.has_value());

  auto unknown = parse("POST http://a.test/\n```json,strict\n{}\n```\n", "m.hurl");
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().message.find("unknown attribute 'strict'") != std::string::npos);
}
