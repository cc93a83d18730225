#include <arpa/inet.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>

#include "core/proxy/plain_request.hpp"

using sonde::mock::MockRequest;
using sonde::proxy::plain_request_head;
using sonde::proxy::plain_route_of;
using sonde::proxy::PlainEndpoint;
using sonde::proxy::upload_framing;
using sonde::proxy::UploadFraming;

namespace {

std::string endpoint_text(const PlainEndpoint& endpoint) {
  char text[INET6_ADDRSTRLEN] = {};
  if (endpoint.address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&endpoint.address);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&endpoint.address);
  ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
  return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
}

}  // namespace

TEST_CASE("plain route: http to an address, its Host and target as the URL wrote them") {
  auto route = plain_route_of("http://127.0.0.1:8080/v1/pets?limit=2");
  REQUIRE(route);
  REQUIRE(route->endpoints.size() == 1);
  CHECK(endpoint_text(route->endpoints[0]) == "127.0.0.1:8080");
  CHECK(route->authority == "127.0.0.1:8080");
  CHECK(route->target == "/v1/pets?limit=2");

  auto bare = plain_route_of("HTTP://10.0.0.1");
  REQUIRE(bare);
  CHECK(endpoint_text(bare->endpoints[0]) == "10.0.0.1:80");
  CHECK(bare->target == "/");

  // Host as libcurl writes it: no default port, the port as a number.
  CHECK(plain_route_of("http://127.0.0.1:80/")->authority == "127.0.0.1");
  CHECK(plain_route_of("http://127.0.0.1:08080/")->authority == "127.0.0.1:8080");
  CHECK(plain_route_of("http://127.0.0.1:/")->authority == "127.0.0.1");

  auto v6 = plain_route_of("http://[::1]:9000?q#fragment");
  REQUIRE(v6);
  CHECK(endpoint_text(v6->endpoints[0]) == "[::1]:9000");
  CHECK(v6->authority == "[::1]:9000");
  CHECK(v6->target == "/?q");
}

TEST_CASE("plain route: localhost is the loopback, IPv4 then IPv6, never asked of DNS") {
  auto route = plain_route_of("http://LocalHost:3000/x");
  REQUIRE(route);
  REQUIRE(route->endpoints.size() == 2);
  CHECK(endpoint_text(route->endpoints[0]) == "127.0.0.1:3000");
  CHECK(endpoint_text(route->endpoints[1]) == "[::1]:3000");
  CHECK(route->authority == "LocalHost:3000");
}

TEST_CASE("plain route: what libcurl keeps") {
  CHECK_FALSE(plain_route_of("https://127.0.0.1/"));                 // TLS
  CHECK_FALSE(plain_route_of("http://api.example.test/v1"));         // a name to resolve
  CHECK_FALSE(plain_route_of("http://user:secret@127.0.0.1/"));      // credentials: Basic auth
  CHECK_FALSE(plain_route_of("http://[fe80::1%25eth0]:80/"));        // a zone
  CHECK_FALSE(plain_route_of("http://127.0.0.1:0/"));                // no such port
  CHECK_FALSE(plain_route_of("http://127.0.0.1:65536/"));
  CHECK_FALSE(plain_route_of("http://127.0.0.1:8o/"));
  CHECK_FALSE(plain_route_of("http://[::1/"));
  CHECK_FALSE(plain_route_of("http:///path"));
  CHECK_FALSE(plain_route_of("http://256.0.0.1/"));
}

TEST_CASE("plain request: framing as libcurl chose it") {
  MockRequest get{"GET", "/", {}, {}, {}};
  CHECK(upload_framing(get, false, 0) == UploadFraming::none);
  MockRequest post{"POST", "/", {}, {}, {}};
  CHECK(upload_framing(post, false, 0) == UploadFraming::length);  // Content-Length: 0
  MockRequest del{"DELETE", "/", {}, "{}", {}};
  CHECK(upload_framing(del, false, 2) == UploadFraming::length);
  MockRequest head{"HEAD", "/", {}, {}, {}};
  CHECK(upload_framing(head, true, std::nullopt) == UploadFraming::none);
  CHECK(upload_framing(post, true, 10) == UploadFraming::length);
  CHECK(upload_framing(post, true, std::nullopt) == UploadFraming::chunked);
}

TEST_CASE("plain request: the head keeps the client's fields, drops the hop's, frames its own") {
  auto route = plain_route_of("http://127.0.0.1:8080/base/v1/pets");
  REQUIRE(route);
  MockRequest request{"POST",
                      "/v1/pets",
                      {{"Host", "proxy.test"},
                       {"Content-Type", "application/json"},
                       {"Connection", "keep-alive"},
                       {"Content-Length", "2"},
                       {"Expect", "100-continue"},
                       {"X-Empty", ""},
                       {"Transfer-Encoding", "chunked"},
                       {"Cookie", "a=1"},
                       {"Cookie", "b=2"}},
                      "{}",
                      {}};
  CHECK(plain_request_head(request, *route, UploadFraming::length, 2) ==
        "POST /base/v1/pets HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/json\r\nX-Empty:\r\n"
        "Cookie: a=1\r\nCookie: b=2\r\nContent-Length: 2\r\n\r\n");
  CHECK(plain_request_head(request, *route, UploadFraming::chunked, 0).ends_with(
      "Cookie: b=2\r\nTransfer-Encoding: chunked\r\n\r\n"));
  CHECK(plain_request_head(request, *route, UploadFraming::none, 0).ends_with("Cookie: b=2\r\n\r\n"));
}
