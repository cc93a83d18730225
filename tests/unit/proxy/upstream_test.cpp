#include <catch2/catch.hpp>

#include "core/proxy/upstream.hpp"
#include "core/proxy/upstream_transfer.hpp"

using sonde::mock::HeaderList;
using sonde::proxy::take_header_line;

namespace {

HeaderList read_head(std::initializer_list<std::string_view> lines) {
  HeaderList headers;
  for (auto line : lines) take_header_line(line, headers);
  return headers;
}

}  // namespace

TEST_CASE("upstream head: the message's headers are kept as sent, the hop's are not") {
  auto kept = read_head({"HTTP/1.1 200 OK\r\n", "Content-Type: application/json\r\n", "X-Total-Count:  2\r\n",
                         "Connection: keep-alive\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: 12\r\n",
                         "Set-Cookie: a=1\r\n", "Set-Cookie: b=2\r\n", "\r\n"});
  CHECK(kept == HeaderList{{"Content-Type", "application/json"}, {"X-Total-Count", "2"}, {"Set-Cookie", "a=1"},
                           {"Set-Cookie", "b=2"}});
}

TEST_CASE("upstream head: a 1xx answer's headers are dropped when the real answer starts") {
  auto kept = read_head({"HTTP/1.1 103 Early Hints\r\n", "Link: </style.css>; rel=preload\r\n", "\r\n",
                         "HTTP/1.1 201 Created\r\n", "Location: /pets/3\r\n"});
  CHECK(kept == HeaderList{{"Location", "/pets/3"}});
}

TEST_CASE("upstream head: Content-Type is renamed to the server's spelling; lines without a name are skipped") {
  auto kept = read_head({"content-type: text/plain\r\n", ": no name\r\n", "no colon at all\r\n", "X-Empty:\r\n"});
  CHECK(kept == HeaderList{{"Content-Type", "text/plain"}, {"X-Empty", ""}});
}

TEST_CASE("upstream URL: a reverse proxy appends the path and query to its upstream, never leaves it") {
  using sonde::proxy::upstream_url;
  CHECK(upstream_url("/v1/pets?limit=2", "https://api.test/") == "https://api.test/v1/pets?limit=2");
  CHECK(upstream_url("/pets", "https://api.test/base") == "https://api.test/base/pets");
  // An absolute URL keeps only its path and query: the proxy is not an open relay.
  CHECK(upstream_url("http://elsewhere.test/v1/pets?x=1", "https://api.test") == "https://api.test/v1/pets?x=1");
  CHECK(upstream_url("HTTP://elsewhere.test", "https://api.test") == "https://api.test/");
  CHECK(upstream_url("http://elsewhere.test?q", "https://api.test") == "https://api.test/?q");
  // Targets that would change the host once appended ("https://api.test@evil.test/").
  for (const char* steering : {"@evil.test/", ".evil.test/", ":8443/", "evil", ""}) {
    auto url = upstream_url(steering, "https://api.test");
    CHECK_FALSE(url.has_value());
  }
}

TEST_CASE("upstream URL: a forward proxy (no upstream) takes absolute URLs as they are") {
  using sonde::proxy::upstream_url;
  CHECK(upstream_url("http://api.test:8080/v1/pets?limit=2", "") == "http://api.test:8080/v1/pets?limit=2");
  auto origin = upstream_url("/v1/pets", "");
  REQUIRE_FALSE(origin.has_value());
  CHECK(origin.error().message.find("absolute URLs") != std::string::npos);
  CHECK_FALSE(upstream_url("http:///v1/pets", "").has_value());
  CHECK_FALSE(upstream_url("http://", "").has_value());
}

