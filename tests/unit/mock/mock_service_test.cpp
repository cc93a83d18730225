#include <algorithm>
#include <catch2/catch.hpp>

#include "core/mock/mock_service.hpp"

using namespace sonde::mock;
using nlohmann::json;

namespace {

const char* k_fixture = SONDE_SOURCE_DIR "/tests/unit/mock/fixtures/mock-api.yaml";

std::unique_ptr<MockService> make_service(MockOptions options = {}) {
  auto doc = sonde::openapi::load(k_fixture);
  REQUIRE(doc);
  if (!options.clock) options.clock = std::make_shared<sonde::FakeClock>();
  if (!options.seed) options.seed = 7;
  auto service = MockService::create(std::move(*doc), std::move(options));
  REQUIRE(service);
  return std::move(*service);
}

MockRequest request(std::string method, std::string target, HeaderList headers = {}, std::string body = {}) {
  return {std::move(method), std::move(target), std::move(headers), std::move(body)};
}

const std::string k_order = R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":5,"status":"pending"})";
const HeaderList k_authorised_json{{"Authorization", "Bearer t"}, {"Content-Type", "application/json"}};

}  // namespace

TEST_CASE("mock: documented operations answer with generated or example bodies", "[mock][service]") {
  auto service = make_service();
  auto list = service->handle(request("GET", "/orders?limit=2"));
  CHECK(list.status == 200);
  CHECK(list.operation == "GET /orders");
  auto body = json::parse(list.body);
  REQUIRE(body.is_array());
  CHECK(body.at(0).at("status") == "pending");
  CHECK(body.at(0).at("total") == 1);

  auto created = service->handle(request("POST", "/orders", k_authorised_json, k_order));
  CHECK(created.status == 201);
  CHECK(json::parse(created.body).at("total") == 5);  // the first example
  CHECK(header_value(created.headers, "Location") == "/orders/1");
  CHECK(created.delay == std::chrono::milliseconds(5));  // x-sonde-mock latency
}

TEST_CASE("mock: Prefer chooses the status and the example", "[mock][service]") {
  auto service = make_service();
  auto missing = service->handle(request("GET", "/orders/9", {{"Prefer", "code=404"}}));
  CHECK(missing.status == 404);
  HeaderList large = k_authorised_json;
  large.emplace_back("Prefer", "example=large");
  CHECK(json::parse(service->handle(request("POST", "/orders", large, k_order)).body).at("total") == 500);
  auto undocumented = service->handle(request("GET", "/orders/9", {{"Prefer", "code=418"}}));
  CHECK(undocumented.status == 404);
  CHECK(undocumented.body.find("documents no response 418") != std::string::npos);
}

TEST_CASE("mock: 404, 405 with Allow, 401, 400 and 415", "[mock][service]") {
  auto service = make_service();
  CHECK(service->handle(request("GET", "/customers")).status == 404);
  CHECK(service->handle(request("GET", "/v1/orders/3")).status == 200);  // the servers' base path
  CHECK(service->handle(request("GET", "/v1")).status == 404);
  auto not_allowed = service->handle(request("DELETE", "/orders"));
  CHECK(not_allowed.status == 405);
  CHECK(header_value(not_allowed.headers, "Allow") == "GET, HEAD, POST");
  auto anonymous = service->handle(request("POST", "/orders", {{"Content-Type", "application/json"}}, k_order));
  CHECK(anonymous.status == 401);
  CHECK(header_value(anonymous.headers, "WWW-Authenticate") == "Bearer realm=\"sonde mock\"");
  auto with_key = service->handle(request("POST", "/orders", {{"X-API-Key", "k"}, {"Content-Type", "application/json"}}, k_order));
  CHECK(with_key.status == 201);
  auto no_limit = service->handle(request("GET", "/orders"));
  CHECK(no_limit.status == 400);
  CHECK(json::parse(no_limit.body).at("errors").at(0).at("pointer") == "/query/limit");
  CHECK(header_value(no_limit.headers, "Content-Type") == "application/problem+json");
  auto text = service->handle(request("POST", "/orders", {{"Authorization", "Bearer t"}, {"Content-Type", "text/plain"}}, "x"));
  CHECK(text.status == 415);
  auto broken_json = service->handle(request("POST", "/orders", k_authorised_json, "{"));
  CHECK(broken_json.status == 400);
}

