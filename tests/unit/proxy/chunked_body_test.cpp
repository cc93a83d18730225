#include <catch2/catch.hpp>

#include <string>

#include "core/proxy/chunked_body.hpp"

using sonde::proxy::ChunkedBody;

namespace {

// Feeds `wire` in pieces of `step` bytes; returns the body and how much of the wire was consumed.
std::pair<std::string, std::size_t> decode(std::string_view wire, std::size_t step, ChunkedBody& body) {
  std::string out;
  std::size_t used = 0;
  while (used < wire.size() && body.state() == ChunkedBody::State::more) {
    const std::string_view piece = wire.substr(used, step);
    const std::size_t n = body.feed(piece, out);
    used += n;
    if (n < piece.size()) break;
  }
  return {out, used};
}

}  // namespace

TEST_CASE("chunked body: decoded in any split, extensions and trailers dropped, the next request left") {
  const std::string wire = "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\nGET /next";
  for (std::size_t step : {1u, 2u, 3u, 7u, 1000u}) {
    ChunkedBody body;
    auto [out, used] = decode(wire, step, body);
    INFO("step " << step);
    CHECK(body.state() == ChunkedBody::State::done);
    CHECK(out == "Wikipedia in\r\n\r\nchunks.");
    CHECK(wire.substr(used) == "GET /next");
  }
}

TEST_CASE("chunked body: bare LF line ends are read") {
  ChunkedBody body;
  auto [out, used] = decode("3\nabc\n0\n\n", 100, body);
  CHECK(body.state() == ChunkedBody::State::done);
  CHECK(out == "abc");
}

TEST_CASE("chunked body: what cannot be framed is malformed") {
  for (std::string_view wire : {"x\r\n", "\r\n", "3\r\nabcX\r\n", "3\r\nabc\rX", "1234567890abcdef0\r\n", "3 \r\n"}) {
    ChunkedBody body;
    decode(wire, 100, body);
    INFO(wire);
    if (wire == "3 \r\n") {
      CHECK(body.state() == ChunkedBody::State::more);  // whitespace before an extension is tolerated
    } else {
      CHECK(body.state() == ChunkedBody::State::malformed);
    }
  }
  ChunkedBody long_trailer;
  decode("0\r\nX: " + std::string(5000, 'a') + "\r\n\r\n", 100, long_trailer);
  CHECK(long_trailer.state() == ChunkedBody::State::malformed);
}
