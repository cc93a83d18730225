#include <catch2/catch.hpp>

#include "core/util/text_codec.hpp"

TEST_CASE("percent_encode keeps unreserved characters and escapes every other byte", "[util][text_codec]") {
  CHECK(sonde::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(sonde::percent_encode("a b/c") == "a%20b%2Fc");
  CHECK(sonde::percent_encode("x=1&y=2+3") == "x%3D1%26y%3D2%2B3");
  CHECK(sonde::percent_encode("caf\xC3\xA9") == "caf%C3%A9");  // UTF-8 bytes, upper-case hex
  CHECK(sonde::percent_encode(std::string_view("\0", 1)) == "%00");
  CHECK(sonde::percent_encode("").empty());
}

TEST_CASE("percent_decode undoes percent_encode", "[util][text_codec]") {
  for (std::string text : {"a b/c", "caf\xC3\xA9 ?#[]@!$&'()*+,;=", "100%", "~tilde~"}) {
    CHECK(sonde::percent_decode(sonde::percent_encode(text)) == text);
  }
  CHECK(sonde::percent_decode("%zz%4") == "%zz%4");  // invalid escapes kept as written
}