TEST_CASE("mock: idempotency keys replay, refuse a changed body, and can be turned off", "[mock][service]") {
  auto service = make_service();
  HeaderList keyed = k_authorised_json;
  keyed.emplace_back("Idempotency-Key", "k-1");
  auto first = service->handle(request("POST", "/orders", keyed, k_order));
  auto again = service->handle(request("POST", "/orders", keyed, k_order));
  CHECK(first.status == 201);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(header_value(again.headers, "Idempotent-Replayed") == "true");
  CHECK(service->created() == 1);  // the replay did not act again
  auto changed = service->handle(
      request("POST", "/orders", keyed, R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":9,"status":"paid"})"));
  CHECK(changed.status == 422);
  CHECK(changed.body.find("different request body") != std::string::npos);

  MockOptions off;
  off.idempotency = IdempotencyMode::off;
  auto no_store = make_service(off);
  auto made = no_store->handle(request("POST", "/orders", keyed, k_order));
  auto made_again = no_store->handle(request("POST", "/orders", keyed, k_order));
  CHECK_FALSE(header_value(made_again.headers, "Idempotent-Replayed"));
  CHECK(header_value(made.headers, "Location") == "/orders/1");
  CHECK(header_value(made_again.headers, "Location") == "/orders/2");  // a second resource
  CHECK(no_store->created() == 2);
  auto count = no_store->handle(request("GET", "/__sonde/created"));
  CHECK(json::parse(count.body) == json::parse(R"({"created": 2})"));
}

TEST_CASE("mock: injected failures, rate limits and --fault overrides", "[mock][service]") {
  MockOptions failing;
  failing.faults.fail = {1.0, 503};
  auto unavailable = make_service(failing)->handle(request("GET", "/orders/1"));
  CHECK(unavailable.status == 503);
  CHECK(header_value(unavailable.headers, "Retry-After") == "1");

  MockOptions limited;
  limited.faults.rate_limit.per_second = 1;
  auto service = make_service(limited);
  CHECK(service->handle(request("GET", "/orders/1")).status == 200);
  auto throttled = service->handle(request("GET", "/orders/1"));
  CHECK(throttled.status == 429);
  CHECK(header_value(throttled.headers, "Retry-After") == "1");
  CHECK(throttled.fault == "rate-limit");

  auto override_plan = parse_fault_override("getOrder=fail-rate=1:502,latency=10ms");
  REQUIRE(override_plan);
  MockOptions per_op;
  per_op.fault_overrides.insert(*override_plan);
  auto targeted = make_service(per_op);
  auto failed = targeted->handle(request("GET", "/orders/1"));
  CHECK(failed.status == 502);
  CHECK(failed.fault == "fail 502, latency 10ms");
  CHECK(targeted->handle(request("GET", "/orders?limit=1")).status == 200);

  CHECK_FALSE(parse_fault_override("getOrder"));
  CHECK_FALSE(parse_fault_override("getOrder=speed=fast"));
  MockOptions unknown;
  unknown.fault_overrides.insert(*parse_fault_override("nope=latency=1ms"));
  auto doc = sonde::openapi::load(k_fixture);
  REQUIRE(doc);
  auto refused = MockService::create(std::move(*doc), unknown);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == sonde::ErrorKind::usage);
}

TEST_CASE("mock: parameter and body values are validated against their schemas", "[mock][service]") {
  auto service = make_service();
  auto bad_limit = service->handle(request("GET", "/orders?limit=many"));
  CHECK(bad_limit.status == 400);
  CHECK(json::parse(bad_limit.body).at("errors").at(0).at("pointer") == "/query/limit");
  CHECK(service->handle(request("GET", "/orders?limit=3")).status == 200);

  auto bad_body = service->handle(request("POST", "/orders", k_authorised_json,
                                          R"({"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","total":0,"status":"lost"})"));
  REQUIRE(bad_body.status == 422);
  auto errors = json::parse(bad_body.body).at("errors");
  std::vector<std::string> pointers;
  for (const auto& e : errors) pointers.push_back(e.at("pointer"));
  std::sort(pointers.begin(), pointers.end());
  CHECK(pointers == std::vector<std::string>{"/body/status", "/body/total"});
}

