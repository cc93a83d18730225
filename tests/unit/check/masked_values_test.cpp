// check --har on traffic recorded with its credentials masked ("***", as sonde's --report-har
// writes them): violations about masked values are set aside and counted, every other one stays.
#include <catch2/catch.hpp>

#include "core/check/har_check.hpp"
#include "core/check/har_reader.hpp"
#include "core/check/masked_values.hpp"
#include "tests/unit/scratch_file.hpp"

using namespace sonde::check;

namespace {

const char* k_login_spec = R"(openapi: 3.0.3
info: {title: login, version: "1"}
paths:
  /login:
    post:
      parameters:
        - {name: api_key, in: query, required: true, schema: {type: string, pattern: "^k-[0-9]{6}$"}}
        - {name: X-Api-Token, in: header, required: true, schema: {type: string, minLength: 20}}
        - {name: session, in: cookie, required: true, schema: {type: string, minLength: 10}}
        - {name: page, in: query, schema: {type: string, minLength: 5}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                user: {type: string, minLength: 5}
                password: {type: string, minLength: 8}
      responses:
        "200":
          description: signed in
          headers:
            X-Session-Token: {schema: {type: string, pattern: "^s-"}}
          content:
            application/json:
              schema:
                type: object
                properties:
                  access_token: {type: string, pattern: "^ey"}
                  name: {type: string, minLength: 5}
)";

// One exchange: every credential masked, and two values that are no credentials but were set to
// "***" by the service itself (a `page` query parameter, a `user`, a `name`): those still fail.
const char* k_masked_har = R"({"log":{"entries":[{
  "request":{"method":"POST","url":"http://api.test/login?api_key=***&page=***",
    "headers":[{"name":"X-Api-Token","value":"***"},{"name":"Cookie","value":"***"},
               {"name":"Content-Type","value":"application/json"}],
    "postData":{"mimeType":"application/json","text":"{\"user\":\"***\",\"password\":\"***\"}"}},
  "response":{"status":200,
    "headers":[{"name":"Content-Type","value":"application/json"},{"name":"X-Session-Token","value":"***"}],
    "content":{"mimeType":"application/json","text":"{\"access_token\":\"***\",\"name\":\"***\"}"}}}]}})";

std::vector<std::string> places(const ExchangeResult& r) {
  std::vector<std::string> out;
  for (const auto& v : r.violations) out.push_back(v.kind + " " + v.pointer);
  return out;
}

}  // namespace

TEST_CASE("masked credentials in a HAR are set aside, other values are still checked", "[check][masked_values]") {
  auto doc = sonde::openapi::load(sonde::testing::write_scratch_file("masked", "login.yaml", k_login_spec));
  REQUIRE(doc.has_value());
  auto checker = ContractChecker::create(*doc);
  REQUIRE(checker.has_value());
  auto requests = RequestContract::create(*doc, (*checker)->index());
  REQUIRE(requests.has_value());
  auto exchanges = parse_har(k_masked_har, "masked.har");
  REQUIRE(exchanges.has_value());

  SECTION("under the redaction policy") {
    auto run = check_exchanges(*exchanges, **checker, requests->get(), TrafficDirection::both);
    REQUIRE(run.has_value());
    REQUIRE(run->results.size() == 1);
    const auto& r = run->results[0];
    // api_key, X-Api-Token, the session cookie, password, X-Session-Token, access_token: six.
    CHECK(r.masked == 6);
    CHECK(places(r) == std::vector<std::string>{"request-parameter /query/page", "request-body /body/user", "body /name"});
  }
  SECTION("--show-secrets changes what sonde prints, not what the file holds: still set aside") {
    auto run = check_exchanges(*exchanges, **checker, requests->get(), TrafficDirection::both,
                               sonde::Redactor::showing_all());
    REQUIRE(run.has_value());
    CHECK(run->results[0].masked == 6);
    CHECK(run->results[0].violations.size() == 3);
  }
  SECTION("responses only: the request's masks play no part") {
    auto run = check_exchanges(*exchanges, **checker, nullptr, TrafficDirection::response);
    REQUIRE(run.has_value());
    CHECK(run->results[0].masked == 2);
    CHECK(places(run->results[0]) == std::vector<std::string>{"body /name"});
  }
}

