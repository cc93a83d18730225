#include <catch2/catch.hpp>

#include "core/proxy/upstream.hpp"

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