TEST_CASE("request body: held when a check reads it, forwarded as it arrives otherwise") {
  using sonde::proxy::hold_request_body;
  // The types the request checks read, uncompressed: held (to 64 MiB), whatever their length.
  CHECK(hold_request_body({{"Content-Type", "application/json; charset=utf-8"}}));
  CHECK(hold_request_body({{"Content-Type", "application/merge-patch+json"}, {"Content-Length", "999999999"}}));
  CHECK(hold_request_body({{"Content-Type", "application/x-www-form-urlencoded"}}));
  CHECK(hold_request_body({{"Content-Type", "multipart/form-data; boundary=b"}}));
  CHECK(hold_request_body({{"Content-Type", "application/json"}, {"Content-Encoding", "identity"}}));
  // Others: held only when announced small.
  CHECK_FALSE(hold_request_body({{"Content-Type", "application/octet-stream"}}));
  CHECK_FALSE(hold_request_body({{"Content-Type", "application/octet-stream"}, {"Content-Length", "1048577"}}));
  CHECK(hold_request_body({{"Content-Type", "application/octet-stream"}, {"Content-Length", "1048576"}}));
  CHECK_FALSE(hold_request_body({}));
  CHECK_FALSE(hold_request_body({{"Content-Length", "12x"}}));
  // Compressed: no check reads it, so only a small one is held.
  CHECK_FALSE(hold_request_body({{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}}));
  CHECK(hold_request_body({{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}, {"Content-Length", "10"}}));
}

TEST_CASE("upstream body: held when a check reads it, passed on as it arrives otherwise") {
  using sonde::proxy::hold_body;
  const HeaderList json{{"Content-Type", "application/problem+json; charset=utf-8"}};
  const HeaderList events{{"Content-Type", "text/event-stream"}};
  const HeaderList gzipped{{"Content-Type", "application/json"}, {"Content-Encoding", "gzip"}};
  const HeaderList untyped;
  // JSON without a Content-Encoding: the schema reads it, whatever its length.
  CHECK(hold_body("GET", 200, json, std::nullopt));
  CHECK(hold_body("GET", 200, json, std::uint64_t{1} << 32));
  CHECK(hold_body("GET", 200, {{"Content-Type", "application/json"}, {"Content-Encoding", " identity"}}, std::nullopt));
  // Other bodies: held when announced small (their emptiness is checked), passed on otherwise.
  CHECK_FALSE(hold_body("GET", 200, events, std::nullopt));
  CHECK_FALSE(hold_body("GET", 200, gzipped, std::nullopt));
  CHECK_FALSE(hold_body("GET", 200, untyped, std::nullopt));
  CHECK_FALSE(hold_body("GET", 200, untyped, sonde::proxy::k_small_body + 1));
  CHECK(hold_body("GET", 200, gzipped, sonde::proxy::k_small_body));
  CHECK(hold_body("GET", 200, events, 0));
  // Answers without a body are never streams.
  CHECK(hold_body("HEAD", 200, events, std::nullopt));
  CHECK(hold_body("GET", 204, events, std::nullopt));
  CHECK(hold_body("GET", 304, events, std::nullopt));
}

TEST_CASE("upstream head: hop-by-hop names, in any case, and nothing else") {
  using sonde::proxy::hop_by_hop;
  for (auto name : {"Connection", "keep-alive", "PROXY-CONNECTION", "Proxy-Authenticate", "proxy-authorization", "te",
                    "Trailer", "transfer-encoding", "Upgrade"}) {
    CHECK(hop_by_hop(name));
  }
  for (auto name : {"", "T", "Trailers", "Content-Length", "Content-Type", "Connectio", "Upgrade-Insecure-Requests",
                    "Keep-Alive2", "Proxy-Connections", "Set-Cookie"}) {
    CHECK_FALSE(hop_by_hop(name));
  }
}

TEST_CASE("upload buffer: what libcurl took is dropped as more comes, the bytes stay in order") {
  sonde::proxy::UploadBuffer upload;
  char out[16] = {};
  CHECK(upload.read(out, sizeof out) == CURL_READFUNC_PAUSE);  // nothing fed yet: libcurl waits
  CHECK(upload.paused());
  upload.resumed();
  upload.feed("abcdef");
  REQUIRE(upload.read(out, 4) == 4);
  CHECK(std::string_view(out, 4) == "abcd");
  upload.feed("gh");  // "abcd" was taken: it goes before "gh" is added
  CHECK(upload.pending() == 4);
  REQUIRE(upload.read(out, sizeof out) == 4);
  CHECK(std::string_view(out, 4) == "efgh");
  upload.end();
  CHECK(upload.read(out, sizeof out) == 0);  // the end of the body
}
