#include <catch2/catch.hpp>

#include "core/replay/har_reader.hpp"

using namespace sonde::replay;

namespace {
Request one(const std::string& request_json) {
  auto r = parse_har_text(R"({"log": {"entries": [{"request": )" + request_json + "}]}}", "x.har", "");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 1);
  return r->requests[0];
}
}  // namespace

TEST_CASE("HAR: multipart params become exact multipart bytes with a matching boundary", "[replay][har]") {
  Request r = one(R"({"method": "POST", "url": "http://a.test/up", "headers": [],
      "postData": {"mimeType": "multipart/form-data", "params": [
        {"name": "title", "value": "hello"},
        {"name": "file", "fileName": "a.txt", "contentType": "text/plain", "value": "abc"}]}})");
  auto type = header_value(r.headers, "Content-Type");
  REQUIRE(type);
  REQUIRE(type->starts_with("multipart/form-data; boundary="));
  const std::string b = type->substr(30);
  CHECK(r.body == "--" + b + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n--" + b +
                      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: "
                      "text/plain\r\n\r\nabc\r\n--" + b + "--\r\n");
  CHECK(r.headers.size() == 1);
  // A captured boundary is kept, with the captured header
  Request kept = one(R"({"method": "POST", "url": "http://a.test/up",
      "headers": [{"name": "Content-Type", "value": "multipart/form-data; boundary=----WebKitFormBoundaryX"}],
      "postData": {"mimeType": "multipart/form-data; boundary=----WebKitFormBoundaryX",
                   "params": [{"name": "a", "value": "1"}]}})");
  CHECK(header_value(kept.headers, "Content-Type") == "multipart/form-data; boundary=----WebKitFormBoundaryX");
  CHECK(kept.body ==
        "------WebKitFormBoundaryX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n------WebKitFormBoundaryX--\r\n");
}

TEST_CASE("HAR: queryString entries missing from the URL are appended", "[replay][har]") {
  Request r = one(R"({"method": "GET", "url": "http://a.test/s?q=a%20b&x=1",
      "queryString": [{"name": "q", "value": "a b"}, {"name": "x", "value": "1"}, {"name": "page", "value": "2 3"}]})");
  CHECK(r.url == "http://a.test/s?q=a%20b&x=1&page=2%203");
  CHECK(one(R"({"method": "GET", "url": "http://a.test/s", "queryString": [{"name": "k", "value": "v"}]})").url ==
        "http://a.test/s?k=v");
}

TEST_CASE("HAR: cookies and HTTP/2 split cookie headers", "[replay][har]") {
  Request joined = one(R"({"method": "GET", "url": "http://a.test/", "headers": [
      {"name": ":method", "value": "GET"}, {"name": ":authority", "value": "a.test"},
      {"name": "cookie", "value": "a=1"}, {"name": "accept", "value": "*/*"}, {"name": "cookie", "value": "b=2"},
      {"name": "cookie", "value": "c=3"}],
      "cookies": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}, {"name": "c", "value": "3"}]})");
  REQUIRE(joined.headers.size() == 2);
  CHECK(joined.headers[0].name == "cookie");
  CHECK(joined.headers[0].value == "a=1; b=2; c=3");
  CHECK(joined.headers[1].name == "accept");
  Request added = one(R"({"method": "GET", "url": "http://a.test/", "headers": [],
      "cookies": [{"name": "sid", "value": "x"}, {"name": "t", "value": "y"}]})");
  REQUIRE(added.headers.size() == 1);
  CHECK(added.headers[0].value == "sid=x; t=y");
}

TEST_CASE("HAR: postData.text with encoding base64 is decoded; no Content-Type without a body", "[replay][har]") {
  Request r = one(R"({"method": "PUT", "url": "http://a.test/", "headers": [],
      "postData": {"mimeType": "application/octet-stream", "encoding": "base64", "text": "AAEC/w=="}})");
  CHECK(r.body == std::string("\x00\x01\x02\xff", 4));
  CHECK(header_value(r.headers, "Content-Type") == "application/octet-stream");
  Request empty = one(R"({"method": "POST", "url": "http://a.test/", "headers": [],
      "postData": {"mimeType": "application/json", "text": ""}})");
  CHECK(empty.headers.empty());
  auto bad = parse_har_text(R"({"log": {"entries": [{"request": {"method": "PUT", "url": "http://a.test/",
      "postData": {"mimeType": "x/y", "encoding": "base64", "text": "**"}}}]}})", "x.har", "");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("base64"));
}

TEST_CASE("HAR: a number out of double's range is an error, not an abort (found by fuzz_har)", "[replay][har]") {
  // nlohmann throws out_of_range (not parse_error) for 1E400; it escaped and terminated sonde.
  auto r = parse_har_text(R"({"log": {"entries": [], "x": 1E400}})", "x.har", "");
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "a number in the HAR file is out of range");
  CHECK(r.error().where == "x.har");
}