TEST_CASE("mock: multipart bodies are validated part by part, with the encoding object", "[mock][service]") {
  auto service = make_service();
  const HeaderList multipart{{"Content-Type", "multipart/form-data; boundary=b0"}};
  auto body = [](const std::string& caption, const std::string& file_type) {
    return "--b0\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption +
           "\r\n--b0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\nContent-Type: " + file_type +
           "\r\n\r\n%PDF-1.7\r\n--b0--\r\n";
  };
  CHECK(service->handle(request("POST", "/orders/1/attachments", multipart, body("receipt", "application/pdf"))).status ==
        201);
  auto long_caption = service->handle(request("POST", "/orders/1/attachments", multipart,
                                              body("a caption far over twenty characters", "application/pdf")));
  CHECK(long_caption.status == 422);
  CHECK(json::parse(long_caption.body).at("errors").at(0).at("pointer") == "/body/caption");
  auto wrong_type = service->handle(request("POST", "/orders/1/attachments", multipart, body("receipt", "image/png")));
  CHECK(wrong_type.status == 415);
  CHECK(json::parse(wrong_type.body).at("errors").at(0).at("pointer") == "/body/file");
  auto truncated = service->handle(request("POST", "/orders/1/attachments", multipart, "--b0\r\nContent-Disposition: form-data"));
  CHECK(truncated.status == 400);
}

TEST_CASE("mock: parameter values are read by their style and explode", "[mock][service]") {
  CHECK(*parameter_json({"5"}, "integer", "", "form", true) == "5");
  CHECK(*parameter_json({"five"}, "integer", "", "form", true) == "\"five\"");
  CHECK(*parameter_json({"abc"}, "string", "", "form", true) == "\"abc\"");
  CHECK(*parameter_json({"1,2"}, "array", "integer", "form", false) == "[1,2]");
  CHECK(*parameter_json({"1", "2"}, "array", "integer", "form", true) == "[1,2]");
  CHECK(*parameter_json({"a|b"}, "array", "string", "pipeDelimited", false) == "[\"a\",\"b\"]");
  CHECK_FALSE(parameter_json({}, "integer", "", "form", true));
  CHECK_FALSE(parameter_json({"a,b"}, "object", "", "form", false));
}

TEST_CASE("mock: the response example a request's content names", "[mock][service][examples]") {
  auto doc = sonde::openapi::load(SONDE_SOURCE_DIR "/tests/unit/mock/fixtures/examples-api.yaml");
  REQUIRE(doc);
  MockOptions options;
  options.clock = std::make_shared<sonde::FakeClock>();
  auto service = MockService::create(std::move(*doc), std::move(options));
  REQUIRE(service);
  auto says = [&](MockRequest r) { return json::parse((*service)->handle(r).body).value("says", ""); };
  CHECK(says(request("GET", "/pets/c1")) == "meow");  // the path parameter's example "cat"
  CHECK(says(request("GET", "/pets/d1")) == "woof");
  CHECK(says(request("GET", "/pets/zz")) == "woof");  // no match: the first example, as before
  CHECK(says(request("GET", "/pets/d1", {{"Prefer", "example=cat"}})) == "meow");  // Prefer wins
  auto vet = json::parse((*service)->handle(request("GET", "/pets/zz?verbose=true")).body);
  CHECK(vet.value("vet", "") == "Dr. Ada");  // a query parameter's example
  const HeaderList json_body{{"Content-Type", "application/json"}};
  auto created = json::parse((*service)->handle(request("POST", "/pets", json_body, R"({"kind":"cat"})")).body);
  CHECK(created.at("id") == 1);  // the request body example "cat" answered by the response's "cat"
  created = json::parse((*service)->handle(request("POST", "/pets", json_body, R"({ "kind": "dog" })")).body);
  CHECK(created.at("id") == 2);
}
