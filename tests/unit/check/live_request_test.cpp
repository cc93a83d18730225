// Live requests are built from examples first, then from generated minimal values.
#include <catch2/catch.hpp>

#include "core/check/live_request.hpp"
#include "core/openapi/instance_generator.hpp"
#include "core/openapi/document.hpp"

using namespace sonde::check;

namespace {

const sonde::openapi::Document& live_petstore() {
  static auto doc = sonde::openapi::load(std::string(SONDE_SOURCE_DIR) + "/specs/petstore-check.yaml");
  REQUIRE(doc.has_value());
  return *doc;
}

LiveRequest request_for(const std::string& id) {
  auto index = OperationIndex::build(live_petstore());
  REQUIRE(index.has_value());
  const Operation* op = index->find(id);
  REQUIRE(op != nullptr);
  auto req = build_live_request(live_petstore(), *op, "http://127.0.0.1:8080/v1/");
  REQUIRE(req.has_value());
  return *req;
}

}  // namespace

TEST_CASE("path and required query parameters come from examples", "[check][live]") {
  CHECK(request_for("getPet").url == "http://127.0.0.1:8080/v1/pets/1");
  CHECK(request_for("listPets").url == "http://127.0.0.1:8080/v1/pets?limit=10");
  CHECK(request_for("getOrder").url == "http://127.0.0.1:8080/v1/orders/A-1");
}

TEST_CASE("parameters without examples get generated values that satisfy their format", "[check][live]") {
  CHECK(request_for("getOwner").url == "http://127.0.0.1:8080/v1/owners/3fa85f64-5717-4562-b3fc-2c963f66afa6");
}

TEST_CASE("request bodies use the media type example", "[check][live]") {
  auto req = request_for("createPet");
  CHECK(req.method == "POST");
  CHECK(nlohmann::json::parse(req.body) == nlohmann::json::parse(R"({"name":"Tom","petType":"cat","claws":10})"));
  CHECK(std::find(req.headers.begin(), req.headers.end(), "Content-Type: application/json") != req.headers.end());
}

TEST_CASE("generated values respect bounds, lengths, enums and required properties", "[check][live]") {
  auto root = live_petstore().root_node();
  auto schemas = sonde::openapi::Document::child(sonde::openapi::Document::child(root, "components"), "schemas");
  // check's live requests use the shared generator in its minimal, request-direction mode.
  auto generate_value = [](const sonde::openapi::Document& doc, const sonde::openapi::Node& schema) {
    return sonde::openapi::InstanceGenerator(doc, {.include_optional = false, .for_response = false}).generate(schema);
  };
  auto money = generate_value(live_petstore(), sonde::openapi::Document::child(schemas, "Money"));
  CHECK(money.contains("amount"));
  CHECK(money.contains("currency"));
  auto owner = generate_value(live_petstore(), sonde::openapi::Document::child(schemas, "Owner"));
  CHECK(owner["email"] == "user@example.com");
  CHECK(owner["since"] == "2024-01-15T09:30:00Z");
  CHECK_FALSE(owner.contains("nickname"));  // not required
}

TEST_CASE("a live request prints as an equivalent curl command", "[check][live]") {
  LiveRequest r{"POST", "http://h/v1/pets?q=it's", {"Content-Type: application/json"}, R"({"name":"O'Neil"})", 5};
  CHECK(to_curl(r) == R"(curl -X POST -H 'Content-Type: application/json' --data-raw '{"name":"O'\''Neil"}' --max-time 5 'http://h/v1/pets?q=it'\''s')");
}
