// An outline view (what `sonde diff` holds for every operation) completed one operation at a
// time gives what the full view gives, with the same errors.
#include <catch2/catch.hpp>


#include "core/openapi/view.hpp"
#include "tests/unit/scratch_file.hpp"

using namespace sonde::openapi;

namespace {

const char* k_outline_spec = R"(openapi: 3.0.3
info: {title: t, version: '1'}
security: [{key: []}]
paths:
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      - {name: X-Trace, in: header, schema: {type: string}}
    get:
      operationId: getOrder
      summary: one order
      parameters:
        - {name: x-trace, in: header, required: true, schema: {type: integer}}
        - $ref: '#/components/parameters/Limit'
      responses:
        '200':
          description: ok
          headers: {ETag: {schema: {type: string}}}
          content: {application/json: {schema: {type: object}}, text/plain: {}}
        default: {$ref: '#/components/responses/Problem'}
    put:
      deprecated: true
      security: [{oauth: [write, read]}]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object}}}
      responses: {'204': {description: done}}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
  responses:
    Problem: {description: problem, content: {application/problem+json: {}}}
)";

std::string summary(const Operation& op) {
  std::string out = op.name() + " id=" + op.operation_id + (op.deprecated ? " deprecated" : "") + " [" + op.summary +
                    "]";
  for (const auto& p : op.parameters)
    out += " | " + p.in + ":" + p.name + (p.required ? "!" : "") + " " + p.style + " " + p.node.pointer.str() + " " +
           p.schema.pointer.str();
  if (op.body) {
    out += " | body" + std::string(op.body->required ? "!" : "") + " " + op.body->node.pointer.str();
    for (const auto& m : op.body->content) out += " " + m.name + " " + m.schema.pointer.str();
  }
  for (const auto& r : op.responses) {
    out += " | " + r.code + " " + r.node.pointer.str();
    for (const auto& m : r.content) out += " " + m.name + " " + m.schema.pointer.str();
    for (const auto& h : r.headers) out += " h:" + h.name + " " + h.schema.pointer.str();
  }
  for (const auto& alt : op.security)
    for (const auto& [scheme, scopes] : alt) {
      out += " | sec " + scheme;
      for (const auto& s : scopes) out += " " + s;
    }
  out += " | at " + op.security_node.pointer.str();
  return out;
}

}  // namespace

TEST_CASE("outline view: names and nodes only, completed to what the full view holds", "[openapi]") {
  auto doc = load(sonde::testing::write_scratch_file("outline-test", "outline.yaml", k_outline_spec));
  REQUIRE(doc.has_value());
  auto full = build_view(*doc);
  auto outline = build_view(*doc, ViewDepth::outline);
  REQUIRE(full.has_value());
  REQUIRE(outline.has_value());
  REQUIRE(outline->operations.size() == 2);
  REQUIRE(full->operations.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    Operation op = outline->operations[i];
    CHECK(op.parameters.empty());
    CHECK(op.responses.empty());
    CHECK_FALSE(op.body.has_value());
    CHECK(op.security.empty());
    CHECK(op.summary.empty());
    CHECK(op.key == full->operations[i].key);
    CHECK(op.operation_id == full->operations[i].operation_id);
    CHECK(op.deprecated == full->operations[i].deprecated);
    CHECK(op.item.pointer == "/paths/~1orders~1{id}");
    REQUIRE(complete_operation(*doc, op).has_value());
    CHECK(summary(op) == summary(full->operations[i]));
    // Completing twice gives the same, not twice as much.
    REQUIRE(complete_operation(*doc, op).has_value());
    CHECK(summary(op) == summary(full->operations[i]));
  }
  CHECK(summary(full->operations[0]).find("[one order]") != std::string::npos);
  // The header parameter written twice in different case is one parameter (the operation's).
  CHECK(summary(full->operations[0]).find("header:x-trace! simple") != std::string::npos);
  CHECK(summary(full->operations[0]).find("X-Trace") == std::string::npos);
}

TEST_CASE("outline view: a malformed operation fails when it is completed, as the full view fails", "[openapi]") {
  std::string text = k_outline_spec;
  text.replace(text.find("      responses: {'204'"), 0, "      parameters: {not: a list}\n");
  auto doc = load(sonde::testing::write_scratch_file("outline-test", "malformed.yaml", text));
  REQUIRE(doc.has_value());
  auto full = build_view(*doc);
  REQUIRE_FALSE(full.has_value());
  auto outline = build_view(*doc, ViewDepth::outline);
  REQUIRE(outline.has_value());
  Operation put = outline->operations[1];
  auto completed = complete_operation(*doc, put);
  REQUIRE_FALSE(completed.has_value());
  CHECK(sonde::describe(completed.error()) == sonde::describe(full.error()));
  CHECK(sonde::describe(completed.error()).find("\"parameters\" must be a list") != std::string::npos);
}

TEST_CASE("outline view: a callback that would not complete is skipped, as the full view skips it", "[openapi]") {
  std::string text = k_outline_spec;
  text.replace(text.find("      responses: {'204'"), 0,
               "      callbacks:\n"
               "        done:\n"
               "          '{$request.body#/url}':\n"
               "            post: {responses: {'200': {description: ok}}}\n"
               "        broken:\n"
               "          '{$request.body#/other}':\n"
               "            post: {parameters: {not: a list}, responses: {'200': {description: ok}}}\n");
  auto doc = load(sonde::testing::write_scratch_file("outline-test", "callbacks.yaml", text));
  REQUIRE(doc.has_value());
  auto full = build_view(*doc);
  auto outline = build_view(*doc, ViewDepth::outline);
  REQUIRE(full.has_value());
  REQUIRE(outline.has_value());
  REQUIRE(full->callbacks.size() == 1);
  REQUIRE(outline->callbacks.size() == 1);
  CHECK(outline->callbacks[0].path == full->callbacks[0].path);
  Operation callback = outline->callbacks[0];
  REQUIRE(complete_operation(*doc, callback).has_value());
  CHECK(summary(callback) == summary(full->callbacks[0]));
}
