#include <catch2/catch.hpp>

#include "core/check/har_reader.hpp"
#include "core/check/multipart.hpp"

using namespace sonde::check;

TEST_CASE("HAR entries become exchanges in file order", "[check][har]") {
  auto exchanges = parse_har(R"({"log":{"version":"1.2","entries":[
    {"request":{"method":"GET","url":"http://h/v1/pets"},"response":{"status":200,
      "headers":[{"name":"Content-Type","value":"application/json"}],"content":{"mimeType":"application/json","text":"[]"}}},
    {"request":{"method":"POST","url":"http://h/v1/pets"},"response":{"status":201,"headers":[],
      "content":{"mimeType":"application/json","text":"e30=","encoding":"base64"}}}]}})", "t.har");
  REQUIRE(exchanges.has_value());
  REQUIRE(exchanges->size() == 2);
  CHECK((*exchanges)[0].method == "GET");
  CHECK((*exchanges)[0].body == "[]");
  CHECK((*exchanges)[1].status == 201);
  CHECK((*exchanges)[1].body == "{}");  // base64 decoded
  // The header was missing: the content's mimeType stands in.
  REQUIRE((*exchanges)[1].headers.size() == 1);
  CHECK((*exchanges)[1].headers[0].second == "application/json");
}

TEST_CASE("malformed HAR files are invalid input naming the entry", "[check][har]") {
  auto not_json = parse_har("{\n  \"log\": x", "x.har");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(not_json.error().where == "x.har:2:10");
  auto no_entries = parse_har(R"({"log":{}})", "x.har");
  REQUIRE_FALSE(no_entries);
  auto bad_entry = parse_har(R"({"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{}}]}})", "x.har");
  REQUIRE_FALSE(bad_entry);
  CHECK(bad_entry.error().where == "x.har: entry 1 (log.entries[0])");
  CHECK(bad_entry.error().message == "invalid HAR: response.status is missing");
}

TEST_CASE("a HAR exported without content has an unknown body, not an empty one", "[check][har]") {
  auto exchanges = parse_har(R"({"log":{"entries":[
    {"request":{"method":"GET","url":"/"},"response":{"status":200,"content":{"size":120,"mimeType":"application/json"}}},
    {"request":{"method":"GET","url":"/"},"response":{"status":204,"content":{"size":0,"mimeType":""}}}]}})", "t.har");
  REQUIRE(exchanges.has_value());
  CHECK_FALSE((*exchanges)[0].body_recorded);
  CHECK((*exchanges)[1].body_recorded);
}

TEST_CASE("HAR request bodies kept only as params: a form, or a multipart upload rebuilt", "[check][har]") {
  auto exchanges = parse_har(R"({"log":{"entries":[
    {"request":{"method":"POST","url":"/login","postData":{"mimeType":"application/x-www-form-urlencoded",
      "params":[{"name":"user","value":"ada l"}]}},"response":{"status":204}},
    {"request":{"method":"POST","url":"/up","headers":[{"name":"Content-Type","value":"multipart/form-data; boundary=----x"}],
      "postData":{"mimeType":"multipart/form-data","params":[{"name":"title","value":"t"},
      {"name":"file","fileName":"a.png","contentType":"image/png"}]}},"response":{"status":201}}]}})", "t.har");
  REQUIRE(exchanges.has_value());
  CHECK((*exchanges)[0].request_body == "user=ada+l");
  const auto& upload = (*exchanges)[1];
  REQUIRE(upload.request_headers.size() == 1);
  CHECK(upload.request_headers[0].second == "multipart/form-data; boundary=sonde-har-params");
  auto parts = parse_multipart(upload.request_headers[0].second, upload.request_body);
  REQUIRE(parts.has_value());
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].body == "t");
  CHECK((*parts)[1].filename == "a.png");
  CHECK((*parts)[1].content_type == "image/png");
}
