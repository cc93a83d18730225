#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/diff/engine.hpp"

using namespace sonde::diff;

namespace {

std::string write_engine_spec(const std::string& name, const std::string& text) {
  auto dir = std::filesystem::temp_directory_path() / ("sonde-engine-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

const std::string k_base = R"(openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
  /b:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
    post:
      requestBody:
        content: {application/json: {schema: {type: object, properties: {x: {type: string}}}}}
      responses: {'204': {description: done}}
components:
  schemas:
    Node:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
)";

Report diff_texts(const std::string& base, const std::string& rev, Options options = {}) {
  auto report = run(write_engine_spec("base.yaml", base), write_engine_spec("rev.yaml", rev), options);
  if (!report) FAIL(sonde::describe(report.error()));
  return *report;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("a change in a recursive shared component is reported once with every operation", "[diff]") {
  auto r = diff_texts(k_base, replace(k_base, "size: {type: integer}", "size: {type: string}"));
  REQUIRE(r.changes.size() == 1);
  const auto& c = r.changes.front();
  CHECK(c.id == "response-property-type-changed");
  CHECK(c.operation.empty());
  CHECK(c.operations == std::vector<std::string>{"GET /a/{id}", "GET /b"});
  CHECK(c.location == "/components/schemas/Node/properties/size/type");
  CHECK(c.source.ends_with("rev.yaml:24:16"));
  CHECK(r.counts[2] == 1);
}

TEST_CASE("renamed path parameters, extracted schemas, key order and JSON vs YAML are no change", "[diff]") {
  std::string rev = replace(k_base, "/a/{id}:", "/a/{nodeId}:");
  rev = replace(rev, "name: id, in: path", "name: nodeId, in: path");
  rev = replace(rev, "{schema: {type: object, properties: {x: {type: string}}}}",
                "{schema: {$ref: '#/components/schemas/X'}}");
  rev += "    X: {properties: {x: {type: string}}, type: object}\n";
  CHECK(diff_texts(k_base, rev).changes.empty());
}

TEST_CASE("severity overrides, the path filter, waivers and fail-on levels", "[diff]") {
  std::string rev = replace(k_base, "size: {type: integer}", "size: {type: string}");
  rev = replace(rev, "properties: {x: {type: string}}", "properties: {x: {type: string}, y: {type: string}}");
  auto plain = diff_texts(k_base, rev);
  CHECK(plain.counts == std::array<int, 3>{1, 0, 1});
  CHECK(fails(plain, Level::error));
  CHECK_FALSE(fails(plain, std::nullopt));

  Options severity;
  severity.severity["response-property-type-changed"] = Level::warning;
  auto lowered = diff_texts(k_base, rev, severity);
  CHECK(lowered.counts == std::array<int, 3>{1, 1, 0});
  CHECK_FALSE(fails(lowered, Level::error));
  CHECK(fails(lowered, Level::warning));

  Options match;
  match.match_path = "^/a/";
  auto only_a = diff_texts(k_base, rev, match);
  REQUIRE(only_a.changes.size() == 1);
  CHECK(only_a.changes[0].operations == std::vector<std::string>{"GET /a/{id}"});

  Options ignore;
  ignore.ignore_file = write_engine_spec("ignore.yaml",
                             "- id: response-property-type-changed\n  operation: get /a/{nodeId}\n  reason: known\n"
                             "- id: response-property-type-changed\n  operation: GET /b\n  reason: known\n");
  auto waived = diff_texts(k_base, rev, ignore);
  CHECK(waived.ignored == 2);
  CHECK(waived.counts == std::array<int, 3>{1, 0, 0});
}

TEST_CASE("bad options and ignore files are refused with a location", "[diff]") {
  Options bad;
  bad.severity["no-such-rule"] = Level::info;
  CHECK(validate(bad).error().kind == sonde::ErrorKind::usage);
  Options regex;
  regex.match_path = "([";
  CHECK(validate(regex).error().kind == sonde::ErrorKind::usage);
  Options ignore;
  ignore.ignore_file = write_engine_spec("ignore-bad.yaml", "- id: operation-removed\n  operation: GET /b\n");
  auto r = run(write_engine_spec("base.yaml", k_base), write_engine_spec("rev.yaml", k_base), ignore);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(r.error().where.ends_with("ignore-bad.yaml:1:3"));
}

TEST_CASE("allOf wrappers and nullable components compare by meaning", "[diff]") {
  // GitHub's 2022 restructuring: allOf:[simple-user] + nullable became a nullable-simple-user component.
  std::string base = replace(k_base, "children: {type: array, items: {$ref: '#/components/schemas/Node'}}",
                             "owner: {allOf: [{$ref: '#/components/schemas/User'}], nullable: true}");
  base += "    User: {type: object, properties: {login: {type: string}}}\n";
  std::string rev = replace(k_base, "children: {type: array, items: {$ref: '#/components/schemas/Node'}}",
                            "owner: {$ref: '#/components/schemas/NullableUser'}");
  rev += "    NullableUser: {type: object, nullable: true, properties: {login: {type: string}}}\n";
  CHECK(diff_texts(base, rev).changes.empty());
}

TEST_CASE("a status now covered by a range and a header name in another case are no change", "[diff]") {
  std::string base = replace(k_base, "responses: {'204': {description: done}}",
                             "parameters: [{name: X-Trace, in: header, schema: {type: string}}]\n"
                             "      responses: {'204': {description: done, headers: {X-Rate: {schema: {type: integer}}}}}");
  std::string rev = replace(k_base, "responses: {'204': {description: done}}",
                            "parameters: [{name: x-trace, in: header, schema: {type: string}}]\n"
                            "      responses: {'2XX': {description: done, headers: {x-rate: {schema: {type: integer}}}}}");
  CHECK(diff_texts(base, rev).changes.empty());
  std::string gone = replace(k_base, "responses: {'204': {description: done}}", "responses: {'4XX': {description: no}}");
  auto r = diff_texts(k_base, gone);
  REQUIRE(r.changes.size() == 2);
  CHECK(r.changes[0].id == "response-success-status-removed");
  CHECK(r.changes[1].id == "response-status-added");
}

TEST_CASE("callbacks are diffed as operations the API sends, inline or by $ref", "[diff]") {
  const std::string spec = R"(openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /subscriptions:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {callbackUrl: {type: string}}}
      responses: {'201': {description: created}}
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, required: [id, kind], properties: {id: {type: string}, kind: {type: string}}}
              responses: {'200': {description: received}}
        onClose: {$ref: '#/components/callbacks/Close'}
components:
  callbacks:
    Close:
      '{$request.body#/callbackUrl}/closed':
        post:
          responses: {'200': {description: received}}
)";
  auto base = write_engine_spec("cb-base.yaml", spec);
  CHECK(run(base, base, {}).value().changes.empty());
  // The API stops sending a required property of its callback body: receivers break (a response rule).
  auto rev = write_engine_spec("cb-rev.yaml", replace(spec, "required: [id, kind]", "required: [id]"));
  auto report = run(base, rev, {}).value();
  REQUIRE(report.changes.size() == 1);
  CHECK(report.changes[0].id == "response-property-became-optional");
  CHECK(report.changes[0].operation == "POST {$request.body#/callbackUrl} (callback onEvent of POST /subscriptions)");
  // A callback behind a $ref removed: an operation removed, located at the operation that registered it.
  auto gone = write_engine_spec("cb-gone.yaml", replace(spec, "        onClose: {$ref: '#/components/callbacks/Close'}\n", ""));
  auto removed = run(base, gone, {}).value();
  REQUIRE(removed.changes.size() == 1);
  CHECK(removed.changes[0].id == "operation-removed");
  CHECK(removed.changes[0].operation == "POST {$request.body#/callbackUrl}/closed (callback onClose of POST /subscriptions)");
  CHECK(removed.changes[0].location == "/paths/~1subscriptions/post");
}

TEST_CASE("a discriminator mapping by schema name or by reference is the same mapping", "[diff]") {
  const std::string spec = R"(openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {dog: Dog}}
    Dog: {type: object, properties: {kind: {type: string}}}
)";
  auto base = write_engine_spec("disc-name.yaml", spec);
  auto rev = write_engine_spec("disc-ref.yaml", replace(spec, "mapping: {dog: Dog}", "mapping: {dog: '#/components/schemas/Dog'}"));
  CHECK(run(base, rev, {}).value().changes.empty());
  auto moved = write_engine_spec("disc-moved.yaml", replace(spec, "mapping: {dog: Dog}", "mapping: {dog: Cat}"));
  auto report = run(base, moved, {}).value();
  REQUIRE(report.changes.size() == 1);
  CHECK(report.changes[0].id == "response-discriminator-mapping-changed");
}

TEST_CASE("readOnly and writeOnly that are not booleans are not flags, and do not end the diff", "[diff]") {
  // A fuzz finding: nlohmann's value(key, false) threw on `readOnly: "yes"` (exit 70).
  const std::string spec = R"(openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string, readOnly: "yes"}}}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: string, writeOnly: 1}}}
)";
  auto base = write_engine_spec("flags-base.yaml", spec);
  CHECK(run(base, base, {}).value().changes.empty());
  auto rev = write_engine_spec("flags-rev.yaml", replace(replace(spec, "required: [name]", "required: []"), "required: [id]", "required: []"));
  auto report = run(base, rev, {});
  REQUIRE(report.has_value());
  // Not flags, so the properties stay visible and their required-ness changes are reported.
  std::vector<std::string> ids;
  for (const auto& c : report->changes) ids.push_back(c.id);
  CHECK(ids == std::vector<std::string>{"response-property-became-optional", "request-property-became-optional"});
}
