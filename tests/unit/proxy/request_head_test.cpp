#include <catch2/catch.hpp>

#include <string>

#include "core/proxy/request_head.hpp"

using sonde::mock::HeaderList;
using sonde::proxy::BodyFraming;
using sonde::proxy::HeadStatus;
using sonde::proxy::parse_request_head;
using sonde::proxy::RequestHead;

namespace {

constexpr std::size_t k_max = 64 * 1024;

sonde::proxy::HeadParse parse(std::string_view bytes, RequestHead& head) { return parse_request_head(bytes, k_max, head); }

}  // namespace

TEST_CASE("request head: line, headers as sent, and where the head ends") {
  const std::string bytes = "GET /v1/pets?limit=2 HTTP/1.1\r\nHost: api.test\r\nX-Trace:  a b \r\n\r\nNEXT";
  RequestHead head;
  auto parsed = parse(bytes, head);
  REQUIRE(parsed.status == HeadStatus::complete);
  CHECK(parsed.size == bytes.size() - 4);
  CHECK(head.method == "GET");
  CHECK(head.target == "/v1/pets?limit=2");
  CHECK(head.minor_version == 1);
  CHECK(head.headers == HeaderList{{"Host", "api.test"}, {"X-Trace", "a b"}});
  CHECK(head.framing == BodyFraming::none);
  CHECK(head.keep_alive);
}

TEST_CASE("request head: incomplete until the blank line, in any split") {
  const std::string bytes = "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\n";
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    RequestHead head;
    CHECK(parse(bytes.substr(0, cut), head).status == HeadStatus::incomplete);
  }
  RequestHead head;
  REQUIRE(parse(bytes, head).status == HeadStatus::complete);
  CHECK(head.framing == BodyFraming::length);
  CHECK(head.content_length == 3);
}

TEST_CASE("request head: bare LF line ends and leading blank lines are read") {
  RequestHead head;
  auto parsed = parse("\r\n\nGET / HTTP/1.0\nConnection: keep-alive\n\n", head);
  REQUIRE(parsed.status == HeadStatus::complete);
  CHECK(head.minor_version == 0);
  CHECK(head.keep_alive);
  RequestHead plain10;
  REQUIRE(parse("GET / HTTP/1.0\r\n\r\n", plain10).status == HeadStatus::complete);
  CHECK_FALSE(plain10.keep_alive);
}

TEST_CASE("request head: framing that two parsers could read two ways is refused") {
  auto status_of = [](std::string_view bytes) {
    RequestHead head;
    return parse(bytes, head).status;
  };
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 4, 5\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: +4\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nX-A : 1\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nX-A: 1\r2\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nX-A: a\x01\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == HeadStatus::unsupported_coding);
  CHECK(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n") == HeadStatus::unsupported_coding);
  // The same length said twice is one length.
  RequestHead twice;
  REQUIRE(parse("POST / HTTP/1.1\r\nContent-Length: 4\r\ncontent-length: 4\r\n\r\n", twice).status == HeadStatus::complete);
  CHECK(twice.content_length == 4);
  RequestHead chunked;
  REQUIRE(parse("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", chunked).status == HeadStatus::complete);
  CHECK(chunked.framing == BodyFraming::chunked);
}

TEST_CASE("request head: the request line must be METHOD TARGET HTTP/1.x") {
  auto status_of = [](std::string_view bytes) {
    RequestHead head;
    return parse(bytes, head).status;
  };
  CHECK(status_of("GET  / HTTP/1.1\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("GET /a b HTTP/1.1\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("GET / HTTP/2.0\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("G(T / HTTP/1.1\r\n\r\n") == HeadStatus::malformed);
  CHECK(status_of("GET /\r\n\r\n") == HeadStatus::malformed);
  RequestHead custom;
  REQUIRE(parse("PROPFIND /dav HTTP/1.1\r\n\r\n", custom).status == HeadStatus::complete);
  CHECK(custom.method == "PROPFIND");
}

TEST_CASE("request head: the size limit counts the whole head, complete or not") {
  RequestHead head;
  const std::string big = "GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'a') + "\r\n\r\n";
  CHECK(parse_request_head(big, 64, head).status == HeadStatus::too_large);
  CHECK(parse_request_head(big.substr(0, 80), 64, head).status == HeadStatus::too_large);
  CHECK(parse_request_head(big, big.size(), head).status == HeadStatus::complete);
}

TEST_CASE("request head: Connection and Expect") {
  RequestHead head;
  REQUIRE(parse("PUT /x HTTP/1.1\r\nConnection: TE, close\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n", head).status ==
          HeadStatus::complete);
  CHECK_FALSE(head.keep_alive);
  CHECK(head.expects_continue);
}
