#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/proxy/traffic_har.hpp"

using namespace sonde;

namespace {

proxy::RecordedExchange exchange_with(mock::HeaderList request_headers, std::string response_body) {
  proxy::RecordedExchange ex;
  ex.url = "http://upstream.test/v1/pets?api_key=k1";
  ex.request = {"POST", "/v1/pets?api_key=k1", std::move(request_headers), "{\"name\":\"Tom\"}"};
  ex.response.status = 201;
  ex.response.headers = {{"Content-Type", "application/json"}};
  ex.response.body = std::move(response_body);
  return ex;
}

}  // namespace

TEST_CASE("traffic HAR: credentials masked, bodies as text, JSON that reads back") {
  auto ex = exchange_with({{"Authorization", "Bearer s3cr3t"}, {"Content-Type", "application/json"}}, "{\"id\":3}");
  auto har = nlohmann::json::parse(proxy::to_har({ex}, Redactor()));
  const auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["url"] == "http://upstream.test/v1/pets?api_key=***");
  CHECK(entry["request"]["headers"][0]["value"] == "Bearer ***");
  CHECK(entry["request"]["postData"]["text"] == "{\"name\":\"Tom\"}");
  CHECK(entry["response"]["content"]["text"] == "{\"id\":3}");
  CHECK_FALSE(entry["response"]["content"].contains("encoding"));
}

// Found by fuzz/proxy_exchange_fuzz.cpp: a header value that is not UTF-8 made the HAR writer
// throw, which ended `check --proxy --report-har` without its reports.
TEST_CASE("traffic HAR: bytes that are not UTF-8 in headers become U+FFFD; in bodies, base64") {
  auto ex = exchange_with({{"X-Name", "caf\xe9"}}, std::string("\x89PNG\r\n", 6));
  std::string text;
  REQUIRE_NOTHROW(text = proxy::to_har({ex}, Redactor()));
  auto har = nlohmann::json::parse(text);
  const auto& entry = har["log"]["entries"][0];
  CHECK(entry["request"]["headers"][0]["value"] == "caf\xef\xbf\xbd");
  CHECK(entry["response"]["content"]["encoding"] == "base64");
  CHECK(entry["response"]["content"]["text"] == "iVBORw0K");
}