TEST_CASE("masked spots: scheme-keeping headers, forms, nested JSON members", "[check][masked_values]") {
  HttpExchange ex;
  ex.url = "/x?key=***&q=***";
  ex.request_headers = {{"authorization", "Bearer ***"}, {"X-Note", "***"}, {"Proxy-Authorization", "Basic abc"},
                        {"Content-Type", "application/x-www-form-urlencoded"}};
  ex.request_body = "client_secret=***&grant=***";
  ex.headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "***"}};
  ex.body = R"({"credentials":{"list":["***","x"]},"token_count":"***","data":{"api_key":"***"}})";
  auto spots = masked_spots(ex, sonde::Redactor());
  CHECK(spots.request == std::vector<std::string>{"/header/authorization", "/query/key", "/body/client_secret"});
  CHECK(spots.response_headers == std::vector<std::string>{"set-cookie"});
  // token_count is a count, not a credential (Redactor's not-a-secret list).
  CHECK(spots.response_body == std::vector<std::string>{"/credentials/list/0", "/data/api_key"});

  CHECK(masks_request(spots, request_kind::parameter, "/header/Authorization"));
  CHECK(masks_request(spots, request_kind::body, "/body/client_secret"));
  CHECK_FALSE(masks_request(spots, request_kind::body, "/body/client_secret_2"));
  CHECK_FALSE(masks_request(spots, request_kind::body, "/body/grant"));
  // A refused or missing credential is found from what is present; masking kept it present.
  CHECK_FALSE(masks_request(spots, request_kind::security, "/header/Authorization"));
  CHECK(masks_response(spots, {kind::body, "/data/api_key", "", "", "pattern", "", "", ""}));
  CHECK_FALSE(masks_response(spots, {kind::body, "/data", "", "", "required", "", "", ""}));
  CHECK(masks_response(spots, {kind::header, "", "", "", "pattern", "header Set-Cookie: expected ...", "", ""}));
  CHECK_FALSE(masks_response(spots, {kind::header, "", "", "", "required", "required header Set-Cookie is missing", "", ""}));
}

TEST_CASE("masked spots only where the redaction masks", "[check][masked_values]") {
  HttpExchange ex;
  ex.url = "/x";
  ex.request_headers = {{"Cookie", "***"}, {"X-Api-Token", "Token ***"},
                        {"Content-Type", "multipart/form-data; boundary=B"}};
  ex.request_body = "--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n"
                    "{\"password\":\"***\",\"note\":\"***\"}\r\n"
                    "--B\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n***\r\n--B--\r\n";
  ex.headers = {{"Content-Type", "text/json"}};
  ex.body = R"({"api_key":"***"})";
  auto spots = masked_spots(ex, sonde::Redactor());
  // "Token ***" is no masked value (only Authorization keeps a scheme); a JSON part is masked inside.
  CHECK(spots.request == std::vector<std::string>{"/cookie", "/body/meta/password", "/body/token"});
  // text/json is not a type the redaction reads: its "***" was really sent.
  CHECK(spots.response_body.empty());
  // Behind a masked Cookie header, which cookies were sent is unknown.
  CHECK(masks_request(spots, request_kind::missing, "/cookie/session"));
  CHECK(masks_request(spots, request_kind::security, "/cookie/sid"));
  CHECK_FALSE(masks_request(spots, request_kind::missing, "/query/session"));

  HttpExchange untyped;
  untyped.headers = {{"X-Other", "1"}};
  untyped.body = R"({"token":"***"})";  // no Content-Type: the redaction left it as it was
  CHECK(masked_spots(untyped, sonde::Redactor()).response_body.empty());
}

TEST_CASE("a masked body nested past the depth limit is read without recursing into it", "[check][masked_values]") {
  HttpExchange ex;
  ex.headers = {{"Content-Type", "application/json"}};
  const std::size_t depth = 200000;
  ex.body = R"({"token":)" + std::string(depth, '[') + R"("***")" + std::string(depth, ']') + "}";
  CHECK(masked_spots(ex, sonde::Redactor()).response_body.empty());
  ex.body = R"({"token":[["***"]]})";
  CHECK(masked_spots(ex, sonde::Redactor()).response_body == std::vector<std::string>{"/token/0/0"});
}
